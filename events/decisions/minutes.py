"""Minutes of a committee meeting: a draft generated from what the meeting recorded (who
attended, by NSB and liaison, with their heads of delegation; the agenda as held, with its
cancellations and moves; the resolutions adopted with their votes; the documents referred
to), edited by the secretary, then published as a PDF. Publication marks the Directives'
4-week deadline done at its own time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from events.agenda.publishing import (
    PublishedAgenda,
    PublishedDocument,
    PublishedSession,
    agenda_from_version,
    version_history,
)
from events.decisions import resolutions as resolutions_module
from events.decisions.resolutions import DecisionError, label, log, mark_deadline, record_of
from events.decisions.roll_call import RollCall, RollCallLine, roll_call
from events.decisions.votes import tally, votes_of
from events.extensions import db
from events.models import (
    DeadlineKind,
    DecisionMethod,
    Event,
    MeetingRecord,
    Resolution,
    ResolutionStatus,
    SessionKind,
    User,
    Vote,
    utcnow,
)
from events.timefmt import format_datetime, format_day_range


@dataclass(frozen=True)
class HeldSession:
    session: PublishedSession
    moved_from: datetime | None  # where the first published agenda had it, when it moved


@dataclass(frozen=True)
class MeetingOutcome:
    """Everything minutes are made of, from the meeting's own records."""

    event: Event
    attendance: RollCall
    sessions: list[HeldSession]
    resolutions: list[Resolution]
    votes: dict[int, list[Vote]]
    documents: list[PublishedDocument]


def agenda_as_held(event: Event) -> tuple[PublishedAgenda | None, list[HeldSession]]:
    """The last published agenda; each session with where the first version had it."""
    versions = version_history(event)
    if not versions:
        return None, []
    latest, first = agenda_from_version(versions[0]), agenda_from_version(versions[-1])
    held = []
    for session in latest.sessions:
        if session.kind is not SessionKind.SESSION:  # breaks and the reception decided nothing
            continue
        before = first.session(session.uid)
        moved = before.starts_at if before and before.starts_at != session.starts_at else None
        held.append(HeldSession(session, moved))
    return latest, held


def outcome(event: Event) -> MeetingOutcome:
    agenda, held = agenda_as_held(event)
    adopted = resolutions_module.resolutions_of(event, [ResolutionStatus.ADOPTED])
    documents: dict[int, PublishedDocument] = dict(agenda.documents if agenda else {})
    for resolution in adopted:
        for document in resolution.documents:
            documents.setdefault(document.id, PublishedDocument(
                document.id, document.reference, document.title, document.url))
    return MeetingOutcome(event, roll_call(event), held, adopted, votes_of(adopted),
                          sorted(documents.values(), key=lambda d: d.reference))


def _attendee_line(line: RollCallLine) -> str:
    people = ", ".join(line.onsite + [_("%(name)s (online)", name=name)
                                      for name in line.remote])
    head = (_(" — head of delegation: %(name)s", name=line.head_of_delegation)
            if line.head_of_delegation else "")
    return f"- {line.organisation.acronym} ({line.organisation.name}){head}: {people}"


def draft_text(event: Event) -> str:
    """A first draft of the minutes, for the secretary to edit."""
    found = outcome(event)
    call = found.attendance
    zone = event.timezone
    parts = [
        _("Minutes of the %(event)s", event=event.title),
        "",
        _("The meeting was held %(when)s in %(place)s, hosted by %(host)s.",
          when=format_day_range(event.starts_at, event.ends_at, zone),
          place=event.city or event.venue or _("an online meeting"),
          host=event.host.name if event.host else _("the secretariat")),
        "",
        "1. " + _("Attendance"),
        _("%(present)d of %(total)d P-members were present.",
          present=call.p_present, total=call.p_total),
    ]
    for heading, lines in ((_("P-members"), call.p_members), (_("O-members"), call.o_members),
                           (_("Liaisons"), call.liaisons)):
        present = [line for line in lines if line.present]
        if present:
            parts += ["", heading + ":"] + [_attendee_line(line) for line in present]
    letters = [line for line in call.lines if line.by_correspondence]
    if letters:
        parts += ["", _("Participating by correspondence:")] + [
            f"- {line.organisation.acronym} ({line.organisation.name})" for line in letters]
    parts += ["", "2. " + _("The agenda as held")]
    for held in found.sessions:
        session = held.session
        note = ""
        if session.cancelled:
            note = " — " + _("cancelled")
        elif held.moved_from is not None:
            note = " — " + _("moved from %(when)s", when=format_datetime(held.moved_from, zone))
        parts.append(f"- {session.title}, {format_datetime(session.starts_at, zone)}{note}")
        for item in session.items:
            for depth, child in item.walk():
                parts.append("  " * (depth + 1) + f"{child.number} {child.title}")
    parts += ["", "3. " + _("Resolutions adopted")]
    for resolution in found.resolutions:
        parts.append(f"- {label(resolution)}: {resolution.title} ({_decision(resolution, found)})")
    if not found.resolutions:
        parts.append(_("None."))
    parts += ["", "4. " + _("Documents referred to")]
    parts += [f"- {d.reference}: {d.title}" for d in found.documents] or [_("None.")]
    return "\n".join(parts)


def _decision(resolution: Resolution, found: MeetingOutcome) -> str:
    closed = [vote for vote in found.votes.get(resolution.id, []) if not vote.is_open]
    if resolution.method is DecisionMethod.VOTE and closed:
        result = tally(closed[-1])
        return _("adopted by vote: %(yes)d yes, %(no)d no, %(abstain)d abstentions",
                 yes=result.yes, no=result.no, abstain=result.abstain)
    return _("adopted by consensus")


def save(event: Event, text: str, *, by: User | None) -> MeetingRecord:
    """Keep the secretary's text of the minutes. The caller commits."""
    text = text.strip()
    if not text:
        raise DecisionError(_("The minutes cannot be empty: write them, or start again from "
                              "the generated draft."))
    record = record_of(event, create=True)
    assert record is not None
    if record.minutes_text != text:
        record.minutes_text = text
        log(event, "minutes_edited", by, length=len(text))
    db.session.flush()
    return record


def publish(event: Event, *, by: User | None, now: datetime | None = None) -> MeetingRecord:
    """Publish the minutes as they stand; the 4-week deadline is done at this time (the
    first publication's). The caller commits."""
    record = record_of(event)
    if record is None or not record.minutes_text:
        raise DecisionError(_("Save the minutes before publishing them."))
    now = now or utcnow()
    if record.minutes_published_at is None:
        record.minutes_published_at = now
        mark_deadline(event, DeadlineKind.MINUTES, by, now)
    log(event, "minutes_published", by, at=now.isoformat())
    db.session.flush()
    return record
