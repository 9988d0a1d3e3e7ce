"""The committee as it is: its officers, its subgroups, their experts, the committees in
liaison with it, and the meetings each subgroup holds."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from events.extensions import Model
from events.models.base import LabelledEnum, UTCDateTime, created_at_column, enum_type
from events.models.meetings import Event
from events.models.organisations import Committee, Organisation
from events.models.people import Person, User


class OfficerRole(LabelledEnum):
    """The officers an ISO committee page lists."""

    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    SECRETARY = "secretary"
    TECHNICAL_PROGRAMME_MANAGER = "technical_programme_manager"
    EDITORIAL_MANAGER = "editorial_manager"


class SubgroupKind(LabelledEnum):
    WORKING_GROUP = "working_group"
    JOINT_WORKING_GROUP = "joint_working_group"
    ADVISORY_GROUP = "advisory_group"
    TASK_FORCE = "task_force"
    AD_HOC_GROUP = "ad_hoc_group"


class ExpertStatus(LabelledEnum):
    NOMINATED = "nominated"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class LiaisonDirection(LabelledEnum):
    """ISO's two lists: committees that take part in this committee's work ("to"), and
    committees whose work this committee takes part in ("from")."""

    TO = "to"
    FROM = "from"


class CommitteeProfile(Model):
    """What a committee page says of the committee beyond its code and name."""

    __tablename__ = "committee_profiles"
    __table_args__ = (
        CheckConstraint("established_in IS NULL OR established_in > 1900",
                        name="established_after_1900"),
    )

    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True
    )
    established_in: Mapped[int | None] = mapped_column(Integer)
    scope: Mapped[str | None] = mapped_column(Text)

    committee: Mapped[Committee] = relationship(back_populates="profile")


class CommitteeOfficer(Model):
    """Someone holding an office of the committee for a term (an open end: still holding it)."""

    __tablename__ = "committee_officers"
    __table_args__ = (
        UniqueConstraint("committee_id", "role", "person_id", "starts_on"),
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
                        name="term_ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[OfficerRole] = mapped_column(enum_type(OfficerRole, "role"))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    committee: Mapped[Committee] = relationship(back_populates="officers")
    person: Mapped[Person] = relationship()

    def holds_office_on(self, day: date) -> bool:
        return ((self.starts_on is None or self.starts_on <= day)
                and (self.ends_on is None or day <= self.ends_on))


class Subgroup(Model):
    """A working group, joint working group, advisory or policy group, task force or ad hoc
    group of a committee, e.g. ISO/CASCO WG 64."""

    __tablename__ = "subgroups"
    __table_args__ = (
        UniqueConstraint("committee_id", "code"),
        CheckConstraint("kind = 'joint_working_group' OR joint_with IS NULL",
                        name="only_joint_groups_have_partners"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[SubgroupKind] = mapped_column(enum_type(SubgroupKind, "kind"))
    title: Mapped[str] = mapped_column(String(500))
    scope: Mapped[str | None] = mapped_column(Text)
    # A joint working group: the other committees (codes as ISO writes them, e.g.
    # "ISO/TC 207") and the one that leads it (this committee when empty).
    joint_with: Mapped[str | None] = mapped_column(String(255))
    led_by: Mapped[str | None] = mapped_column(String(40))
    convenor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    secretary_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )

    committee: Mapped[Committee] = relationship(back_populates="subgroups")
    convenor: Mapped[Person | None] = relationship(foreign_keys=[convenor_id])
    secretary: Mapped[Person | None] = relationship(foreign_keys=[secretary_id])
    experts: Mapped[list[SubgroupExpert]] = relationship(
        back_populates="subgroup", cascade="all, delete-orphan"
    )
    d_liaisons: Mapped[list[SubgroupLiaison]] = relationship(
        back_populates="subgroup", cascade="all, delete-orphan"
    )
    meetings: Mapped[list[SubgroupMeeting]] = relationship(
        back_populates="subgroup", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Subgroup {self.code}>"

    @property
    def is_hosted_elsewhere(self) -> bool:
        """A joint group led by another committee (e.g. the JWGs hosted by ISO/TC 207)."""
        return bool(self.led_by) and self.led_by != self.committee.code


class SubgroupLiaison(Model):
    """A category D liaison: an organisation taking part in one working group's work only."""

    __tablename__ = "subgroup_liaisons"
    __table_args__ = (UniqueConstraint("subgroup_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subgroup_id: Mapped[int] = mapped_column(
        ForeignKey("subgroups.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )

    subgroup: Mapped[Subgroup] = relationship(back_populates="d_liaisons")
    organisation: Mapped[Organisation] = relationship()


class SubgroupExpert(Model):
    """An expert of a subgroup: nominated by a member body or liaison, accepted or declined
    by the committee secretary. The expert acts for the group ("one expert = one voice");
    the body that nominated them is kept."""

    __tablename__ = "subgroup_experts"
    __table_args__ = (
        # One nomination in play (waiting or accepted) per person and group.
        Index("uq_subgroup_experts_current", "subgroup_id", "person_id", unique=True,
              sqlite_where=text("status IN ('nominated', 'accepted')"),
              postgresql_where=text("status IN ('nominated', 'accepted')")),
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
                        name="membership_ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subgroup_id: Mapped[int] = mapped_column(
        ForeignKey("subgroups.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    nominated_by_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    status: Mapped[ExpertStatus] = mapped_column(
        enum_type(ExpertStatus, "status"), default=ExpertStatus.NOMINATED
    )
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    nominated_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()

    subgroup: Mapped[Subgroup] = relationship(back_populates="experts")
    person: Mapped[Person] = relationship()
    nominated_by: Mapped[Organisation] = relationship()
    nominated_by_user: Mapped[User | None] = relationship(foreign_keys=[nominated_by_user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    def is_member_on(self, day: date) -> bool:
        return (self.status is ExpertStatus.ACCEPTED
                and (self.starts_on is None or self.starts_on <= day)
                and (self.ends_on is None or day <= self.ends_on))


class CommitteeLiaison(Model):
    """A committee in liaison with this one, in one direction (see `LiaisonDirection`)."""

    __tablename__ = "committee_liaisons"
    __table_args__ = (UniqueConstraint("committee_id", "other_code", "direction"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    other_code: Mapped[str] = mapped_column(String(40))
    other_name: Mapped[str | None] = mapped_column(String(255))
    direction: Mapped[LiaisonDirection] = mapped_column(enum_type(LiaisonDirection, "direction"))

    committee: Mapped[Committee] = relationship(back_populates="liaison_committees")


class SubgroupMeeting(Model):
    """An event that is a meeting of a subgroup (its committee is the event's committee)."""

    __tablename__ = "subgroup_meetings"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    subgroup_id: Mapped[int] = mapped_column(
        ForeignKey("subgroups.id", ondelete="CASCADE"), index=True
    )

    event: Mapped[Event] = relationship(back_populates="subgroup_meeting")
    subgroup: Mapped[Subgroup] = relationship(back_populates="meetings")
