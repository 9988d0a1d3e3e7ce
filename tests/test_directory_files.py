"""Directory files as they come: UTF-16 from Excel's "Unicode Text" or other tools, and
problems by the thousand summarised instead of printed one by one."""

from __future__ import annotations

import codecs

import pytest
from sqlalchemy import func, select

from events.directory.importer import DirectoryError, import_csv
from events.extensions import db
from events.models import Organisation

ROWS = [
    ("acronym", "name", "kind", "country", "iso_category", "email_domains", "memberships"),
    ("GOST", "Росстандарт", "nsb", "RU", "member", "gost.example", ""),
    ("SAC", "国家标准化管理委员会", "nsb", "CN", "member", "", ""),
    ("SASO", "الهيئة السعودية للمواصفات", "nsb", "SA", "member", "", ""),
]


def _text(delimiter: str) -> str:
    return "".join(delimiter.join(row) + "\r\n" for row in ROWS)


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF16_LE + _text(",").encode("utf-16-le"),
    codecs.BOM_UTF16_LE + _text("\t").encode("utf-16-le"),  # Excel's "Unicode Text"
    _text(",").encode("utf-16-le"),  # no byte-order mark
    codecs.BOM_UTF16_BE + _text(",").encode("utf-16-be"),
    codecs.BOM_UTF8 + _text("\t").encode(),
], ids=["utf16le-bom", "utf16le-tab", "utf16le-no-bom", "utf16be-bom", "utf8-tab"])
def test_a_utf16_directory_file_is_read(app_ctx, data):
    report = import_csv(data)
    assert len(report.created) == 3
    names = dict(db.session.execute(select(Organisation.acronym, Organisation.name)).all())
    assert names == {"GOST": "Росстандарт", "SAC": "国家标准化管理委员会",
                     "SASO": "الهيئة السعودية للمواصفات"}


def test_a_spreadsheet_is_still_called_a_binary_file(app_ctx):
    with pytest.raises(DirectoryError) as error:
        import_csv(b"PK\x03\x04\x14\x00\x06\x00" + bytes(200))
    assert "not a text CSV file" in str(error.value)


def test_ten_thousand_unknown_columns_are_summarised(app_ctx):
    header = ",".join(ROWS[0]) + "," + ",".join(f"extra{n}" for n in range(10_000))
    with pytest.raises(DirectoryError) as error:
        import_csv((header + "\nA,B,nsb,KE,,,\n").encode())
    problems = error.value.problems
    assert len(problems) == 11
    assert problems[0].startswith("line 1: unknown column 'extra0'")
    assert problems[-1] == "… and 9,990 more like it"
    assert db.session.scalar(select(func.count(Organisation.id))) == 0


def test_a_bad_value_down_many_lines_is_summarised_each_kind_on_its_own(app_ctx):
    lines = [",".join(ROWS[0])]
    lines += [f"N{n},Body {n},nsb,XX,,," for n in range(500)]
    lines += ["Z,Zed,company,KE,,,"]
    with pytest.raises(DirectoryError) as error:
        import_csv("\n".join(lines).encode())
    problems = error.value.problems
    assert problems[:2] == [
        "line 2: unknown country code 'XX': use the two-letter ISO 3166 code, such as KE for "
        "Kenya or CO for Colombia",
        "line 3: unknown country code 'XX': use the two-letter ISO 3166 code, such as KE for "
        "Kenya or CO for Colombia"]
    assert "… and 490 more like it" in problems
    assert any(p.startswith("line 502: the kind 'company'") for p in problems)
    assert len(problems) == 12
