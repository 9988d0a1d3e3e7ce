"""`flask --app app orgs import FILE.csv`: all or nothing, every problem named by line."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from events.directory.importer import DirectoryError, import_csv
from events.extensions import db
from events.models import (
    Committee,
    CommitteeStatus,
    EmailDomain,
    Organisation,
    OrganisationKind,
    RegionalStatus,
)

HEADER = "acronym,name,kind,country,iso_category,email_domains,memberships\n"
GOOD = HEADER + (
    "COPANT,Pan American Standards Commission,regional_body,,,copant.org,\n"
    "KEBS,Kenya Bureau of Standards,nsb,KE,member,kebs.org,ISO/CASCO:P\n"
    "IRAM,Instituto Argentino de Normalización y Certificación,nsb,AR,member,"
    "iram.org.ar,ISO/CASCO:P;COPANT:active\n"
    'IAF,"International Accreditation Forum, Inc.",liaison,,,iaf.nu,ISO/CASCO:A\n'
)


def write(tmp_path: Path, content: str | bytes, name: str = "orgs.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def run_import(app, path: Path):
    return app.test_cli_runner().invoke(args=["orgs", "import", str(path)])


def snapshot() -> list[tuple]:
    return [
        (org.acronym, org.name, org.country, sorted(d.domain for d in org.email_domains))
        for org in db.session.scalars(select(Organisation).order_by(Organisation.acronym))
    ]


def test_a_good_file_is_imported_with_memberships(app, tmp_path):
    result = run_import(app, write(tmp_path, GOOD))
    assert result.exit_code == 0, result.output
    assert "4 created" in result.output
    with app.app_context():
        iram = db.session.scalar(select(Organisation).where(Organisation.acronym == "IRAM"))
        assert iram.name == "Instituto Argentino de Normalización y Certificación"
        assert iram.country == "AR"
        assert [(m.committee.code, m.status) for m in iram.committee_memberships] == [
            ("ISO/CASCO", CommitteeStatus.P)]
        assert [(m.regional_body.acronym, m.status) for m in iram.regional_memberships] == [
            ("COPANT", RegionalStatus.ACTIVE)]
        iaf = db.session.scalar(select(Organisation).where(Organisation.acronym == "IAF"))
        assert iaf.kind is OrganisationKind.LIAISON
        assert iaf.name == "International Accreditation Forum, Inc."
        assert db.session.scalar(select(func.count(Committee.id))) == 1


def test_reimporting_updates_and_never_duplicates(app, tmp_path):
    assert run_import(app, write(tmp_path, GOOD)).exit_code == 0
    changed = GOOD.replace("Kenya Bureau of Standards", "Kenya Bureau of Standards (KEBS)")
    changed = changed.replace("ISO/CASCO:P;COPANT:active", "ISO/CASCO:O;COPANT:adherent")
    result = run_import(app, write(tmp_path, changed, "second.csv"))
    assert result.exit_code == 0, result.output
    assert "0 created, 2 updated, 2 unchanged" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Organisation.id))) == 4
        iram = db.session.scalar(select(Organisation).where(Organisation.acronym == "IRAM"))
        assert iram.committee_memberships[0].status is CommitteeStatus.O
        assert iram.regional_memberships[0].status is RegionalStatus.ADHERENT
    again = run_import(app, write(tmp_path, changed, "third.csv"))
    assert "0 created, 0 updated, 4 unchanged" in again.output


def test_unknown_country_on_line_3_names_the_line_and_changes_nothing(app, tmp_path):
    assert run_import(app, write(tmp_path, GOOD)).exit_code == 0
    with app.app_context():
        before = snapshot()
    bad = HEADER + (
        "KEBS,Kenya Bureau of Standards — renamed,nsb,KE,member,kebs.org,ISO/CASCO:P\n"
        "XYZ,Nowhere Standards,nsb,XX,member,,\n"
        "NEW,New Body,nsb,CO,member,,\n"
    )
    result = run_import(app, write(tmp_path, bad, "bad.csv"))
    assert result.exit_code != 0
    assert "nothing was imported" in result.output
    assert "line 3" in result.output
    assert "'XX'" in result.output
    with app.app_context():
        assert snapshot() == before


@pytest.mark.parametrize("content, expected", [
    (b"", "The file is empty"),
    (b"PK\x03\x04\x00\x00binary", "not a text CSV file"),
    ("acronym,name,kind\nIRAM,Instituto Argentino de Normalización,nsb\n".encode("latin-1"),
     "line 2: the file is not UTF-8"),
    (HEADER.replace("memberships", "members") + "A,B,nsb,KE,,,\n", "unknown column 'members'"),
    ("acronym,name\nA,B\n", "the column 'kind' is missing"),
    ("acronym,name,kind,name\nA,B,nsb,C\n", "the column 'name' appears twice"),
    (HEADER, "no organisations"),
    (HEADER + "A,B,nsb,KE,member\n", "line 2: 5 values for 7 columns"),
    (HEADER + ",No acronym,nsb,KE,,,\n", "line 2: the acronym is empty"),
    (HEADER + "A,Thing,company,KE,,,\n", "line 2: the kind 'company' is not one of"),
    (HEADER + "A,Thing,nsb,,,,\n", "line 2: a national standards body needs its country"),
    (HEADER + "A,Thing,liaison,,member,,\n", "only a national standards body has an ISO"),
    (HEADER + "A,Thing,nsb,KE,gold,,\n", "the ISO category 'gold' is not one of"),
    (HEADER + "A,Thing,nsb,KE,,not a domain,\n", "'not a domain' is not a mail domain"),
    (HEADER + "A,Thing,nsb,KE,,,ISO/CASCO\n", "should be written BODY:STATUS"),
    (HEADER + "A,Thing,nsb,KE,,,ISO/CASCO:Q\n", "the committee status 'Q'"),
    (HEADER + "A,Thing,nsb,KE,,,ISO/CASCO:A\n", "not a liaison"),
    (HEADER + "A,Thing,liaison,,,,ISO/CASCO:P\n", "other organisations are liaisons"),
    (HEADER + "A,Thing,nsb,KE,,,COPANT:active\n", "COPANT is neither a committee"),
    (HEADER + "A,Thing,nsb,KE,,,COPANT:gold\n", "the regional membership 'gold'"),
    (HEADER + "A,Thing,nsb,KE,,,\nB,Other,nsb,KE,,,A:active\n", "A is not a regional body"),
    (HEADER + "A,Thing,nsb,KE,,,\na,Again,nsb,KE,,,\n", "line 3: the acronym a is already on"),
    (HEADER + "A,Thing,nsb,KE,,x.org,\nB,Other,nsb,KE,,x.org,\n",
     "line 3: the mail domain x.org is also given to A"),
])
def test_bad_files_are_refused_with_the_problem_in_words(app_ctx, content, expected):
    with pytest.raises(DirectoryError) as error:
        import_csv(content if isinstance(content, bytes) else content.encode())
    assert expected in str(error.value)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Organisation.id))) == 0


def test_every_problem_is_listed_not_only_the_first(app_ctx):
    content = HEADER + "A,Thing,nsb,XX,,,\nB,Other,nsb,YY,,,\n"
    with pytest.raises(DirectoryError) as error:
        import_csv(content.encode())
    assert [p.split(":")[0] for p in error.value.problems] == ["line 2", "line 3"]


def test_a_domain_can_move_between_organisations_in_one_file(app_ctx):
    import_csv((HEADER + "A,Thing,nsb,KE,,shared.org,\nB,Other,nsb,KE,,,\n").encode())
    db.session.commit()
    import_csv((HEADER + "A,Thing,nsb,KE,,,\nB,Other,nsb,KE,,shared.org,\n").encode())
    db.session.commit()
    owner = db.session.scalar(select(EmailDomain).where(EmailDomain.domain == "shared.org"))
    assert owner.organisation.acronym == "B"


def test_a_domain_of_an_organisation_not_in_the_file_is_refused(app_ctx):
    import_csv((HEADER + "A,Thing,nsb,KE,,shared.org,\n").encode())
    db.session.commit()
    with pytest.raises(DirectoryError, match="belongs to A"):
        import_csv((HEADER + "B,Other,nsb,KE,,shared.org,\n").encode())


def test_columns_in_any_order_and_absent_optional_columns_leave_values(app_ctx):
    import_csv(GOOD.encode())
    db.session.commit()
    import_csv(b"name,acronym,kind\nKenya Bureau of Standards,KEBS,nsb\n")
    db.session.commit()
    kebs = db.session.scalar(select(Organisation).where(Organisation.acronym == "KEBS"))
    assert kebs.country == "KE"
    assert [d.domain for d in kebs.email_domains] == ["kebs.org"]
    assert len(kebs.committee_memberships) == 1


def test_a_byte_order_mark_and_lower_case_country_are_accepted(app_ctx):
    import_csv("\ufeff".encode() + (HEADER + "A,Thing,nsb,ke,,,\n").encode())
    assert db.session.scalar(select(Organisation.country)) == "KE"
