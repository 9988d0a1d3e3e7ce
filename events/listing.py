"""Long lists on pages (participants, registrations, attendance records, the directory):
filtered by a typed text, sorted by the column the reader picks and cut into pages, all from
the query string (`?q=inen&sort=organisation&order=desc&page=2`), so that links, bookmarks
and pages without JavaScript work alike.

Small lists (the directory, a focal point's delegates) are read whole and cut here; the lists
that grow with a meeting (registrations, attendance records, check-in) are filtered, sorted
and cut in the database by `sql_page`, so that a page of 50 costs the same at 100 and 10,000.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import request, url_for
from sqlalchemy import Select, case, func, select

from events.extensions import db
from events.textfold import fold

T = TypeVar("T")
PER_PAGE = 50


def matches(query: str, *texts: str | None) -> bool:
    """Whether every word of `query` appears in one of `texts` (case and accents ignored)."""
    haystack = " ".join(fold(text) for text in texts)
    return all(word in haystack for word in fold(query).split())


@dataclass(frozen=True)
class Listing(Generic[T]):
    """One page of a sorted list, and what the page needs to link to the others."""

    rows: list[T]
    total: int
    number: int
    pages: int
    per_page: int
    sort: str | None
    descending: bool

    @property
    def first(self) -> int:
        """Position (from 1) of the page's first row; 0 when the list is empty."""
        return (self.number - 1) * self.per_page + 1 if self.total else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.total else 0

    def aria_sort(self, key: str) -> str:
        if key != self.sort:
            return "none"
        return "descending" if self.descending else "ascending"

    def order_after_click(self, key: str) -> str:
        """A column's link sorts by it ascending, or flips the order when already sorted by it."""
        return "asc" if key != self.sort or self.descending else "desc"


def _page_number(raw: str | None, pages: int) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        number = 1
    return min(max(number, 1), pages)


def paginate(rows: Iterable[T], columns: Mapping[str, Callable[[T], Any]], *,
             sort: str | None = None, order: str | None = None, page: str | None = None,
             per_page: int = PER_PAGE) -> Listing[T]:
    """Sort `rows` by the column named `sort` (one of `columns`; anything else keeps the order
    they came in) and return page `page`. Out-of-range or malformed values fall back to
    something sensible rather than an error: they come from addresses people edit."""
    ordered: Sequence[T] = list(rows)
    chosen = sort if sort in columns else None
    descending = chosen is not None and order == "desc"
    if chosen is not None:
        ordered = sorted(ordered, key=columns[chosen], reverse=descending)
    total = len(ordered)
    pages = max(1, -(-total // per_page))
    number = _page_number(page, pages)
    start = (number - 1) * per_page
    return Listing(list(ordered[start:start + per_page]), total, number, pages, per_page,
                   chosen, descending)


def listing_from_request(rows: Iterable[T], columns: Mapping[str, Callable[[T], Any]],
                         per_page: int = PER_PAGE) -> Listing[T]:
    """`paginate` with `sort`, `order` and `page` taken from the query string."""
    return paginate(rows, columns, sort=request.args.get("sort"),
                    order=request.args.get("order"), page=request.args.get("page"),
                    per_page=per_page)


def url_with(**changes: Any) -> str:
    """The current page's address with some query parameters changed (None removes one):
    the links of sortable column headers and of the pager."""
    args = {**request.args.to_dict(), **changes}
    args = {name: value for name, value in args.items() if value not in (None, "")}
    return url_for(request.endpoint or "meetings.home", **(request.view_args or {}), **args)


# --- lists cut in the database --------------------------------------------------------------

Order = Sequence[Any]  # SQL expressions to order by, each ascending


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_words(query: str) -> list[str]:
    """The typed words, folded like the stored `sort_name` (case and accents ignored)."""
    return fold(query).split()


def contains(column: Any, word: str) -> Any:
    """SQL: `column` contains `word` (a folded word; LIKE's wildcards in it taken literally)."""
    return column.like(_like(word), escape="\\")


def sql_page(ids: Select[Any], columns: Mapping[str, Order], default: Order, *,
             sort: str | None = None, order: str | None = None, page: str | None = None,
             per_page: int = PER_PAGE) -> Listing[Any]:
    """Count, sort and cut in the database the list whose row ids `ids` selects (its filters
    and joins applied): two queries whatever the length of the list. `columns` gives the
    order of each sortable column, `default` the order when none is chosen; the first
    selected column (an id) breaks ties, so that pages never overlap."""
    chosen = sort if sort in columns else None
    descending = chosen is not None and order == "desc"
    total = db.session.scalar(select(func.count()).select_from(ids.order_by(None).subquery()))
    total = int(total or 0)
    pages = max(1, -(-total // per_page))
    number = _page_number(page, pages)
    keys = list(columns[chosen]) if chosen is not None else list(default)
    tiebreak = ids.selected_columns[0]
    ordering = [key.desc() if descending else key.asc() for key in keys]
    rows = list(db.session.scalars(ids.order_by(None).order_by(*ordering, tiebreak)
                                   .offset((number - 1) * per_page).limit(per_page)))
    return Listing(rows, total, number, pages, per_page, chosen, descending)


def sql_page_from_request(ids: Select[Any], columns: Mapping[str, Order], default: Order,
                          per_page: int = PER_PAGE) -> Listing[Any]:
    """`sql_page` with `sort`, `order` and `page` taken from the query string."""
    return sql_page(ids, columns, default, sort=request.args.get("sort"),
                    order=request.args.get("order"), page=request.args.get("page"),
                    per_page=per_page)


def rank_by(column: Any, labels: Mapping[Any, str]) -> Any:
    """SQL: the position of each value of an enum `column` when its (translated) labels are
    sorted, so that a column sorts as the reader sees it in their language."""
    ranked = sorted(labels, key=lambda value: fold(labels[value]))
    return case({value: position for position, value in enumerate(ranked)}, value=column,
                else_=len(ranked))
