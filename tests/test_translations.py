"""The interface in Spanish, French, Portuguese and Russian: pages, forms, flash messages, mails
and PDFs speak the reader's language, and each catalogue translates every string of the code."""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header
from email.message import Message as Mail
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.support import Translations
from pypdf import PdfReader

from events.config import SUPPORTED_LOCALES
from events.demo.loader import DEMO_PASSWORD
from events.extensions import db
from events.models import ApprovalPolicy, Eligibility, ListVisibility, RegistrationSettings
from tests.conftest import sign_in, submit
from tests.factories import make_event, make_org, make_user

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "events" / "translations"
LANGUAGES = tuple(code for code in SUPPORTED_LOCALES if code != "en")
# gettext's plural rules: French says "0 participant", Spanish and Portuguese "0 participantes".
PLURAL_FORMS = {
    "es": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "pt": "nplurals=2; plural=(n != 1);",
    # Russian: 1, 21, 101 участник; 2–4, 22–24 участника; 0, 5–20, 25 участников.
    "ru": ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
           "(n%100<10 || n%100>=20) ? 1 : 2);"),
}
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs%]")
TAG = re.compile(r"</?([A-Za-z][\w-]*)")
# Names that stay as they are in every language.
PRODUCT_NAMES = ("Plenaria", "Webex", "Zoom", "Teams", "ISO/CASCO", "ISO/IEC", "COPANT", "CSV")
FIX_HINT = ("run `make translations`, then translate the new or changed messages in "
            "events/translations/<language>/LC_MESSAGES/messages.po")


def strings_in_the_code() -> Catalog:
    """Every translatable string of the code and templates, extracted and merged as
    `make translations` does (babel.cfg, the `_l` and `lazy_gettext` keywords; a plain message
    that is also the singular of a plural is that plural), with where each is used."""
    with open(ROOT / "babel.cfg") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    found = Catalog()
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords):
        found.add(message, None, [(filename, lineno)], context=context)
    return found


def where(message: Message) -> str:
    return f"{message.id!r} ({', '.join(f'{f}:{n}' for f, n in message.locations[:2])})"


def catalogue(lang: str) -> Catalog:
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=lang)


def report(problems: list[str], hint: str) -> str:
    shown = "\n  ".join(problems[:25])
    more = f"\n  … and {len(problems) - 25} more" if len(problems) > 25 else ""
    return f"{len(problems)} problem(s):\n  {shown}{more}\n{hint}"


def test_every_supported_language_has_a_catalogue_and_no_other():
    folders = {path.name for path in TRANSLATIONS.iterdir() if path.is_dir()}
    assert folders == set(LANGUAGES)


def test_the_template_lists_exactly_the_strings_of_the_code():
    with open(TRANSLATIONS / "messages.pot", "rb") as pot:
        template = {(m.context, m.id) for m in read_po(pot) if m.id}
    code = [m for m in strings_in_the_code() if m.id]
    missing = [where(m) for m in code if (m.context, m.id) not in template]
    stale = [repr(msgid) for msgid in template - {(m.context, m.id) for m in code}]
    assert not missing, report(missing, "not in messages.pot: " + FIX_HINT)
    assert not stale, report(stale, "no longer in the code: " + FIX_HINT)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_of_the_code_is_translated(lang):
    translations = catalogue(lang)
    problems = []
    for wanted in strings_in_the_code():
        if not wanted.id:
            continue
        message = translations.get(wanted.id, context=wanted.context)
        if message is None:
            problems.append(f"missing: {where(wanted)}")
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id != wanted.id:
            problems.append(f"changed to or from a plural: {where(wanted)}")
        elif message.fuzzy:
            problems.append(f"fuzzy (check the translation, then remove the flag): "
                            f"{where(wanted)}")
        elif not all(forms) or len(forms) != (
                translations.num_plurals if wanted.pluralizable else 1):
            problems.append(f"untranslated: {where(wanted)}")
    assert not problems, report(problems, FIX_HINT)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_placeholders_markup_and_product_names(lang):
    problems = []
    for message in catalogue(lang):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, form in enumerate(forms):
            if not form:
                continue
            source = sources[min(index, len(sources) - 1)]
            # A singular may name the count or not ("one NSB"), like either English form.
            allowed = [sources[0], sources[-1]] if index == 0 else [source]
            if not any(Counter(PLACEHOLDER.findall(form)) == Counter(PLACEHOLDER.findall(s))
                       for s in allowed):
                problems.append(f"placeholders differ: {source!r} → {form!r}")
            if sorted(TAG.findall(form)) != sorted(TAG.findall(source)):
                problems.append(f"markup differs: {source!r} → {form!r}")
            for name in PRODUCT_NAMES:
                if name in source and name not in form:
                    problems.append(f"{name} should stay as it is: {form!r}")
    assert not problems, report(problems, "fix these msgstr in the .po file")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalogue_header_names_its_language_and_plural_rule(lang):
    translations = catalogue(lang)
    assert str(translations.locale) == lang
    assert translations.plural_forms == PLURAL_FORMS[lang]
    assert not translations.fuzzy  # pybabel compile skips a catalogue whose header is fuzzy


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalogue_loads_and_matches_its_source(lang):
    compiled = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo"
    assert compiled.exists(), "compile the catalogues: `make test` and `make run` do it"
    loaded = Translations.load(str(TRANSLATIONS), [lang])
    assert isinstance(loaded, Translations)
    # One count for each plural form, in the order of the forms (Russian has three: 1, 2, 5).
    counts = [next(n for n in range(200) if loaded.plural(n) == form)
              for form in range(catalogue(lang).num_plurals)]
    stale = []
    for message in catalogue(lang):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            got = tuple(loaded.unpgettext(message.context, *message.id, n) if message.context
                        else loaded.ungettext(*message.id, n) for n in counts)
        elif message.context:
            got = loaded.upgettext(message.context, message.id)
        else:
            got = loaded.ugettext(message.id)
        if got != message.string:
            stale.append(repr(message.id))
    assert not stale, report(stale, "the .mo is older than its .po: run `make test`")


# What a reader sees: navigation, an empty list, a form, a validation message, a flash.
PAGES = {
    "es": {
        "nav": ["Reuniones", "Directorio", "Iniciar sesión", "Crear una cuenta"],
        "empty": "Todavía no hay reuniones programadas.",
        "labels": ["Nombre completo", "Dirección de correo electrónico", "Repita la contraseña"],
        "summary": "Corrija lo siguiente",
        "mismatch": "Las dos contraseñas no son iguales.",
        "welcome": "Le damos la bienvenida, Ana Pérez.",
        "signed_out": "Se cerró su sesión.",
        "english": ["Sign in", "Meetings", "Welcome"],
    },
    "fr": {
        "nav": ["Réunions", "Annuaire", "Se connecter", "Créer un compte"],
        "empty": "Aucune réunion n’est encore prévue.",
        "labels": ["Nom complet", "Adresse e-mail", "Confirmation du mot de passe"],
        "summary": "Veuillez corriger les points suivants",
        "mismatch": "Les deux mots de passe ne sont pas identiques.",
        "welcome": "Bienvenue, Ana Pérez.",
        "signed_out": "Vous êtes déconnecté.",
        "english": ["Sign in", "Meetings", "Welcome"],
    },
    "pt": {
        "nav": ["Reuniões", "Diretório", "Entrar", "Criar uma conta"],
        "empty": "Ainda não há reuniões programadas.",
        "labels": ["Nome completo", "Endereço de e-mail", "Repita a senha"],
        "summary": "Corrija o seguinte",
        "mismatch": "As duas senhas não são iguais.",
        "welcome": "Boas-vindas, Ana Pérez.",
        "signed_out": "Você saiu da sua conta.",
        "english": ["Sign in", "Meetings", "Welcome"],
    },
    "ru": {
        "nav": ["Заседания", "Справочник", "Войти", "Создать учётную запись"],
        "empty": "Заседаний пока не запланировано.",
        "labels": ["Полное имя", "Адрес электронной почты", "Пароль ещё раз"],
        "summary": "Исправьте, пожалуйста, следующее",
        "mismatch": "Два пароля не совпадают.",
        "welcome": "Добро пожаловать, Ana Pérez.",
        "signed_out": "Вы вышли из системы.",
        "english": ["Sign in", "Meetings", "Welcome"],
    },
}
# What each language calls an NSB (ISO's Russian: национальный орган по стандартизации).
NSB = {"es": "ONN", "fr": "ONN", "pt": "ONN", "ru": "НОС"}


def page_text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_chosen_language_is_spoken_and_remembered(client, lang):
    chosen = page_text(client.get(f"/?lang={lang}"))
    later = page_text(client.get("/"))  # no ?lang: the cookie remembers the choice
    for page in (chosen, later):
        assert f'<html lang="{lang}">' in page
        assert all(word in page for word in PAGES[lang]["nav"])
        assert PAGES[lang]["empty"] in page
        assert ">Sign in<" not in page and "No meetings are scheduled yet" not in page


def test_a_brazilian_browser_gets_portuguese_and_an_unknown_language_english(client):
    brazilian = page_text(client.get("/", headers={"Accept-Language": "pt-BR,pt;q=0.9"}))
    assert '<html lang="pt">' in brazilian and "Reuniões" in brazilian
    other = page_text(client.get("/", headers={"Accept-Language": "de-CH,de;q=0.9"}))
    assert '<html lang="en">' in other and ">Sign in<" in other


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_form_has_translated_labels_and_the_error_next_to_its_field(client, lang):
    expected = PAGES[lang]
    form = page_text(client.get(f"/sign-up?lang={lang}"))
    assert all(f">{label}</label>" in form for label in expected["labels"])
    answer = page_text(submit(client, "/sign-up", {
        "name": "Ana Pérez", "email": "ana@icontec.org",
        "password": "correct horse battery", "confirm": "another horse"}))
    assert f'id="confirm-error"><span>{expected["mismatch"]}</span>' in answer
    assert expected["summary"] in answer
    assert 'value="Ana Pérez"' in answer  # what was typed is kept


@pytest.mark.parametrize("lang", LANGUAGES)
def test_flash_messages_after_signing_in_and_out_are_translated(app, client, lang):
    with app.app_context():
        make_user(email="ana@icontec.org", name="Ana Pérez")
        db.session.commit()
    client.get(f"/?lang={lang}")
    sign_in(client, "ana@icontec.org")
    welcomed = page_text(client.get("/"))
    assert PAGES[lang]["welcome"] in welcomed
    signed_out = page_text(submit(client, "/sign-out", page="/", follow_redirects=True))
    assert PAGES[lang]["signed_out"] in signed_out
    assert not any(f">{word}" in welcomed + signed_out for word in PAGES[lang]["english"])


def decoded(header: str) -> str:
    return str(make_header(decode_header(header)))


def text_of(mail: Mail) -> str:
    for part in mail.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def test_registering_in_spanish_brings_a_spanish_confirmation_mail(app, client, smtp_server):
    now = datetime.now(UTC)
    with app.app_context():
        icontec = make_org("ICONTEC", country="CO")
        event = make_event(slug="taller", title="Taller COPANT", timezone="America/Bogota",
                           start=now + timedelta(days=60),
                           registration_opens_at=now - timedelta(days=10),
                           registration_closes_at=now + timedelta(days=30))
        db.session.add(RegistrationSettings(
            event=event, eligibility=Eligibility.OPEN, approval_policy=ApprovalPolicy.AUTOMATIC,
            public_list=ListVisibility.HIDDEN, participants_list=ListVisibility.CONSENTING))
        make_user(email="ana@icontec.org", name="Ana Pérez", organisation=icontec)
        db.session.commit()
        org_id = icontec.id
    client.get("/?lang=es")
    sign_in(client, "ana@icontec.org")
    form = page_text(client.get("/events/taller/register"))
    assert "Organización que representa" in form and "Jefe de delegación" in form
    response = submit(client, "/events/taller/register", {
        "organisation": str(org_id), "role": "delegate", "attendance_type": "onsite"})
    assert response.status_code == 302
    mine = page_text(client.get("/my/meetings"))
    assert "Ana Pérez está inscrito. Le enviamos por correo una confirmación" in mine
    assert "Aprobada" in mine
    [mail] = smtp_server.to("ana@icontec.org")
    assert decoded(mail["Subject"]) == "Inscripción confirmada: Taller COPANT"
    body = text_of(mail)
    assert body.startswith("Hola, Ana Pérez:")
    assert "Su inscripción en Taller COPANT está confirmada." in body
    assert "En representación de: ICONTEC · Delegado · Presencial" in body
    assert "Cuándo:" in body and "Sus reuniones, con su orden del día" in body
    assert "Your registration" not in body and "When:" not in body


def test_the_agenda_booklet_is_printed_in_french(client, demo):
    response = client.get("/events/casco-plenary-2019/agenda.pdf?lang=fr")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(BytesIO(response.data))
    assert reader.metadata.title == "Ordre du jour – 34th ISO/CASCO Plenary"
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    content = " ".join(page.extract_text() for page in reader.pages)
    assert "Version 1, publiée le 2 janvier 2019." in content
    assert "Les horaires sont donnés en heure normale" in content
    assert "mercredi 1 mai 2019" in content and "Page 1 sur 2" in content
    assert "Page 1 of" not in content and "Times are in" not in content


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_attendance_report_says_onn_where_english_says_nsb(app, client, demo, lang):
    client.get(f"/?lang={lang}")
    sign_in(client, "organiser@kebs.example", DEMO_PASSWORD)
    page = page_text(client.get("/events/casco-plenary-2019/reports/attendance"))
    assert NSB[lang] in page
    # Headings, figures, the tables' columns: the acronym is translated too.
    english = re.search(r".{0,60}\bNSBs?\b.{0,60}", page, re.S)
    assert english is None, english.group(0)



def test_registering_in_russian_brings_a_russian_confirmation_mail_with_russian_dates(
        app, client, smtp_server):
    """ISO's third language: the form speaks ISO's Russian (член-участник, глава делегации),
    and the mail's dates are CLDR's Russian, in Geneva's zone the week before summer time."""
    now = datetime.now(UTC)
    with app.app_context():
        gost = make_org("ROSSTANDART", country="RU")
        event = make_event(slug="seminar", title="Семинар ISO/CASCO", timezone="Europe/Zurich",
                           start=datetime(2027, 3, 25, 8, tzinfo=UTC), hours=9,
                           venue="ISO Central Secretariat", city="Genève",
                           registration_opens_at=now - timedelta(days=10),
                           registration_closes_at=datetime(2027, 3, 1, tzinfo=UTC))
        db.session.add(RegistrationSettings(
            event=event, eligibility=Eligibility.OPEN, approval_policy=ApprovalPolicy.AUTOMATIC,
            public_list=ListVisibility.HIDDEN, participants_list=ListVisibility.CONSENTING))
        make_user(email="irina@gost.example", name="Ирина Петрова", organisation=gost)
        db.session.commit()
        org_id = gost.id
    client.get("/?lang=ru")
    sign_in(client, "irina@gost.example")
    form = page_text(client.get("/events/seminar/register"))
    assert "Организация, которую вы представляете" in form and "Глава делегации" in form
    assert "Регистрация закрывается 1 марта 2027\u202fг." in form  # CLDR: a narrow space
    response = submit(client, "/events/seminar/register", {
        "organisation": str(org_id), "role": "delegate", "attendance_type": "onsite"})
    assert response.status_code == 302
    mine = page_text(client.get("/my/meetings"))
    assert "Ирина Петрова зарегистрирован(а)." in mine and "Утверждена" in mine
    [mail] = smtp_server.to("irina@gost.example")
    assert decoded(mail["Subject"]) == "Регистрация подтверждена: Семинар ISO/CASCO"
    body = text_of(mail)
    assert body.startswith("Здравствуйте, Ирина Петрова!")
    assert "Ваша регистрация на Семинар ISO/CASCO подтверждена." in body
    assert "Представляет: ROSSTANDART · Делегат · Очно" in body
    assert "Когда: 25 марта 2027\u202fг., 09:00–18:00" in body
    assert "Где: ISO Central Secretariat, Genève" in body
    assert "Your registration" not in body and "When:" not in body


def test_the_agenda_booklet_is_printed_in_russian_in_cyrillic_letters(client, demo):
    response = client.get("/events/casco-plenary-2019/agenda.pdf?lang=ru")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(BytesIO(response.data))
    assert reader.metadata.title == "Повестка дня – 34th ISO/CASCO Plenary"
    assert reader.trailer["/Root"]["/Lang"] == "ru"
    # One space for every kind (CLDR's Russian dates hold a narrow no-break space) and line.
    content = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Версия 1, опубликована 2 января 2019 г." in content
    assert "Время указано по поясу" in content and "Принимающая сторона" in content
    assert "среда, 1 мая 2019 г." in content and "Страница 1 из 2" in content
    # Latin and Cyrillic side by side come out as typed: each script keeps its own font.
    assert "Kenyatta International Convention Centre" in content
    assert "Председатель: Reinaldo Figueiredo" in content
    assert "Page 1 of" not in content and "Times are in" not in content


def test_the_language_menu_offers_russian_by_its_own_name(client):
    page = page_text(client.get("/"))
    assert 'lang="ru" hreflang="ru"' in page and "Русский" in page
    russian = page_text(client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}))
    assert '<html lang="ru">' in russian and "Заседания" in russian
