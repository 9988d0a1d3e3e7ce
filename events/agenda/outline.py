"""Agenda numbering and outline: 1, 2, 2.1 … follow from each item's parent and position."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol, TypeVar

from events.models import AgendaItem
from events.timefmt import local_day


@dataclass
class AgendaNode:
    item: AgendaItem
    number: str
    children: list[AgendaNode] = field(default_factory=list)


def _siblings_in_order(items: Iterable[AgendaItem]) -> dict[int | None, list[AgendaItem]]:
    children: dict[int | None, list[AgendaItem]] = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)
    for siblings in children.values():
        siblings.sort(key=lambda i: (i.position, i.id))
    return children


def number_items(items: Iterable[AgendaItem]) -> dict[int, str]:
    """Map item id to its number. Siblings are ordered by position, then id (stable)."""
    children = _siblings_in_order(items)
    numbers: dict[int, str] = {}

    def walk(parent_id: int | None, prefix: str) -> None:
        for index, item in enumerate(children.get(parent_id, []), start=1):
            numbers[item.id] = f"{prefix}{index}"
            walk(item.id, f"{prefix}{index}.")

    walk(None, "")
    return numbers


def outline_by_session(items: Iterable[AgendaItem]) -> dict[int | None, list[AgendaNode]]:
    """Numbered item trees per session. A sub-item held in another session than its parent
    starts a tree of its own there (2.3 may be taken up on the second day)."""
    items = list(items)
    numbers = number_items(items)
    children = _siblings_in_order(items)
    by_id = {item.id: item for item in items}

    def node(item: AgendaItem) -> AgendaNode:
        return AgendaNode(item, numbers[item.id], [
            node(child) for child in children.get(item.id, [])
            if child.session_id == item.session_id
        ])

    roots: dict[int | None, list[AgendaNode]] = defaultdict(list)
    ordered = sorted(items, key=lambda i: [int(part) for part in numbers[i.id].split(".")])
    for item in ordered:
        parent = by_id.get(item.parent_id) if item.parent_id else None
        if parent is None or parent.session_id != item.session_id:
            roots[item.session_id].append(node(item))
    return roots


class Timed(Protocol):
    @property
    def starts_at(self) -> datetime: ...


T = TypeVar("T", bound=Timed)


def sessions_by_day(sessions: Iterable[T], zone: str) -> list[tuple[date, list[T]]]:
    """Group sessions (draft rows or published ones) by their day in `zone`, in time order;
    sessions starting together keep the order they came in."""
    days: dict[date, list[T]] = defaultdict(list)
    for session in sorted(sessions, key=lambda s: s.starts_at):
        days[local_day(session.starts_at, zone)].append(session)
    return sorted(days.items())
