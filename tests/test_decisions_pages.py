"""The decisions pages over HTTP: the live roll call, drafting, adopting, voting, publishing,
minutes; who may see what; bad input answered in words, nothing changed."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from xml.etree import ElementTree

from sqlalchemy import func, select

from events.extensions import db
from events.models import (
    Ballot,
    DeadlineCompletion,
    DeadlineKind,
    DelegateRole,
    Resolution,
    ResolutionStatus,
    Role,
    Vote,
)
from tests.conftest import CONFIRMED, sign_in, submit
from tests.decisions_support import committee_meeting
from tests.factories import make_person, make_registration, make_user


def _meeting(app, organiser: str | None = "secretary@casco.example", **sizes):  # type: ignore[no-untyped-def]
    with app.app_context():
        plenary = committee_meeting(**sizes)
        if organiser:
            make_user(Role.ORGANISER, event=plenary.event, email=organiser)
        ids = {"slug": plenary.event.slug, "sessions": [s.id for s in plenary.sessions],
               "p": [o.acronym for o in plenary.p_members],
               "p_ids": [o.id for o in plenary.p_members], "o_id": plenary.o_member.id,
               "heads": {a: p.id for a, p in plenary.heads.items()},
               "o": plenary.o_member.acronym}
        db.session.commit()
    return ids


def test_the_roll_call_page_and_its_live_table_show_n_of_m_p_members(app, client):
    ids = _meeting(app, p_members=5, present=3, remote=1)
    sign_in(client, "secretary@casco.example")
    page = client.get(f"/events/{ids['slug']}/decisions/roll-call?session={ids['sessions'][0]}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "3 of 5 P-members present" in html
    assert 'data-live-url="' in html and "live-refresh.js" in html
    live = client.get(f"/events/{ids['slug']}/decisions/roll-call/live"
                      f"?session={ids['sessions'][0]}")
    assert live.headers["Cache-Control"] == "no-store"
    assert "3 of 5 P-members present" in live.get_data(as_text=True)
    assert "<html" not in live.get_data(as_text=True)
    pdf = client.get(f"/events/{ids['slug']}/decisions/roll-call.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_the_roll_call_is_for_organisers_only(app, client):
    ids = _meeting(app)
    with app.app_context():
        make_user(Role.DELEGATE, email="delegate@example.org")
        db.session.commit()
    assert client.get(f"/events/{ids['slug']}/decisions/roll-call").status_code == 302
    sign_in(client, "delegate@example.org")
    assert client.get(f"/events/{ids['slug']}/decisions/roll-call").status_code == 403
    assert client.get(f"/events/{ids['slug']}/decisions/roll-call.pdf").status_code == 403


def test_correspondence_recorded_from_the_roll_call_page(app, client):
    ids = _meeting(app, p_members=4, present=2)
    sign_in(client, "secretary@casco.example")
    url = f"/events/{ids['slug']}/decisions/correspondence"
    page = f"/events/{ids['slug']}/decisions/roll-call"
    empty = submit(client, url, {"organisation": "0", "comments": ""}, page=page)
    assert empty.status_code == 400
    assert "Choose the NSB that sent its comments." in empty.get_data(as_text=True)
    done = submit(client, url, {"organisation": str(ids["p_ids"][3]),
                                "comments": "Комментарии к документу N 12", "document": "0"},
                  page=page, follow_redirects=True)
    html = done.get_data(as_text=True)
    assert f"{ids['p'][3]} participates by correspondence." in html
    assert "1 by correspondence" in html


def test_the_secretary_drafts_adopts_and_publishes_a_resolution(app, client):
    ids = _meeting(app)
    sign_in(client, "secretary@casco.example")
    base = f"/events/{ids['slug']}/decisions/resolutions"
    bad = submit(client, base, {"title": "", "text": ""})
    assert bad.status_code == 400
    assert "Give the resolution a short title" in bad.get_data(as_text=True)
    created = submit(client, base, {"title": "Roadmap", "text": "CASCO approves the roadmap.",
                                    "text_fr": "Le CASCO approuve la feuille de route."})
    assert created.status_code == 302
    with app.app_context():
        resolution_id = db.session.scalar(select(Resolution.id))
    page = f"{base}/{resolution_id}"
    asked = submit(client, f"{page}/adopt", page=page)
    assert "Adopt “Roadmap” by consensus?" in asked.get_data(as_text=True)
    submit(client, f"{page}/adopt", CONFIRMED, page=page)
    with app.app_context():
        resolution = db.session.get(Resolution, resolution_id)
        assert resolution.status is ResolutionStatus.ADOPTED and resolution.number == 1
    assert client.get(f"/events/{ids['slug']}/resolutions.pdf").status_code == 404
    submit(client, f"{base}/publish", CONFIRMED, page=base)
    submit(client, "/sign-out", page="/")
    public = client.get(f"/events/{ids['slug']}/resolutions").get_data(as_text=True)
    assert "Resolution 1/2030 — Roadmap" in public
    assert "Le CASCO approuve la feuille de route." in public
    assert "secretary@casco.example" not in public
    assert client.get(f"/events/{ids['slug']}/resolutions.pdf").data.startswith(b"%PDF")
    feed = ElementTree.fromstring(client.get(f"/events/{ids['slug']}/resolutions.atom").data)
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(t and t.endswith("Resolution 1/2030 – Roadmap") for t in titles)
    with app.app_context():
        done = db.session.scalar(select(DeadlineCompletion).where(
            DeadlineCompletion.kind == DeadlineKind.RESOLUTIONS))
        assert done is not None and done.done_at is not None


def test_a_vote_through_heads_of_delegation_and_the_secretary(app, client):
    ids = _meeting(app, p_members=4, present=3, remote=1)
    with app.app_context():
        resolution_id = _draft(ids)
        absent_head = make_person(given_name="李", family_name="娜")
        from events.models import Organisation
        absent = db.session.get(Organisation, ids["p_ids"][3])
        make_registration(db.session.merge(_event(ids)), absent_head, absent,
                          role=DelegateRole.HEAD_OF_DELEGATION)
        _account_for(absent_head.id, "absent-head@example.org")
        for acronym in (ids["p"][0], ids["p"][2], ids["o"]):
            _account_for(ids["heads"][acronym], f"head@{acronym.lower()}.example")
        db.session.commit()
    secretary = app.test_client()
    sign_in(secretary, "secretary@casco.example")
    page = f"/events/{ids['slug']}/decisions/resolutions/{resolution_id}"
    opened = submit(secretary, f"{page}/vote/open", {"session": str(ids["sessions"][0])},
                    page=page)
    assert opened.headers["Location"].endswith("/vote")
    ballot = f"/events/{ids['slug']}/resolutions/{resolution_id}/ballot"

    online_head = app.test_client()
    sign_in(online_head, f"head@{ids['p'][2].lower()}.example")
    cast = submit(online_head, ballot, {"choice": "yes"}, follow_redirects=True)
    assert f"The vote of {ids['p'][2]} is cast." in cast.get_data(as_text=True)

    observer = app.test_client()
    sign_in(observer, f"head@{ids['o'].lower()}.example")
    refused = observer.get(ballot).get_data(as_text=True)
    assert "O-members take part but do not vote" in refused
    assert observer.post(ballot, data={"choice": "no"}).status_code in (200, 400)

    not_present = app.test_client()
    sign_in(not_present, "absent-head@example.org")
    assert "is not present at this session" in not_present.get(ballot).get_data(as_text=True)

    recorded = submit(secretary, f"{page}/vote/record",
                      {"organisation": str(ids["p_ids"][0]), "choice": "no"},
                      page=f"{page}/vote", follow_redirects=True)
    assert f"The vote of {ids['p'][0]} is recorded." in recorded.get_data(as_text=True)
    outsider = submit(secretary, f"{page}/vote/record",
                      {"organisation": str(ids["o_id"]), "choice": "no"}, page=f"{page}/vote",
                      follow_redirects=True)
    assert "O-members take part but do not vote" in outsider.get_data(as_text=True)
    nobody = submit(secretary, f"{page}/vote/record", {"organisation": "0", "choice": "no"},
                    page=f"{page}/vote")
    assert nobody.status_code == 400
    assert "Choose the P-member whose vote was called out." in nobody.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Ballot.id))) == 2

    submit(secretary, f"{page}/vote/close", CONFIRMED, page=f"{page}/vote")
    with app.app_context():
        vote = db.session.scalar(select(Vote))
        assert vote.closed_at is not None and vote.carried is False  # 1 yes, 1 no
        assert db.session.get(Resolution, resolution_id).status is ResolutionStatus.DRAFT
    again = submit(secretary, f"{page}/vote/close", CONFIRMED, page=f"{page}/vote",
                   follow_redirects=True)
    assert "a vote is closed once" in again.get_data(as_text=True)
    late = submit(online_head, ballot, {"choice": "no"}, page=ballot)
    assert "No vote on this resolution is open." in late.get_data(as_text=True)


def _account_for(person_id: int, email: str) -> None:
    """An account that is this (registered) person's."""
    from events.models import Person

    user = make_user(email=email)
    user.person = db.session.get(Person, person_id)
    db.session.flush()


def _event(ids):  # type: ignore[no-untyped-def]
    from events.models import Event

    return db.session.scalar(select(Event).where(Event.slug == ids["slug"]))


def _draft(ids) -> int:  # type: ignore[no-untyped-def]
    from events.decisions import resolutions

    return resolutions.draft(_event(ids), "Scope", "CASCO confirms its scope.", by=None).id


def test_minutes_are_generated_edited_published_and_kept_from_the_public(app, client):
    ids = _meeting(app, p_members=3, present=2)
    sign_in(client, "secretary@casco.example")
    url = f"/events/{ids['slug']}/decisions/minutes"
    draft = client.get(url).get_data(as_text=True)
    assert "2 of 3 P-members were present." in draft
    empty = submit(client, url, {"text": "  "})
    assert empty.status_code == 400 and "cannot be empty" in empty.get_data(as_text=True)
    submit(client, url, {"text": "Minutes as the secretary wrote them."})
    assert client.get(f"/events/{ids['slug']}/minutes.pdf").status_code == 404
    submit(client, f"{url}/publish", CONFIRMED, page=url)
    assert client.get(f"/events/{ids['slug']}/minutes.pdf").data.startswith(b"%PDF")
    submit(client, "/sign-out", page="/")
    assert client.get(f"/events/{ids['slug']}/minutes.pdf").status_code == 404


def test_the_hub_lists_the_decisions_pages_for_a_committee_meeting(app, client):
    ids = _meeting(app)
    sign_in(client, "secretary@casco.example")
    hub = client.get(f"/events/{ids['slug']}/manage").get_data(as_text=True)
    for page in ("roll-call", "resolutions", "minutes"):
        assert re.search(rf'href="/events/{ids["slug"]}/decisions/{page}"', hub)


def test_the_decisions_lists_take_the_same_queries_at_two_sizes(app, client, count_queries):
    """Roll call, its live table, the votes page, the organisers' list of resolutions, the
    published page and the minutes draft: a meeting of 3 P-members with one resolution costs
    the same queries as one of 30 with six (and their translations, documents, votes)."""
    from events.decisions import resolutions as resolutions_module
    from events.decisions import votes as votes_module
    from events.models import BallotChannel, DecisionMethod, Organisation, Session, VoteChoice

    sizes = {"small": (_meeting(app, None, p_members=3, present=2), 1),
             "large": (_meeting(app, None, p_members=30, present=25, remote=10), 6)}
    voted = {}
    with app.app_context():
        make_user(Role.SECRETARIAT, email="secretary@casco.example")
        for ids, how_many in sizes.values():
            for number in range(how_many):
                resolution = db.session.get(Resolution, _draft(ids))
                resolutions_module.edit(resolution, by=None, texts={"fr": f"Texte {number}"})
                vote = votes_module.open_vote(resolution,
                                              db.session.get(Session, ids["sessions"][0]),
                                              by=None)
                for organisation_id in ids["p_ids"][:2]:
                    votes_module.cast(vote, db.session.get(Organisation, organisation_id),
                                      VoteChoice.YES, by=None, channel=BallotChannel.CALLED_OUT)
                votes_module.close_vote(vote, by=None)
                voted[ids["slug"]] = resolution.id
            extra = db.session.get(Resolution, _draft(ids))
            resolutions_module.adopt(extra, DecisionMethod.CONSENSUS, by=None)
            votes_module.open_vote(db.session.get(Resolution, _draft(ids)), None, by=None)
            resolutions_module.publish(_event(ids), by=None)
        db.session.commit()
    sign_in(client, "secretary@casco.example")
    counts = []
    for ids, _ in sizes.values():
        slug = ids["slug"]
        pages = [f"/events/{slug}/decisions/roll-call", f"/events/{slug}/decisions/roll-call/live",
                 f"/events/{slug}/decisions/resolutions/{voted[slug]}/vote",
                 f"/events/{slug}/decisions/resolutions", f"/events/{slug}/resolutions",
                 f"/events/{slug}/decisions/minutes"]
        found = []
        for page in pages:
            with count_queries() as log:
                assert client.get(page).status_code == 200, page
            found.append(log.count)
        counts.append(found)
    assert counts[0] == counts[1]


def test_publishing_time_decides_the_hub_deadline(app, client):
    ids = _meeting(app)
    with app.app_context():
        from events.decisions import resolutions
        from events.models import DecisionMethod

        resolution = db.session.get(Resolution, _draft(ids))
        resolutions.adopt(resolution, DecisionMethod.CONSENSUS, by=None)
        resolutions.publish(_event(ids), by=None, now=datetime(2030, 5, 10, tzinfo=UTC))
        db.session.commit()
    sign_in(client, "secretary@casco.example")
    hub = client.get(f"/events/{ids['slug']}/manage").get_data(as_text=True)
    assert "Done late" in hub


def test_the_demo_plenary_has_its_roll_call_resolutions_vote_and_minutes(app, client, demo):
    slug = "casco-plenary-2019"
    public = client.get(f"/events/{slug}/resolutions").get_data(as_text=True)
    assert "CASCO Resolution 1/2019 — Adoption of the agenda" in public
    assert "CASCO Resolution 5/2019 — Roadmap for CASCO normative documents" in public
    assert re.search(r"By vote: \d+ yes, \d+ no, \d+ abstentions \(", public)
    assert "Date of the next meeting" not in public  # withdrawn
    sign_in(client, "secretariat@plenaria.example", "plenaria-demo-2019")
    roll = client.get(f"/events/{slug}/decisions/roll-call").get_data(as_text=True)
    assert re.search(r"\d+ of \d+ P-members present</strong> · 1 by correspondence", roll)
    assert client.get(f"/events/{slug}/minutes.pdf").data.startswith(b"%PDF")
    hub = client.get(f"/events/{slug}/manage").get_data(as_text=True)
    # Published within 48 hours and within 4 weeks: both deadlines met, by those times.
    for deadline in ("Resolutions circulated", "Minutes with the list of attendees circulated"):
        row = hub.split(deadline, 1)[1].split("</tr>", 1)[0]
        assert 'class="state state-done"' in row


def test_the_drafting_committee_drafts_but_does_not_adopt(app, client):
    ids = _meeting(app)
    with app.app_context():
        _account_for(ids["heads"][ids["p"][0]], "drafter@example.org")
        make_user(email="bystander@example.org")
        db.session.commit()
    sign_in(client, "secretary@casco.example")
    base = f"/events/{ids['slug']}/decisions/resolutions"
    named = submit(client, f"/events/{ids['slug']}/decisions/drafting-committee",
                   {"person": str(ids["heads"][ids["p"][0]])}, page=base,
                   follow_redirects=True)
    assert "is on the drafting committee." in named.get_data(as_text=True)

    member = app.test_client()
    sign_in(member, "drafter@example.org")
    page = member.get(base).get_data(as_text=True)
    assert "Publish the adopted resolutions" not in page and "Drafting committee" not in page
    assert submit(member, base, {"title": "Work programme",
                                 "text": "CASCO adds two items."}).status_code == 302
    with app.app_context():
        resolution_id = db.session.scalar(select(Resolution.id))
    draft_page = member.get(f"{base}/{resolution_id}").get_data(as_text=True)
    assert "Adopt by consensus" not in draft_page
    refused = submit(member, f"{base}/{resolution_id}/adopt", CONFIRMED,
                     page=f"{base}/{resolution_id}")
    assert refused.status_code == 403
    with app.app_context():
        assert db.session.get(Resolution, resolution_id).status is ResolutionStatus.DRAFT

    bystander = app.test_client()
    sign_in(bystander, "bystander@example.org")
    assert bystander.get(base).status_code == 403


def test_the_secretariat_sets_the_committees_majority_rule(app, client):
    ids = _meeting(app)
    with app.app_context():
        make_user(Role.SECRETARIAT, email="central@plenaria.example")
        db.session.commit()
    base = f"/events/{ids['slug']}/decisions/resolutions"
    rule_url = f"/events/{ids['slug']}/decisions/majority-rule"
    sign_in(client, "secretary@casco.example")
    page = client.get(base).get_data(as_text=True)
    assert "Simple majority of the P-members voting" in page and "Save the rule" not in page
    assert submit(client, rule_url, {"majority": "two_thirds"}, page=base).status_code == 403

    central = app.test_client()
    sign_in(central, "central@plenaria.example")
    bad = submit(central, rule_url, {"majority": "unanimity"}, page=base, follow_redirects=True)
    assert "Choose the committee's majority rule." in html.unescape(bad.get_data(as_text=True))
    submit(central, rule_url, {"majority": "two_thirds"}, page=base)
    with app.app_context():
        from events.decisions import votes as votes_module

        vote = votes_module.open_vote(db.session.get(Resolution, _draft(ids)), None, by=None)
        assert vote.majority.value == "two_thirds"
    assert "Two thirds of the P-members voting" in client.get(base).get_data(as_text=True)
