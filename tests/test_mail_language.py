"""Mails are written in their recipient's language, whoever's action sends them: a Brazilian
focal point approving in Portuguese writes to a Colombian delegate in Spanish."""

from __future__ import annotations

from email.header import decode_header, make_header
from email.message import Message

from sqlalchemy import select

from events.agenda.publishing import publish_agenda
from events.extensions import db
from events.meetings.agenda_notices import notify_participants
from events.models import ApprovalPolicy, Event, Organisation, Person, Role, User
from events.prep.invitations import send_invitations
from events.tasks import run_committed_tasks
from tests.conftest import sign_in, submit
from tests.factories import make_org, make_user
from tests.test_agenda_versions import edit_the_draft, plenary_with_participants
from tests.test_prep_sessions import setup_prep
from tests.test_registration import form, registration_of, setup_event, text_of


def subject(mail: Message) -> str:
    """The subject as the reader sees it (accents come encoded in the header)."""
    return str(make_header(decode_header(mail["Subject"])))


def language_of(email: str) -> str | None:
    return db.session.scalar(select(User.language).where(User.email == email))


def test_signing_up_in_spanish_keeps_spanish_for_the_mails(app, client, smtp_server):
    client.get("/sign-up?lang=es")
    response = submit(client, "/sign-up", {
        "name": "Camila Rojas", "email": "camila@icontec.org", "password": "a long passphrase",
        "confirm": "a long passphrase"}, page="/sign-up")
    assert response.status_code == 200
    (mail,) = smtp_server.to("camila@icontec.org")
    assert subject(mail) == "Confirme su dirección de correo electrónico para Plenaria"
    with app.app_context():
        assert language_of("camila@icontec.org") == "es"


def test_registration_mails_go_out_in_each_recipients_language(app, client, smtp_server):
    with app.app_context():
        abnt = make_org("ABNT", country="BR")
        setup_event(ApprovalPolicy.FOCAL_POINT, title="Focal group")
        for email, language in (("fp@abnt.org.br", "pt"), ("fp2@abnt.org.br", "fr")):
            make_user(Role.FOCAL_POINT, organisation=abnt, email=email).language = language
        make_user(email="camila@abnt.org.br", organisation=abnt).language = "es"
        db.session.commit()
        org_id = abnt.id

    # The delegate registers from a page in English; she reads Plenaria in Spanish.
    sign_in(client, "camila@abnt.org.br")
    submit(client, "/events/workshop/register", form(org_id))
    assert subject(smtp_server.to("camila@abnt.org.br")[-1]) == \
        "Inscripción recibida: Focal group"
    # Each focal point is asked in their own language: one mail each, not one for both.
    (to_pt,) = smtp_server.to("fp@abnt.org.br")
    (to_fr,) = smtp_server.to("fp2@abnt.org.br")
    assert subject(to_pt) == "Para aprovar: uma inscrição em Focal group"
    assert subject(to_fr) == "À approuver\u00a0: une inscription à Focal group"

    focal_point = app.test_client()
    sign_in(focal_point, "fp@abnt.org.br")
    with app.app_context():
        registration_id = registration_of("camila@abnt.org.br").id
    submit(focal_point, f"/registrations/{registration_id}/approve", {},
           page="/orgs/ABNT/delegates?lang=pt")
    confirmed = smtp_server.to("camila@abnt.org.br")[-1]
    assert subject(confirmed) == "Inscripción confirmada: Focal group"
    assert "Su inscripción" in text_of(confirmed)

    # She switches the site to French from the menu: her next mail is in French.
    client.get("/my/meetings?lang=fr")
    with app.app_context():
        assert language_of("camila@abnt.org.br") == "fr"
    submit(client, f"/registrations/{registration_id}/cancel", {"confirmed": "yes"},
           page="/my/meetings")
    assert subject(smtp_server.to("camila@abnt.org.br")[-1]) == \
        "Inscription annulée\u00a0: Focal group"


def test_signing_in_records_the_language_of_an_account_made_for_someone(app, client):
    with app.app_context():
        make_user(email="made@inen.example")  # by the secretariat: no language yet
        db.session.commit()
    client.get("/?lang=pt")
    sign_in(client, "made@inen.example")
    with app.app_context():
        assert language_of("made@inen.example") == "pt"


def test_the_agenda_notice_is_written_in_each_participants_language(app_ctx, smtp_server):
    plenary_with_participants()
    # Ana has an account and reads Spanish; Bruno has none: the site's default language.
    ana = db.session.scalar(select(Person).where(Person.email == "ana@iram.example"))
    account = User(email="ana@iram.example", person=ana, language="es")
    account.set_password("a long passphrase")
    db.session.add(account)
    db.session.commit()
    edit_the_draft()
    event = db.session.scalar(select(Event).where(Event.slug == "plenary"))
    version = publish_agenda(event)
    assert notify_participants(event, version) == 2
    db.session.commit()  # the mails leave the outbox once the publication commits
    run_committed_tasks()  # (as when the request ends)
    assert subject(smtp_server.to("ana@iram.example")[0]) == \
        "Orden del día actualizado: 35th Plenary (versión 2)"
    assert subject(smtp_server.to("bruno@iram.example")[0]) == \
        "Agenda updated: 35th Plenary (version 2)"


def test_prep_invitations_reach_focal_points_in_their_languages(app_ctx, smtp_server):
    prep, _plenary, _nsbs = setup_prep()
    db.session.scalar(select(User).where(User.email == "fp1@inen.example")).language = "es"
    db.session.commit()
    copant = db.session.scalar(select(Organisation).where(Organisation.acronym == "COPANT"))
    result = send_invitations(prep, copant, None, "http://plenaria.test/events/prep-2030/")
    db.session.commit()
    run_committed_tasks()
    assert result.mails == 3  # INEN in Spanish and in English, INN in English
    (spanish,) = smtp_server.to("fp1@inen.example")
    (english,) = smtp_server.to("fp2@inen.example")
    assert subject(spanish) == "Invitación: COPANT prep session"
    assert subject(english) == "Invitation: COPANT prep session"
    assert sorted(result.sent) == ["INEN", "INN"]  # still one invitation per NSB
