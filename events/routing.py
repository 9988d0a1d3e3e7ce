"""URL converters that turn `/events/<event:event>/` into the Event itself (404 when missing)."""

from __future__ import annotations

from typing import Any

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
