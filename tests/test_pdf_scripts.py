"""Every script delegates write their names in prints right: read back with poppler's
pdftotext, and no letter drawn as an empty box (.notdef) by WeasyPrint."""

import re
import subprocess
from io import BytesIO

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject
from sqlalchemy import select

from events.auth.accounts import find_user
from events.extensions import db
from events.models import Event, Organisation, Person, Registration
from events.reports.pdf import PdfDocument, render
from events.reports.pdf_documents import (
    badges_document,
    invitation_letters_document,
    nameplates_document,
    participants_document,
)
from events.text import person_name, script_attributes, strip_control_characters, writing_of

# Bidi embedding marks pdftotext writes around right-to-left runs.
_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

NAMES = {
    "Vietnamese": "Nguyễn Thị Hương",
    "Turkish": "Ayşe Şahin Çağlar",
    "Polish": "Łukasz Żółkiewski",
    "Icelandic": "Þórdís Guðmundsdóttir",
    "Russian": "Ирина Соколова",
    "Greek": "Σοφία Παπαδοπούλου",
    "Arabic": "محمد الحسيني",
    "Hebrew": "דוד כהן",
    "Chinese": "王伟",
    "Japanese": "さとう はなこ",
    "Korean": "김민준",
    "Thai": "สมชาย ใจดี",
    "Hindi": "राजेश कुमार",
}


def pdf_text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True)
    return _BIDI_MARKS.sub("", done.stdout.decode("utf-8"))


def rendered(document: PdfDocument) -> str:
    result = render(document)
    assert result.missing_glyphs == []
    return pdf_text(result.pdf)


@pytest.mark.parametrize("script", list(NAMES))
def test_a_name_in_every_script_reads_back_from_the_pdf(app, script):
    name = NAMES[script]
    html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<link rel="stylesheet" href="/static/pdf/fonts.css"></head>'
            f'<body><p>Name as in passport: <span{script_attributes(name)}>{name}</span></p>'
            f'</body></html>')
    with app.test_request_context():
        assert name in rendered(PdfDocument(html, "names.pdf"))


def struct_languages(pdf: bytes) -> set[str]:
    """The /Lang of every element of a tagged PDF's structure tree."""
    found: set[str] = set()
    todo = [PdfReader(BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop()
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if isinstance(node, ArrayObject):
            todo.extend(node)
        elif isinstance(node, DictionaryObject):
            if "/Lang" in node:
                found.add(str(node["/Lang"]))
            if "/K" in node:
                todo.append(node["/K"])
    return found


def test_each_name_carries_its_language_in_the_tagged_pdf(app, demo):
    with app.test_request_context():
        pdf = render(invitation_letters_document(plenary())).pdf
    assert {"und-Cyrl", "zh", "und-Arab"} <= struct_languages(pdf)


def test_a_letter_no_font_has_is_reported_not_hidden(app):
    html = '<!doctype html><meta charset="utf-8"><p>\ue000</p>'  # a private-use letter
    with app.test_request_context():
        assert render(PdfDocument(html, "box.pdf", tagged=False)).missing_glyphs


def plenary() -> Event:
    return db.session.scalar(select(Event).where(Event.slug == "casco-plenary-2019"))


def test_the_demo_has_delegates_in_cyrillic_chinese_and_arabic(app, demo):
    with app.app_context():
        langs = {writing_of(p.full_name).lang for p in db.session.scalars(select(Person))}
    assert {"und-Cyrl", "zh", "und-Arab"} <= langs


def test_badges_list_of_participants_and_letters_of_the_demo_read_back(app, demo):
    with app.test_request_context():
        event = plenary()
        names = [r.person.full_name for r in db.session.scalars(
            select(Registration).join(Registration.organisation)
            .where(Registration.event_id == event.id,
                   Organisation.acronym.in_(("SAC", "EOS", "ILAC"))))]
        assert "Ирина Соколова" in names
        badges = rendered(badges_document(event))
        letters = rendered(invitation_letters_document(event))
        rendered(nameplates_document(event))  # countries and acronyms: no empty box either
        organiser = find_user("organiser@kebs.example")  # sees everyone on the list
        listed = rendered(participants_document(event, organiser))
    chinese = [n for n in names if writing_of(n).lang == "zh"]
    arabic = [n for n in names if writing_of(n).lang == "und-Arab"]
    assert chinese and arabic
    for name in names:
        assert name in badges, name
    for name in ("Ирина Соколова", chinese[0], arabic[0]):
        assert name in letters, name
    # The list prints the family name first, in bold.
    assert "Соколова Ирина" in listed


def test_family_names_are_not_set_in_small_capitals(app):
    html = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<link rel="stylesheet" href="/static/pdf/print.css"></head><body>'
            '<p><span class="family">Παπαδοπούλου</span> Σοφία</p></body></html>')
    with app.test_request_context():
        assert "Παπαδοπούλου Σοφία" in rendered(PdfDocument(html, "greek.pdf"))


def test_chinese_japanese_and_korean_names_put_the_family_name_first():
    assert person_name("伟", "王") == "王伟"
    assert person_name("민준", "김") == "김민준"
    assert person_name("Ana", "Pérez") == "Ana Pérez"
    assert person_name("Wei", "王") == "Wei 王"  # mixed scripts: as typed


def test_control_characters_pasted_from_word_are_left_out():
    assert strip_control_characters("Plenary\x0bday one\x07\x00") == "Plenary\nday one"
    assert strip_control_characters("São Paulo\tsala 2") == "São Paulo\tsala 2"
