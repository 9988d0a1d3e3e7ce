"""An event's registration settings, with the defaults used until organisers change them."""

from __future__ import annotations

from events.extensions import db
from events.models import (
    ApprovalPolicy,
    Eligibility,
    Event,
    ListVisibility,
    RegistrationSettings,
)


def default_settings(event: Event) -> RegistrationSettings:
    """Open to anyone, approved by the organisers, the list hidden from the public and shown
    to participants who agreed to be listed. Not added to the database session."""
    return RegistrationSettings(
        event_id=event.id,
        eligibility=Eligibility.OPEN,
        approval_policy=ApprovalPolicy.ORGANISERS,
        public_list=ListVisibility.HIDDEN,
        participants_list=ListVisibility.CONSENTING,
    )


def settings_for(event: Event) -> RegistrationSettings:
    """The event's settings, or the defaults when none were saved."""
    return event.registration_settings or default_settings(event)


def editable_settings(event: Event) -> RegistrationSettings:
    """The event's settings row, created with the defaults when missing (the caller commits)."""
    if event.registration_settings is None:
        settings = default_settings(event)
        db.session.add(settings)
        event.registration_settings = settings
    return event.registration_settings
