"""The organisers' hub of an event: the pages for running it, as a list any capability adds
to. Another blueprint adds its page with one call, in its own module:

    add_manage_page(ManagePage("registration.approvals", _l("Registrations"),
                               _l("Approve delegates, waiting list."), order=30))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from events.auth.permissions import can
from events.models import Event


@dataclass(frozen=True)
class ManagePage:
    endpoint: str  # takes the event as its `event` argument
    label: Any  # lazy_gettext strings: translated when shown
    description: Any
    order: int = 50
    permission: str = "event.organise"
    # Which events the page is for (prep-session pages for online meetings only, say).
    applies: Callable[[Event], bool] = lambda event: True


MANAGE_PAGES: list[ManagePage] = []


def meets_in_person(event: Event) -> bool:
    """Pages for a room full of people (check-in at the door, badges, nameplates, visa
    letters) are for onsite and hybrid meetings, not for an online-only session."""
    return not event.is_online


def add_manage_page(page: ManagePage) -> None:
    if all(existing.endpoint != page.endpoint for existing in MANAGE_PAGES):
        MANAGE_PAGES.append(page)


def manage_pages(event: Event) -> list[ManagePage]:
    """The pages the signed-in user may open for `event`, in their order."""
    return [page for page in sorted(MANAGE_PAGES, key=lambda p: (p.order, p.endpoint))
            if page.applies(event) and can(page.permission, event=event)]
