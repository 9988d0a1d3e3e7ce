"""The organisers' hub: every capability's pages, one click away."""

import re

from tests.conftest import sign_in


def test_the_organiser_hub_leads_to_every_capability(app, client, demo):
    """Registrations, attendance, check-in, reports and printing are one click from the hub;
    online-meeting pages appear for online meetings only, and door pages (check-in, badges,
    nameplates, visa letters) for meetings in a room only."""
    coordinator = client
    sign_in(coordinator, "coordinator@copant.example", "plenaria-demo-2019")
    prep = coordinator.get("/events/copant-casco-prep-webex-2019/manage").get_data(as_text=True)
    for label in ("Registrations", "Registration settings", "Attendance report",
                  "Import an attendance list", "Online meeting details", "Invite NSBs",
                  "Remote-participation problems"):
        assert f">{label}<" in prep, label
    for label in ("Check-in", "Badges (PDF)", "Nameplates (PDF)", "Invitation letters"):
        assert f">{label}<" not in prep, label
    workshop = coordinator.get("/events/copant-ptb-casco-workshop-2019/manage").get_data(
        as_text=True)
    assert ">Registrations<" in workshop and ">Online meeting details<" not in workshop
    for label in ("Check-in", "Badges (PDF)", "Nameplates (PDF)"):
        assert f">{label}<" in workshop, label
    for href in re.findall(r'href="(/events/copant-casco-prep-webex-2019/[^"]+)"', prep):
        assert coordinator.get(href).status_code == 200, href
