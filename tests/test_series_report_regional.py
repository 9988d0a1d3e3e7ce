"""The series continuity report is for the regional bodies whose members took part (COPANT's
coordinator follows COPANT's NSBs at the ISO/CASCO plenaries), not for any other body."""

from __future__ import annotations

from events.extensions import db
from events.models import OrganisationKind, RegionalMembership, RegionalStatus, Role
from tests.conftest import sign_in
from tests.factories import make_org, make_user

REPORT = "/series/iso-casco-plenary/reports/attendance"


def test_the_copant_coordinator_reads_the_series_report(client, demo):
    sign_in(client, "coordinator@copant.example", "plenaria-demo-2019")
    page = client.get(REPORT)
    assert page.status_code == 200
    assert "Continuity: ISO/CASCO Plenary" in page.get_data(as_text=True)
    series_page = client.get("/series/iso-casco-plenary/").get_data(as_text=True)
    assert f'href="{REPORT}"' in series_page


def test_a_regional_body_whose_members_never_took_part_does_not(app, client, demo):
    with app.app_context():
        arso = make_org("ARSO", kind=OrganisationKind.REGIONAL_BODY, country=None,
                        name="African Organisation for Standardisation")
        # A member that took part in none of the plenaries.
        db.session.add(RegionalMembership(regional_body=arso,
                                          member=make_org("XNSB", country="ET"),
                                          status=RegionalStatus.ACTIVE))
        make_user(Role.ORGANISER, organisation=arso, email="coordinator@arso.example",
                  name="Abebe Bekele")
        db.session.commit()
    sign_in(client, "coordinator@arso.example")
    assert client.get(REPORT).status_code == 403
