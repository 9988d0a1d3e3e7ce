"""The language of each name in tagged PDFs (PDF/UA: text in another language than the
document's carries its own /Lang).

WeasyPrint 70 writes the document's language but not that of elements inside it. Its tag tree
is built by one recursive function, `weasyprint.pdf.tags._build_box_tree`; it is wrapped here
so that a structure element made for an HTML element with a `lang` attribute gets /Lang. If a
later WeasyPrint renames the function, nothing is wrapped and PDFs stay as WeasyPrint writes
them (tests/test_pdf_scripts.py notices).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pydyf
from weasyprint.pdf import tags

_ORIGINAL: Callable[..., Iterator[Any]] | None = getattr(tags, "_build_box_tree", None)


def _with_language(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
    assert _ORIGINAL is not None
    element = getattr(box, "element", None)
    lang = None
    if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
        lang = element.attrib.get("lang")
    for made in _ORIGINAL(box, parent, *args):
        if lang and isinstance(made, pydyf.Dictionary) and "Lang" not in made:
            made["Lang"] = pydyf.String(lang)
        yield made


def install() -> None:
    """Wrap WeasyPrint's tag builder once (idempotent)."""
    if _ORIGINAL is not None and tags._build_box_tree is _ORIGINAL:
        tags._build_box_tree = _with_language
