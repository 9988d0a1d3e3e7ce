"""Why a registration request cannot be carried out: raised by every registration operation,
shown to the user by the views."""

from __future__ import annotations

from flask_babel import gettext as _

from events.models import Registration


class RegistrationRefused(Exception):
    """A request that cannot be carried out; `message` says why, `field` which form field it
    is about (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyRegistered(RegistrationRefused):
    """The person already holds an active registration (e.g. a form sent twice)."""

    def __init__(self, registration: Registration) -> None:
        super().__init__(_("%(name)s is already registered for this meeting (%(status)s).",
                           name=registration.person.full_name,
                           status=registration.status.label))
        self.registration = registration
