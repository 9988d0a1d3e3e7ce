"""Whether a registration's confirmation went out: read from the outbox for the registration
pages (the registrations list shows it beside each delegate)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from events.extensions import db
from events.models import OutboxMail

# The kinds of mail that tell a delegate their registration is confirmed.
CONFIRMATION_KINDS = ("approved", "promoted")


def confirmation_states(registration_ids: Iterable[int]) -> dict[int, OutboxMail]:
    """The latest confirmation mail of each registration that has one (one query)."""
    ids = list(registration_ids)
    if not ids:
        return {}
    latest = (select(func.max(OutboxMail.id))
              .where(OutboxMail.registration_id.in_(ids),
                     OutboxMail.kind.in_(CONFIRMATION_KINDS))
              .group_by(OutboxMail.registration_id))
    return {mail.registration_id: mail for mail in db.session.scalars(
        select(OutboxMail).where(OutboxMail.id.in_(latest)))
        if mail.registration_id is not None}
