"""Organisations (NSBs, liaisons, regional bodies), committees and memberships."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from events.extensions import Model
from events.models.base import LabelledEnum, created_at_column, enum_type, updated_at_column

if TYPE_CHECKING:
    from events.models.committees import (
        CommitteeLiaison,
        CommitteeOfficer,
        CommitteeProfile,
        Subgroup,
    )


class OrganisationKind(LabelledEnum):
    NSB = "nsb"
    LIAISON = "liaison"
    REGIONAL_BODY = "regional_body"
    OTHER = "other"


class IsoCategory(LabelledEnum):
    MEMBER = "member"
    CORRESPONDENT = "correspondent"
    SUBSCRIBER = "subscriber"


class CommitteeStatus(LabelledEnum):
    """Membership of a committee: P- and O-members are NSBs; A, B, C are liaison categories."""

    P = "P"
    O = "O"  # noqa: E741 - the ISO name of the status
    A = "A"
    B = "B"
    C = "C"

    @property
    def is_liaison(self) -> bool:
        return self in (CommitteeStatus.A, CommitteeStatus.B, CommitteeStatus.C)


class RegionalStatus(LabelledEnum):
    ACTIVE = "active"
    ADHERENT = "adherent"


class Organisation(Model):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint("country IS NULL OR length(country) = 2", name="country_alpha2"),
        CheckConstraint("kind <> 'nsb' OR country IS NOT NULL", name="nsb_has_country"),
        CheckConstraint("iso_category IS NULL OR kind = 'nsb'", name="iso_category_for_nsb"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_type(OrganisationKind, "kind"))
    acronym: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    iso_category: Mapped[IsoCategory | None] = mapped_column(
        enum_type(IsoCategory, "iso_category")
    )
    website: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    email_domains: Mapped[list[EmailDomain]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="EmailDomain.domain"
    )
    committee_memberships: Mapped[list[CommitteeMembership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )
    regional_memberships: Mapped[list[RegionalMembership]] = relationship(
        back_populates="member",
        cascade="all, delete-orphan",
        foreign_keys="RegionalMembership.member_id",
    )
    regional_members: Mapped[list[RegionalMembership]] = relationship(
        back_populates="regional_body",
        cascade="all, delete-orphan",
        foreign_keys="RegionalMembership.regional_body_id",
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.acronym}>"

    @property
    def is_nsb(self) -> bool:
        return self.kind is OrganisationKind.NSB


class EmailDomain(Model):
    """A mail domain of an organisation, one row each (used to match attendance to an NSB)."""

    __tablename__ = "organisation_email_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    domain: Mapped[str] = mapped_column(String(255), unique=True)

    organisation: Mapped[Organisation] = relationship(back_populates="email_domains")


class Committee(Model):
    """An ISO committee such as ISO/CASCO; its plenaries form an event series."""

    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    secretariat_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))

    secretariat: Mapped[Organisation | None] = relationship()
    memberships: Mapped[list[CommitteeMembership]] = relationship(
        back_populates="committee", cascade="all, delete-orphan"
    )
    # The other sides are in events.models.committees.
    profile: Mapped[CommitteeProfile | None] = relationship(
        back_populates="committee", cascade="all, delete-orphan"
    )
    officers: Mapped[list[CommitteeOfficer]] = relationship(
        back_populates="committee", cascade="all, delete-orphan"
    )
    subgroups: Mapped[list[Subgroup]] = relationship(
        back_populates="committee", cascade="all, delete-orphan", order_by="Subgroup.code"
    )
    liaison_committees: Mapped[list[CommitteeLiaison]] = relationship(
        back_populates="committee", cascade="all, delete-orphan",
        order_by="CommitteeLiaison.other_code"
    )

    def __repr__(self) -> str:
        return f"<Committee {self.code}>"


class CommitteeMembership(Model):
    __tablename__ = "committee_memberships"
    __table_args__ = (UniqueConstraint("committee_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[CommitteeStatus] = mapped_column(enum_type(CommitteeStatus, "status"))

    committee: Mapped[Committee] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="committee_memberships")


class RegionalMembership(Model):
    """Membership of a regional body, e.g. INEN is an active member of COPANT."""

    __tablename__ = "regional_memberships"
    __table_args__ = (
        UniqueConstraint("regional_body_id", "member_id"),
        CheckConstraint("regional_body_id <> member_id", name="not_own_member"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    regional_body_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[RegionalStatus] = mapped_column(enum_type(RegionalStatus, "status"))

    regional_body: Mapped[Organisation] = relationship(
        foreign_keys=[regional_body_id], back_populates="regional_members"
    )
    member: Mapped[Organisation] = relationship(
        foreign_keys=[member_id], back_populates="regional_memberships"
    )
