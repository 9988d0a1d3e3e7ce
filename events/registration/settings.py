"""Changing an event's registration settings (the defaults and `settings_for` live with the
model, `events.models.registration`, because the permission rules read them too)."""

from __future__ import annotations

from events.extensions import db
from events.models import Event, RegistrationSettings
from events.models.registration import default_settings


def editable_settings(event: Event) -> RegistrationSettings:
    """The event's settings row, created with the defaults when missing (the caller commits)."""
    if event.registration_settings is None:
        settings = default_settings(event)
        db.session.add(settings)
        event.registration_settings = settings
    return event.registration_settings
