"""axe-core (the npm package installed by `make test` into tests/axe) run inside a page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page

from tests.browser.conftest import AXE_SCRIPT

# What must never be found. "heading-order" is only "moderate" for axe, but headings in order
# are how screen-reader users skim a page: we hold it to the same bar.
FAILING_IMPACTS = {"serious", "critical"}
ALWAYS_FAILING_RULES = {"heading-order"}


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}): {self.help} — {', '.join(self.targets[:5])}"


def axe_violations(page: Page) -> list[Violation]:
    """Every violation axe finds on the page as it is now (WCAG 2.x A/AA and best practices)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the test driver, not added as an inline <script> that the page's
        # Content-Security-Policy would rightly refuse.
        page.evaluate(AXE_SCRIPT.read_text())
    results: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        Violation(v["id"], v["impact"] or "", v["help"],
                  [", ".join(node["target"]) for node in v["nodes"]])
        for v in results["violations"]
    ]


def blocking(violations: list[Violation]) -> list[Violation]:
    return [v for v in violations
            if v.impact in FAILING_IMPACTS or v.rule in ALWAYS_FAILING_RULES]
