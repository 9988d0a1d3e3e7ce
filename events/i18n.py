"""Translations: the locale of a request and the words users see for each stored choice."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext

from flask import current_app, has_request_context, request
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# Every stored choice has a translatable label; keys are (enum class name, value).
_LABELS: dict[tuple[str, str], str] = {
    ("OrganisationKind", "nsb"): _l("National standards body"),
    ("OrganisationKind", "liaison"): _l("Liaison organisation"),
    ("OrganisationKind", "regional_body"): _l("Regional body"),
    ("OrganisationKind", "other"): _l("Other organisation"),
    ("IsoCategory", "member"): _l("Member body"),
    ("IsoCategory", "correspondent"): _l("Correspondent member"),
    ("IsoCategory", "subscriber"): _l("Subscriber member"),
    ("CommitteeStatus", "P"): _l("P-member (participating)"),
    ("CommitteeStatus", "O"): _l("O-member (observer)"),
    ("CommitteeStatus", "A"): _l("Liaison, category A"),
    ("CommitteeStatus", "B"): _l("Liaison, category B"),
    ("CommitteeStatus", "C"): _l("Liaison, category C"),
    ("RegionalStatus", "active"): _l("Active member"),
    ("RegionalStatus", "adherent"): _l("Adherent member"),
    ("EventKind", "plenary"): _l("Plenary"),
    ("EventKind", "workshop"): _l("Workshop"),
    ("EventKind", "regional_workshop"): _l("Regional workshop"),
    ("EventKind", "focal_group"): _l("Focal group meeting"),
    ("EventKind", "prep_session"): _l("Preparation session (online)"),
    ("EventKind", "working_group"): _l("Working group meeting"),
    ("EventKind", "social_event"): _l("Social event"),
    ("EventMode", "onsite"): _l("On site"),
    ("EventMode", "online"): _l("Online"),
    ("EventMode", "hybrid"): _l("On site and online"),
    ("EventStatus", "draft"): _l("Draft"),
    ("EventStatus", "published"): _l("Published"),
    ("EventStatus", "cancelled"): _l("Cancelled"),
    ("PaperSize", "a4"): _l("A4"),
    ("PaperSize", "letter"): _l("US Letter"),
    ("SessionKind", "session"): _l("Session"),
    ("SessionKind", "break"): _l("Break"),
    ("SessionKind", "social"): _l("Social event"),
    ("Role", "secretariat"): _l("Secretariat"),
    ("Role", "organiser"): _l("Event organiser"),
    ("Role", "focal_point"): _l("NSB focal point"),
    ("Role", "delegate"): _l("Delegate"),
    ("DelegateRole", "head_of_delegation"): _l("Head of delegation"),
    ("DelegateRole", "delegate"): _l("Delegate"),
    ("DelegateRole", "expert"): _l("Expert"),
    ("DelegateRole", "observer"): _l("Observer"),
    ("DelegateRole", "liaison_representative"): _l("Liaison representative"),
    ("DelegateRole", "speaker"): _l("Speaker"),
    ("DelegateRole", "guest"): _l("Guest (accompanying person)"),
    ("AttendanceType", "onsite"): _l("On site"),
    ("AttendanceType", "virtual"): _l("Virtual"),
    ("AttendanceType", "undecided"): _l("Undecided"),
    ("RegistrationStatus", "pending"): _l("Pending approval"),
    ("RegistrationStatus", "approved"): _l("Approved"),
    ("RegistrationStatus", "waitlisted"): _l("On the waiting list"),
    ("RegistrationStatus", "rejected"): _l("Rejected"),
    ("RegistrationStatus", "cancelled"): _l("Cancelled"),
    ("Eligibility", "open"): _l("Open to anyone"),
    ("Eligibility", "committee"): _l("Members of the committee (P- and O-members, liaisons)"),
    ("Eligibility", "regional_body"): _l("Members of a regional body"),
    ("Eligibility", "group_experts"): _l("Experts of the group holding the meeting"),
    ("ApprovalPolicy", "automatic"): _l("Automatic (confirmed at once while places last)"),
    ("ApprovalPolicy", "focal_point"): _l("By the focal point of each NSB"),
    ("ApprovalPolicy", "organisers"): _l("By the organisers"),
    ("ListVisibility", "hidden"): _l("Hidden"),
    ("ListVisibility", "consenting"): _l("Only those who agreed to be listed"),
    ("ListVisibility", "all"): _l("Everyone"),
    ("SessionChoiceStatus", "confirmed"): _l("Seat confirmed"),
    ("SessionChoiceStatus", "waitlisted"): _l("On the session's waiting list"),
    ("AttendanceMode", "onsite"): _l("On site"),
    ("AttendanceMode", "remote"): _l("Remote"),
    ("AttendanceOrigin", "check_in"): _l("Check-in"),
    ("AttendanceOrigin", "import"): _l("Imported"),
    ("AttendanceOrigin", "manual"): _l("Entered by hand"),
    ("ExportFormat", "webex"): _l("Webex"),
    ("ExportFormat", "zoom"): _l("Zoom"),
    ("ExportFormat", "teams"): _l("Microsoft Teams"),
    ("ExportFormat", "csv"): _l("Plain CSV"),
    ("ReviewStatus", "pending"): _l("Waiting for review"),
    ("ReviewStatus", "resolved"): _l("Linked"),
    ("ReviewStatus", "dismissed"): _l("Set aside"),
    ("ProblemKind", "audio"): _l("Audio"),
    ("ProblemKind", "video"): _l("Video"),
    ("ProblemKind", "connection"): _l("Connection"),
    ("ProblemKind", "time_zone"): _l("Time zone"),
    ("ProblemKind", "language"): _l("Language"),
    ("ProblemKind", "platform_access"): _l("Access to the platform"),
    ("ProblemKind", "document_access"): _l("Access to the documents"),
    ("ProblemKind", "other"): _l("Other"),
    ("DeadlineKind", "draft_agenda"): _l("Draft agenda circulated"),
    ("DeadlineKind", "documents_for_decision"): _l("Documents for decision circulated"),
    ("DeadlineKind", "resolutions"): _l("Resolutions circulated"),
    ("DeadlineKind", "minutes"): _l("Minutes with the list of attendees circulated"),
    ("DeadlineKind", "wg_agenda"): _l("Working group agenda circulated"),
    ("AgendaChangeKind", "added"): _l("Added"),
    ("AgendaChangeKind", "moved"): _l("Moved"),
    ("AgendaChangeKind", "retitled"): _l("Renamed"),
    ("AgendaChangeKind", "room_changed"): _l("Room changed"),
    ("AgendaChangeKind", "items_changed"): _l("Agenda items changed"),
    ("AgendaChangeKind", "details_changed"): _l("Details changed"),
    ("AgendaChangeKind", "cancelled"): _l("Cancelled"),
    ("AgendaChangeKind", "restored"): _l("Back on the agenda"),
    ("DeadlineState", "done"): _l("Done"),
    ("DeadlineState", "done_late"): _l("Done late"),
    ("DeadlineState", "overdue"): _l("Overdue"),
    ("DeadlineState", "due_soon"): _l("Due soon"),
    ("DeadlineState", "upcoming"): _l("Upcoming"),
    ("MailStatus", "pending"): _l("Waiting to be sent"),
    ("MailStatus", "sent"): _l("Sent"),
    ("MailStatus", "failed"): _l("Failed"),
    ("MailStatus", "undeliverable"): _l("Undeliverable"),
    ("JobStatus", "queued"): _l("Waiting for a worker"),
    ("JobStatus", "running"): _l("In progress"),
    ("JobStatus", "done"): _l("Ready"),
    ("JobStatus", "failed"): _l("Failed"),
}

LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "pt": "Português",
                  "ru": "Русский"}


def enum_label(member: enum.Enum) -> str:
    """The translated label of a stored choice (falls back to the raw value)."""
    label = _LABELS.get((type(member).__name__, str(member.value)))
    return str(label) if label is not None else str(member.value)


def select_locale() -> str | None:
    """An explicit `?lang=` choice (remembered in a cookie), else the browser's preference."""
    if not has_request_context():  # the CLI speaks the default language
        return None
    supported = current_app.config["SUPPORTED_LOCALES"]
    chosen = request.args.get("lang") or request.cookies.get("lang")
    if chosen in supported:
        return chosen
    return request.accept_languages.best_match(supported)


def select_timezone() -> str | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return getattr(current_user, "timezone", None)
    return None


def current_language() -> str:
    """The language code of the page, for `<html lang>` and the language menu."""
    locale = get_locale()
    return locale.language if locale else "en"


def chosen_language() -> str | None:
    """The language picked from the menu on this request (`?lang=`), if it is one we have."""
    if not has_request_context():
        return None
    chosen = request.args.get("lang")
    return chosen if chosen in current_app.config["SUPPORTED_LOCALES"] else None


def in_language(language: str | None) -> AbstractContextManager[object]:
    """Write a mail in its recipient's `language` when it is known (and one we have);
    otherwise in the language already in force."""
    if language in current_app.config["SUPPORTED_LOCALES"]:
        return force_locale(language)
    return nullcontext()


def by_language(recipients: Iterable[tuple[str, str | None]]) -> dict[str | None, list[str]]:
    """Addresses grouped by their owners' language (None: not known), each group in the
    order given: one mail is written per language, not per person."""
    groups: dict[str | None, list[str]] = {}
    for address, language in recipients:
        known = language if language in current_app.config["SUPPORTED_LOCALES"] else None
        groups.setdefault(known, []).append(address)
    return groups
