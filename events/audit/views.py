"""The audit log: a meeting's, for its organisers; everything, for the secretariat."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from events.audit.log import entries
from events.auth.permissions import requires
from events.hub import ManagePage, add_manage_page
from events.models import Event

bp = Blueprint("audit", __name__)

ACTION_LABELS = {
    "registration.created": _l("Registered"),
    "registration.pending": _l("Waiting for approval"),
    "registration.approved": _l("Approved"),
    "registration.rejected": _l("Not accepted"),
    "registration.cancelled": _l("Cancelled"),
    "registration.waitlisted": _l("Put on the waiting list"),
    "registration.edited": _l("Registration changed"),
    "waiting_list.moved": _l("Moved in the waiting list"),
    "session_seat.requested": _l("Seat in a session asked for"),
    "session_seat.changed": _l("Seat in a session changed"),
    "session_seat.released": _l("Seat in a session released"),
    "role.granted": _l("Role given"),
    "role.withdrawn": _l("Role withdrawn"),
    "export.registrations": _l("Registrations exported"),
    "letters.viewed": _l("Passport details read"),
    "letters.downloaded": _l("Invitation letters downloaded"),
    "passport.deleted": _l("Passport details deleted"),
    "personal_data.purged": _l("Passports and health needs erased after the meeting"),
    "personal_data.downloaded": _l("Personal data downloaded"),
    "account.deleted": _l("Account deleted"),
}

add_manage_page(ManagePage("audit.event_log", _l("Audit log"),
                           _l("Who changed registrations, exported personal data or read "
                              "passports, with the values before and after"), order=90,
                           permission="event.audit"))


@bp.get("/events/<event:event>/audit")
@requires("event.audit", targets=("event",), hide=True)
def event_log(event: Event) -> str:
    return render_template("audit/log.html", event=event, entries=entries(event),
                           labels=ACTION_LABELS)


@bp.get("/audit")
@requires("audit.all")
def all_log() -> str:
    return render_template("audit/log.html", event=None, entries=entries(),
                           labels=ACTION_LABELS)
