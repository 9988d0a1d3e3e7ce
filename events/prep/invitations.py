"""Inviting the NSBs of a regional body or a committee to an online prep session: one mail
per NSB to its focal points (one per language they read), who register their delegates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from events import mail
from events.extensions import db
from events.i18n import by_language, in_language
from events.models import (
    Committee,
    CommitteeMembership,
    CommitteeStatus,
    Event,
    Organisation,
    OrganisationKind,
    PrepInvitation,
    RegionalMembership,
    Role,
    RoleGrant,
    User,
    utcnow,
)
from events.outbox.writing import queue_mail
from events.timefmt import format_date, format_time, zone_label


@dataclass
class Invitee:
    organisation: Organisation
    # The focal points' addresses, each with the language its owner reads Plenaria in.
    recipients: list[tuple[str, str | None]] = field(default_factory=list)
    invited_at: datetime | None = None  # when an invitation was last sent

    @property
    def emails(self) -> list[str]:
        return [email for email, _language in self.recipients]

    @property
    def reachable(self) -> bool:
        return bool(self.recipients)


def invitation_targets() -> tuple[list[Organisation], list[Committee]]:
    """Regional bodies and committees whose NSBs can be invited."""
    bodies = list(db.session.scalars(
        select(Organisation).where(Organisation.kind == OrganisationKind.REGIONAL_BODY)
        .order_by(Organisation.acronym)))
    committees = list(db.session.scalars(select(Committee).order_by(Committee.code)))
    return bodies, committees


def invitees(event: Event, target: Organisation | Committee) -> list[Invitee]:
    """The NSBs of a regional body (its members) or of a committee (P- and O-members), with
    their focal points' addresses and any invitation already sent (three queries)."""
    if isinstance(target, Committee):
        query = (select(Organisation).join(CommitteeMembership)
                 .where(CommitteeMembership.committee_id == target.id,
                        CommitteeMembership.status.in_([CommitteeStatus.P, CommitteeStatus.O])))
    else:
        query = (select(Organisation)
                 .join(RegionalMembership, RegionalMembership.member_id == Organisation.id)
                 .where(RegionalMembership.regional_body_id == target.id))
    nsbs = list(db.session.scalars(
        query.where(Organisation.kind == OrganisationKind.NSB)
        .order_by(Organisation.country, Organisation.acronym)))
    found = {org.id: Invitee(org) for org in nsbs}
    for org_id, email, language in db.session.execute(
        select(RoleGrant.organisation_id, User.email, User.language).join(User)
        .where(RoleGrant.role == Role.FOCAL_POINT, RoleGrant.organisation_id.in_(found),
               User.active.is_(True))
        .order_by(User.email)
    ):
        assert org_id is not None  # the query asks for grants of the organisations found
        found[org_id].recipients.append((email, language))
    for org_id, sent_at in db.session.execute(
        select(PrepInvitation.organisation_id, PrepInvitation.sent_at)
        .where(PrepInvitation.event_id == event.id, PrepInvitation.organisation_id.in_(found))
    ):
        found[org_id].invited_at = sent_at
    return list(found.values())


@dataclass
class InvitationResult:
    sent: list[str] = field(default_factory=list)  # acronyms
    unreachable: list[str] = field(default_factory=list)  # no focal point account
    skipped: list[str] = field(default_factory=list)  # invited before
    # Mails put in the outbox (one per focal point), sent once the invitations commit.
    mails: int = 0


def send_invitations(event: Event, target: Organisation | Committee, sender: User | None,
                     event_url: str, *, resend: bool = False) -> InvitationResult:
    """Record an invitation for each NSB with focal points (NSBs invited before are skipped
    unless `resend`) and put its mail in the outbox; the caller commits. The join
    link is not in the mail: approved participants see it on the event page once signed in."""
    result = InvitationResult()
    for invitee in invitees(event, target):
        acronym = invitee.organisation.acronym
        if not invitee.reachable:
            result.unreachable.append(acronym)
            continue
        if invitee.invited_at is not None and not resend:
            result.skipped.append(acronym)
            continue
        # One mail to the NSB's focal points, or one per language when they read different
        # ones: each gets it in their own.
        groups = by_language(invitee.recipients)
        for language, addresses in groups.items():
            with in_language(language):
                result.mails += len(queue_mail(mail.build_message(
                    addresses, _("Invitation: %(title)s", title=event.title),
                    invitation_text(event, invitee.organisation, event_url)),
                    kind="prep_invitation", event_id=event.id))
        invitation = db.session.scalar(select(PrepInvitation).where(
            PrepInvitation.event_id == event.id,
            PrepInvitation.organisation_id == invitee.organisation.id))
        if invitation is None:
            invitation = PrepInvitation(event_id=event.id, organisation=invitee.organisation)
            db.session.add(invitation)
        invitation.sent_at = utcnow()
        invitation.sent_by = sender
        invitation.recipients = len(invitee.emails)
        result.sent.append(acronym)
    db.session.flush()
    return result


def invitation_text(event: Event, organisation: Organisation, event_url: str) -> str:
    """The mail body: when (in the meeting's zone and in UTC), what it prepares, how to
    register."""
    when = (f"{format_date(event.starts_at, event.timezone)}, "
            f"{format_time(event.starts_at, event.timezone)}")
    utc = f"{format_date(event.starts_at, 'UTC')}, {format_time(event.starts_at, 'UTC')}"
    lines = [
        _("Dear focal point of %(acronym)s,", acronym=organisation.acronym),
        "",
        _("%(acronym)s is invited to the online meeting “%(title)s”.",
          acronym=organisation.acronym, title=event.title),
        "",
        _("When: %(when)s (%(zone)s), that is %(utc)s UTC.", when=when,
          zone=zone_label(event.starts_at, event.timezone), utc=utc),
    ]
    if event.prepares is not None:
        lines.append(_("It prepares: %(title)s.", title=event.prepares.title))
    lines += [
        "",
        _("Please register your delegates: the Webex link, meeting number, access code and "
          "dial-in numbers appear on the meeting's page for approved participants."),
        event_url,
    ]
    return "\n".join(lines)


def sent_invitations(event: Event) -> list[PrepInvitation]:
    return list(db.session.scalars(
        select(PrepInvitation).where(PrepInvitation.event_id == event.id)
        .options(selectinload(PrepInvitation.organisation))
        .order_by(PrepInvitation.sent_at)))


def target_of_choice(value: str | None) -> Organisation | Committee | None:
    """The regional body (`body:<id>`) or committee (`committee:<id>`) chosen in the
    invitation form, or None."""
    kind, _sep, ident = (value or "").partition(":")
    if not ident.isdigit():
        return None
    if kind == "committee":
        return db.session.get(Committee, int(ident))
    if kind == "body":
        return db.session.get(Organisation, int(ident))
    return None
