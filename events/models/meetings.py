"""Event series, meeting weeks, events and their sessions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    inspect,
)
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from events.extensions import Model, db
from events.models.base import (
    LabelledEnum,
    UTCDateTime,
    created_at_column,
    enum_type,
    updated_at_column,
)
from events.models.organisations import Committee, Organisation

if TYPE_CHECKING:
    from events.models.agenda import AgendaItem
    from events.models.committees import SubgroupMeeting
    from events.models.registration import RegistrationSettings, SessionSeats


class EventKind(LabelledEnum):
    PLENARY = "plenary"
    WORKSHOP = "workshop"
    REGIONAL_WORKSHOP = "regional_workshop"
    FOCAL_GROUP = "focal_group"
    PREP_SESSION = "prep_session"
    WORKING_GROUP = "working_group"
    SOCIAL_EVENT = "social_event"


class EventMode(LabelledEnum):
    ONSITE = "onsite"
    ONLINE = "online"
    HYBRID = "hybrid"


class EventStatus(LabelledEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class PaperSize(LabelledEnum):
    A4 = "a4"
    LETTER = "letter"

    @property
    def css(self) -> str:
        return {"a4": "A4", "letter": "letter"}[self.value]


class SessionKind(LabelledEnum):
    SESSION = "session"
    BREAK = "break"
    SOCIAL = "social"


class EventSeries(Model):
    """Recurring meetings, e.g. the annual ISO/CASCO Plenary (editions are events)."""

    __tablename__ = "event_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(255))
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"))
    description: Mapped[str | None] = mapped_column(Text)

    committee: Mapped[Committee | None] = relationship()
    events: Mapped[list[Event]] = relationship(
        back_populates="series", order_by="Event.starts_at"
    )


class MeetingWeek(Model):
    """Events held together: the prep session, regional workshop, focal group, plenary…"""

    __tablename__ = "meeting_weeks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(255))

    events: Mapped[list[Event]] = relationship(
        back_populates="meeting_week", order_by="Event.starts_at"
    )


event_organisers = Table(
    "event_organising_organisations",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)


class Event(Model):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint(
            "registration_opens_at IS NULL OR registration_closes_at IS NULL"
            " OR registration_closes_at > registration_opens_at",
            name="registration_closes_after_opening",
        ),
        CheckConstraint("edition IS NULL OR edition > 0", name="edition_positive"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        UniqueConstraint("series_id", "edition"),
        CheckConstraint("prepares_id IS NULL OR prepares_id <> id", name="not_own_preparation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The calendar identity of the event: unlike the slug, it never changes.
    uid: Mapped[str] = mapped_column(String(64), unique=True, default=lambda: new_uid())
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(255))
    kind: Mapped[EventKind] = mapped_column(enum_type(EventKind, "kind"))
    status: Mapped[EventStatus] = mapped_column(
        enum_type(EventStatus, "status"), default=EventStatus.DRAFT
    )
    mode: Mapped[EventMode] = mapped_column(enum_type(EventMode, "mode"), default=EventMode.ONSITE)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("event_series.id"), index=True)
    edition: Mapped[int | None] = mapped_column(Integer)
    meeting_week_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_weeks.id"), index=True
    )
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"))
    host_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)

    timezone: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    venue: Mapped[str | None] = mapped_column(String(255))
    city: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))
    capacity: Mapped[int | None] = mapped_column(Integer)
    # The link to join online (Webex, Zoom, Teams). Private: shown only to people entitled
    # to it (rule "event.join_details"), never on public pages or public feeds.
    join_url: Mapped[str | None] = mapped_column(String(500))
    # Printed documents (agenda, badges, letters) follow the host's paper: A4, or Letter in
    # the Americas.
    paper_size: Mapped[PaperSize] = mapped_column(
        enum_type(PaperSize, "paper_size"), default=PaperSize.A4, server_default="a4"
    )
    # An online prep session points to the meeting it prepares (the plenary, a workshop).
    prepares_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # iCalendar SEQUENCE of what the event itself puts in feeds; raised by every change of a
    # field calendars show (see `_raise_calendar_sequence`), so clients take the new version.
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    series: Mapped[EventSeries | None] = relationship(back_populates="events")
    meeting_week: Mapped[MeetingWeek | None] = relationship(back_populates="events")
    committee: Mapped[Committee | None] = relationship()
    host: Mapped[Organisation | None] = relationship()
    organisers: Mapped[list[Organisation]] = relationship(
        secondary=event_organisers, order_by="Organisation.acronym"
    )
    sessions: Mapped[list[Session]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Session.starts_at"
    )
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    prepares: Mapped[Event | None] = relationship(remote_side=[id], foreign_keys=[prepares_id])
    # Events without a row use the defaults (`events.models.registration.settings_for`).
    registration_settings: Mapped[RegistrationSettings | None] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )
    # An event that is a meeting of a subgroup (events.models.committees).
    subgroup_meeting: Mapped[SubgroupMeeting | None] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_online(self) -> bool:
        return self.mode is EventMode.ONLINE

    @property
    def is_public(self) -> bool:
        return self.status is not EventStatus.DRAFT


# The event fields that calendar feeds show (title, times, place, join link, page address).
CALENDAR_FIELDS = ("title", "slug", "status", "mode", "timezone", "starts_at", "ends_at",
                   "venue", "city", "country", "join_url", "description")


@sa_event.listens_for(Event, "before_update")
def _raise_calendar_sequence(_mapper: Mapper[Event], _connection: object, event: Event) -> None:
    state = inspect(event)
    if any(state.attrs[name].history.has_changes() for name in CALENDAR_FIELDS):
        event.sequence = (event.sequence or 0) + 1


def new_uid() -> str:
    return uuid.uuid4().hex


class Session(Model):
    """A timed slot of an event (a sitting, a break, a dinner)."""

    __tablename__ = "sessions"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # The calendar identity of the session: stays the same when it is edited or moved.
    uid: Mapped[str] = mapped_column(String(64), unique=True, default=new_uid)
    title: Mapped[str] = mapped_column(String(255))
    kind: Mapped[SessionKind] = mapped_column(
        enum_type(SessionKind, "kind"), default=SessionKind.SESSION
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    room: Mapped[str | None] = mapped_column(String(120))
    chairs: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    # A cancelled session stays on the agenda (and in feeds, as STATUS:CANCELLED).
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    event: Mapped[Event] = relationship(back_populates="sessions")
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="session", order_by="AgendaItem.position"
    )
    # Sessions without a row have no seat limit.
    seat_limit: Mapped[SessionSeats | None] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )
