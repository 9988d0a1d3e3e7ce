"""The outbox: mails are rows written with their cause, each recipient on its own, kept with
the server's answer when they fail, shown to organisers and resent.

These tests run each task inside the commit that queues it (QUEUE_IMMEDIATE, see conftest),
against real SMTP servers; tests/test_outbox_worker.py runs a real worker process.
"""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from events.extensions import db
from events.mail import build_message
from events.models import (
    ApprovalPolicy,
    MailStatus,
    OutboxMail,
    Registration,
    RegistrationStatus,
    Role,
)
from events.outbox.writing import queue_mail
from tests.conftest import Mailbox, sign_in, submit
from tests.factories import make_org, make_person, make_registration, make_user
from tests.outbox_support import Refusing, mail_server, no_mail_server
from tests.test_agenda_versions import edit_the_draft, plenary_with_participants
from tests.test_registration import registration_of, setup_event

DANISH = "søren.nielsen@sis.se"


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ",
                                                     response.get_data(as_text=True))))


def mails() -> list[OutboxMail]:
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def test_a_rolled_back_change_mails_nobody_and_a_committed_one_does(app, smtp_server):
    with app.app_context():
        queue_mail(build_message(["ana@iram.example"], "Registration received", "Gracias"),
                   kind="received")
        db.session.rollback()
        assert mails() == [] and smtp_server.messages == []
        queue_mail(build_message(["ana@iram.example"], "Registration received", "Gracias"),
                   kind="received")
        db.session.commit()
    with app.app_context():
        (row,) = mails()
        assert row.status is MailStatus.SENT and row.attempts == 1
    assert [m["Subject"] for m in smtp_server.to("ana@iram.example")] == [
        "Registration received"]


def pending_registration_at_abnt() -> int:
    """A focal-point approved meeting where João (ABNT) waits for fp@abnt.org.br."""
    abnt = make_org("ABNT", country="BR")
    event = setup_event(ApprovalPolicy.FOCAL_POINT, title="Grupo focal")
    make_user(Role.FOCAL_POINT, organisation=abnt, email="fp@abnt.org.br")
    make_user(Role.ORGANISER, event=event, email="organiser@icontec.example")
    delegate = make_user(email="joao@abnt.org.br", name="João Silva", organisation=abnt)
    registration = make_registration(event, delegate.person, abnt,
                                     status=RegistrationStatus.PENDING)
    db.session.commit()
    return registration.id


def test_an_approval_while_the_mail_server_is_down_is_saved_and_its_mail_waits(app, client):
    with app.app_context():
        registration_id = pending_registration_at_abnt()
    with no_mail_server(app):
        sign_in(client, "fp@abnt.org.br")
        response = submit(client, f"/registrations/{registration_id}/approve", {},
                          page="/orgs/ABNT/delegates")
        assert response.status_code == 302
    with app.app_context():
        assert registration_of("joao@abnt.org.br").status is RegistrationStatus.APPROVED
        (confirmation,) = mails()
        assert confirmation.recipient == "joao@abnt.org.br"
        assert confirmation.kind == "approved" and confirmation.registration_id == registration_id
        assert confirmation.status is MailStatus.PENDING  # tried again later, not dropped
        assert "could not be reached" in confirmation.last_error
        assert confirmation.next_attempt_at is not None


def test_sign_up_and_password_reset_answer_the_same_whatever_the_mail_server_says(app):
    with app.app_context():
        make_user(email="amina@kebs.example")
        db.session.commit()
    answers = {}
    with mail_server(app, Refusing()):
        for email in ("amina@kebs.example", "new.person@kebs.example"):
            client = app.test_client()
            sign_up = submit(client, "/sign-up", {
                "name": "Амина Кибет", "email": email, "password": "a long passphrase",
                "confirm": "a long passphrase"})
            forgot = submit(app.test_client(), "/password/forgotten", {"email": email})
            unknown = submit(app.test_client(), "/password/forgotten",
                             {"email": "nobody@kebs.example"})
            answers[email] = (sign_up.status_code, forgot.status_code, unknown.status_code,
                              text(forgot).replace(email, "…"),
                              text(unknown).replace("nobody@kebs.example", "…"))
    existing, new = answers.values()
    assert existing[:3] == new[:3] == (200, 200, 200)
    assert existing[3] == existing[4]  # the reset page tells nothing about the account
    with app.app_context():
        failed = mails()
        assert {m.status for m in failed} == {MailStatus.FAILED}
        assert {m.last_error for m in failed} == {"554 5.3.0 service unavailable"}
        # The account mail, the sign-up notice and the reset links were all kept.
        assert {m.kind for m in failed} == {"account_confirmation", "sign_up_attempt",
                                            "password_reset"}


def publish_to_four(app, client) -> None:
    """The plenary's two participants, plus one whose mailbox the server does not know and
    one with an internationalised address; the organiser publishes version 2."""
    with app.app_context():
        plenary_with_participants()
        event = db.session.scalar(select(Registration)).event
        dsm = make_org("DS", country="DK")
        for email in (DANISH, "ghost@refused.example"):
            make_registration(event, make_person(dsm, email=email), dsm)
        db.session.commit()
        edit_the_draft()
    sign_in(client, "organiser@kebs.example")
    response = submit(client, "/events/plenary/manage/agenda/publish", {"notify": "y"},
                      follow_redirects=True)
    assert "4 participants will be emailed." in text(response)


def test_one_refused_or_unencodable_address_never_stops_the_others(app, client):
    mailbox = Mailbox()
    with mail_server(app, mailbox, smtputf8=False):
        publish_to_four(app, client)
    assert sorted(m["X-Envelope-To"] for m in mailbox.messages) == [
        "ana@iram.example", "bruno@iram.example"]
    with app.app_context():
        by_recipient = {m.recipient: m for m in mails()}
        assert by_recipient["ghost@refused.example"].status is MailStatus.FAILED
        assert by_recipient["ghost@refused.example"].last_error == "550 5.1.1 no such mailbox"
        assert by_recipient[DANISH].status is MailStatus.UNDELIVERABLE
        assert "SMTPUTF8" in by_recipient[DANISH].last_error
        assert db.session.scalar(select(Registration)).event.id == by_recipient[DANISH].event_id


def test_an_internationalised_address_goes_out_with_smtputf8_when_offered(app, client):
    mailbox = Mailbox()
    with mail_server(app, mailbox, smtputf8=True):
        publish_to_four(app, client)
    (danish,) = mailbox.to(DANISH)
    assert danish["X-Envelope-To"] == DANISH  # RCPT TO in UTF-8, as SMTPUTF8 allows
    assert DANISH.encode() in danish.as_bytes()  # and the To header too
    assert danish["Subject"] == "Agenda updated: 35th Plenary (version 2)"


def test_organisers_see_the_failed_mails_with_the_reason_and_resend_them(app, client):
    with mail_server(app, Mailbox(), smtputf8=False):
        publish_to_four(app, client)
    page = text(client.get("/events/plenary/manage/mail/"))
    assert "Failed: 1" in page and "Undeliverable: 1" in page and "Sent: 2" in page
    assert "550 5.1.1 no such mailbox" in page
    assert "does not offer SMTPUTF8" in page
    hub = text(client.get("/events/plenary/manage"))
    assert "Mail delivery" in hub
    # The organiser moves to a server that speaks SMTPUTF8 and resends the Danish mail.
    with app.app_context():
        danish_id = db.session.scalar(select(OutboxMail.id)
                                      .where(OutboxMail.recipient == DANISH))
    mailbox = Mailbox()
    with mail_server(app, mailbox, smtputf8=True):
        response = submit(client, f"/events/plenary/manage/mail/{danish_id}/resend", {},
                          page="/events/plenary/manage/mail/", follow_redirects=True)
    assert f"The mail to {DANISH} is sent again." in text(response)
    assert [m["X-Envelope-To"] for m in mailbox.messages] == [DANISH]
    with app.app_context():
        resent = db.session.get(OutboxMail, danish_id)
        assert resent.status is MailStatus.SENT and resent.last_error is None
    page = text(client.get("/events/plenary/manage/mail/?status=failed"))
    assert "ghost@refused.example" in page and DANISH not in page


def test_the_delivery_page_is_for_the_organisers_only(app, client):
    with app.app_context():
        plenary_with_participants()
        make_user(email="ana.user@iram.example")
        db.session.commit()
    sign_in(client, "ana.user@iram.example")
    assert client.get("/events/plenary/manage/mail/").status_code == 403
    assert client.post("/events/plenary/manage/mail/resend-failed").status_code in (400, 403)


def test_the_registrations_list_shows_whether_each_confirmation_went_out(app, client):
    with app.app_context():
        registration_id = pending_registration_at_abnt()
    sign_in(client, "organiser@icontec.example")
    with mail_server(app, Refusing()):
        submit(client, f"/registrations/{registration_id}/approve", {},
               page="/events/workshop/registrations")
    page = text(client.get("/events/workshop/registrations"))
    assert "Confirmation not delivered: 554 5.3.0 service unavailable" in page
    with app.app_context():
        failed_id = db.session.scalar(select(OutboxMail.id))
    with mail_server(app, Mailbox()):
        submit(client, f"/events/workshop/manage/mail/{failed_id}/resend", {},
               page="/events/workshop/manage/mail/")
    assert "Confirmation mailed" in text(client.get("/events/workshop/registrations"))


def test_the_delivery_page_comes_in_pages_of_fifty_failed_first(app, client):
    with app.app_context():
        plenary_with_participants()
        event_id = db.session.scalar(select(Registration)).event_id
        for number in range(60):
            db.session.add(OutboxMail(
                kind="agenda_notice", event_id=event_id, recipient=f"p{number}@iram.example",
                subject="Agenda updated", message="…", attempts=1,
                status=MailStatus.FAILED if number == 7 else MailStatus.SENT))
        db.session.commit()
    sign_in(client, "organiser@kebs.example")
    first = text(client.get("/events/plenary/manage/mail/"))
    assert "Showing 1–50 of 60" in first
    assert first.index("p7@iram.example") < first.index("p59@iram.example")  # failed first
    second = text(client.get("/events/plenary/manage/mail/?page=2"))
    assert "Showing 51–60 of 60" in second and "p7@iram.example" not in second
    assert "Showing 1–50 of 60" in text(client.get("/events/plenary/manage/mail/?page=x"))
