"""ISO/CASCO as its committee page shows it: officers, groups and JWGs, A/B/C liaisons and
liaison committees, WG 64's experts, and an upcoming WG 64 meeting open to its experts.

From the ISO committee page: the officers it lists (secretary, chair, vice-chair, ISO's
technical programme manager and editorial manager), the year of creation (1970), the groups
(AHG, CPC, STAR, TIG, STTF, WG 30, 31, 61, 64, 65, JWG 58 with ISO/TC 232, JWG 62 with
ISO/TC 85, JWG 63 with ISO/TC 304, JWGs hosted by ISO/TC 207). Invented: every person's name,
the working groups' titles where the page gives only a number, the liaison committees' list
and the B-liaisons (illustrative, as are the memberships of the directory file), the experts
and the meeting. The data goes through the committee imports, as a secretary's files would.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from events.auth.accounts import create_user, find_user
from events.committees.importer import ImportKind, import_file
from events.extensions import db
from events.models import (
    ApprovalPolicy,
    Committee,
    CommitteeProfile,
    Eligibility,
    Event,
    EventKind,
    EventMode,
    EventStatus,
    ListVisibility,
    Organisation,
    RegistrationSettings,
    Subgroup,
    SubgroupMeeting,
    utcnow,
)

BERLIN = "Europe/Berlin"  # a zone with summer time: the meeting is just before it starts
WG64_MEETING_UID = uuid.uuid5(uuid.NAMESPACE_URL, "plenaria:demo:casco-wg64-meeting").hex
REGISTRATION_OPENS = timedelta(weeks=24)
REGISTRATION_CLOSES = timedelta(weeks=2)

SCOPE = ("Develops International Standards and other documents on conformity assessment, "
         "promotes the recognition of conformity assessment systems, and advises ISO and its "
         "technical committees on conformity assessment.")

CASCO_FILES = Path(__file__).with_name("casco")
# The committee's lists, as the secretary would import them; WG 64's experts come from
# P-members and an A-liaison, with names in many scripts.
IMPORTS = ((ImportKind.OFFICERS, "officers.csv"), (ImportKind.SUBGROUPS, "subgroups.csv"),
           (ImportKind.LIAISONS, "liaisons.csv"), (ImportKind.EXPERTS, "experts.csv"))

# People who sign in to show the flow: (email, role in the demo).
ACCOUNTS = (
    ("secretary@casco.example", "ISO/CASCO secretary: accepts or declines nominations"),
    ("wg64@casco.example", "WG 64 convenor: approves registrations for its meetings"),
    ("expert@din.example", "WG 64 expert (nominated by DIN)"),
)


def wg64_first_day(now: datetime | None = None) -> date:
    """The third Tuesday of the first March whose registration has not closed by `now`."""
    now = now or utcnow()
    year = now.year
    while True:
        first = date(year, 3, 1)
        tuesday = first + timedelta(days=(1 - first.weekday()) % 7 + 14)
        if datetime(tuesday.year, tuesday.month, tuesday.day, tzinfo=now.tzinfo) \
                - REGISTRATION_CLOSES > now:
            return tuesday
        year += 1


def load_committee(committee: Committee, orgs: dict[str, Organisation], password: str,
                   local_instant: Callable[[str, str, str], datetime],
                   wg64_day: date | None = None) -> list[tuple[str, str]]:
    """Load ISO/CASCO's page and WG 64's meeting; returns the (email, role) of the accounts."""
    profile = committee.profile or CommitteeProfile()
    committee.profile = profile
    profile.established_in, profile.scope = 1970, SCOPE
    for kind, file_name in IMPORTS:
        import_file(committee, kind, (CASCO_FILES / file_name).read_bytes())
    for email, description in ACCOUNTS:
        if find_user(email) is None:
            create_user(email, description, password)
    _load_wg64_meeting(committee, orgs, local_instant, wg64_day)
    db.session.flush()
    return list(ACCOUNTS)


def _load_wg64_meeting(committee: Committee, orgs: dict[str, Organisation],
                       local_instant: Callable[[str, str, str], datetime],
                       held_day: date | None = None) -> Event:
    group = db.session.scalar(select(Subgroup).where(Subgroup.committee_id == committee.id,
                                                     Subgroup.code == "WG 64"))
    assert group is not None
    first_day = held_day or wg64_first_day()
    event = db.session.scalar(select(Event).where(Event.uid == WG64_MEETING_UID))
    if event is None:
        event = Event(uid=WG64_MEETING_UID)
        db.session.add(event)
    event.slug = f"casco-wg64-berlin-{first_day.year}"
    event.title = f"ISO/CASCO WG 64 meeting, Berlin {first_day.year}"
    event.kind = EventKind.WORKING_GROUP
    event.mode = EventMode.HYBRID
    event.status = EventStatus.PUBLISHED
    event.timezone = BERLIN
    event.starts_at = local_instant(first_day.isoformat(), "09:00", BERLIN)
    event.ends_at = local_instant((first_day + timedelta(days=1)).isoformat(), "16:00", BERLIN)
    event.host = orgs["DIN"]
    event.committee = committee
    event.city, event.country, event.venue = "Berlin", "DE", "DIN, Saatwinkler Damm 42/43"
    event.description = ("Two days on the comments received on the working draft. For the "
                         "experts of WG 64; the convenor approves registrations.")
    event.registration_opens_at = event.starts_at - REGISTRATION_OPENS
    event.registration_closes_at = event.starts_at - REGISTRATION_CLOSES
    settings = event.registration_settings or RegistrationSettings()
    event.registration_settings = settings
    settings.eligibility = Eligibility.GROUP_EXPERTS
    settings.regional_body = None
    settings.approval_policy = ApprovalPolicy.ORGANISERS
    settings.public_list = ListVisibility.HIDDEN
    settings.participants_list = ListVisibility.CONSENTING
    db.session.flush()
    if event.subgroup_meeting is None:
        event.subgroup_meeting = SubgroupMeeting(subgroup=group)
    else:
        event.subgroup_meeting.subgroup = group
    db.session.flush()
    return event
