"""Long lists of problems, summarised: the first few of each kind, then how many more.

A file with 10,000 unknown columns, or a column of bad values down 10,000 lines, would
otherwise print 10,000 sentences that differ only in a line number or a value."""

from __future__ import annotations

import re

from flask_babel import format_decimal, ngettext

SHOWN_OF_EACH_KIND = 10
# What differs between two problems of one kind: line numbers and the values quoted.
_VARIABLE = re.compile(r"\d+|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def kind_of(problem: str) -> str:
    return _VARIABLE.sub("…", problem)


def summarise(problems: list[str], shown: int = SHOWN_OF_EACH_KIND) -> list[str]:
    """The problems in their order, at most `shown` of each kind, each kind's overflow told
    in one line after its last one shown."""
    counts: dict[str, int] = {}
    for problem in problems:
        counts[kind_of(problem)] = counts.get(kind_of(problem), 0) + 1
    seen: dict[str, int] = {}
    summary: list[str] = []
    for problem in problems:
        kind = kind_of(problem)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= shown:
            summary.append(problem)
        if seen[kind] == shown and counts[kind] > shown:
            more = counts[kind] - shown
            summary.append(ngettext("… and %(count)s more like it",
                                    "… and %(count)s more like it", more,
                                    count=format_decimal(more)))
    return summary
