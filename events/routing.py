"""URL converters that turn `/events/<event:event>/` into the Event itself (404 when missing),
and the check on addresses a form asks to return to."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from werkzeug.routing import BaseConverter, ValidationError

from events.extensions import db
from events.models import Event, EventSeries, Organisation, Registration


class _ModelConverter(BaseConverter):
    model: Any
    key: str

    def to_python(self, value: str) -> Any:
        found = db.session.scalar(select(self.model).where(getattr(self.model, self.key) == value))
        if found is None:
            raise ValidationError()
        return found

    def to_url(self, value: Any) -> str:
        return super().to_url(value if isinstance(value, str) else getattr(value, self.key))


class EventConverter(_ModelConverter):
    model = Event
    key = "slug"


class SeriesConverter(_ModelConverter):
    model = EventSeries
    key = "slug"


class OrganisationConverter(_ModelConverter):
    model = Organisation
    key = "acronym"


class RegistrationConverter(BaseConverter):
    regex = r"\d+"

    def to_python(self, value: str) -> Registration:
        found = db.session.get(Registration, int(value))
        if found is None:
            raise ValidationError()
        return found

    def to_url(self, value: Registration | int | str) -> str:
        return str(value.id if isinstance(value, Registration) else value)
class IdConverter(BaseConverter):
    """A row id in a path (`<id:item_id>`): digits only, so anything else is a plain 404."""

    regex = r"\d+"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: Any) -> str:
        return str(value)


CONVERTERS = {
    "id": IdConverter,
    "event": EventConverter,
    "series": SeriesConverter,
    "organisation": OrganisationConverter,
    "registration": RegistrationConverter,
}


def local_path(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None: a `next=` that leads elsewhere
    would let a phishing link borrow our domain. Browsers read a backslash as a slash, so
    `/\\evil.example` is another site too."""
    if not target or not target.startswith("/") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None
    return target
