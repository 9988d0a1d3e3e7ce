"""Imports of a committee's subgroups, officers, experts and liaisons: all or nothing, every
problem named by its line, re-imports update."""

from __future__ import annotations

import html
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from events.committees.importer import CommitteeImportError, ImportKind, import_file
from events.extensions import db
from events.models import (
    Committee,
    CommitteeLiaison,
    CommitteeMembership,
    CommitteeOfficer,
    CommitteeStatus,
    ExpertStatus,
    LiaisonDirection,
    OfficerRole,
    Organisation,
    OrganisationKind,
    Person,
    Subgroup,
    SubgroupExpert,
    SubgroupKind,
)
from tests.conftest import sign_in, submit
from tests.factories import make_org, make_user

SUBGROUPS = (
    "code,kind,title,joint_with,led_by,convenor_email,convenor_given_name,"
    "convenor_family_name\n"
    "WG 64,working_group,Persons certification,,,nikolaou@casco.example,Αλέξανδρος,Νικολάου\n"
    "JWG 62,joint_working_group,ISO/TS 23406,ISO/TC 85,ISO/CASCO,,,\n"
    "TC 207 JWG,joint_working_group,Environmental information,ISO/TC 207,ISO/TC 207,,,\n"
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def casco(app_ctx) -> Committee:
    committee = Committee(code="ISO/CASCO", name="Committee on conformity assessment")
    db.session.add(committee)
    for acronym, country in (("DIN", "DE"), ("SAC", "CN"), ("KEBS", "KE")):
        org = make_org(acronym, country=country)
        db.session.add(CommitteeMembership(committee=committee, organisation=org,
                                           status=CommitteeStatus.P))
    db.session.flush()
    return committee


def problems_of(committee: Committee, kind: ImportKind, text: str) -> list[str]:
    with pytest.raises(CommitteeImportError) as raised:
        import_file(committee, kind, text.encode())
    db.session.rollback()
    return raised.value.problems


def test_subgroups_are_imported_and_updated_by_code(casco):
    report = import_file(casco, ImportKind.SUBGROUPS, SUBGROUPS.encode())
    assert (report.created, report.updated) == (3, 0)
    wg64 = db.session.scalar(select(Subgroup).where(Subgroup.code == "WG 64"))
    assert wg64.convenor.full_name == "Αλέξανδρος Νικολάου"
    tc207 = db.session.scalar(select(Subgroup).where(Subgroup.code == "TC 207 JWG"))
    assert tc207.kind is SubgroupKind.JOINT_WORKING_GROUP and tc207.is_hosted_elsewhere
    again = import_file(casco, ImportKind.SUBGROUPS,
                        SUBGROUPS.replace("Persons certification", "Certification of persons")
                        .encode())
    assert (again.created, again.updated) == (0, 3)
    assert count(Subgroup) == 3 and count(Person) == 1
    assert wg64.title == "Certification of persons"


def test_a_bad_subgroups_file_imports_nothing_and_names_each_line(casco):
    text = ("code,kind,title,joint_with,convenor_email,convenor_family_name\n"
            "WG 64,working_group,Persons certification,,nikolaou@casco.example,Νικολάου\n"
            "WG 65,committee,Inspection,,,\n"
            "WG 66,working_group,,ISO/TC 85,,\n"
            "WG 67,working_group,Testing,,not an email,Kariuki\n"
            "wg 64,working_group,Again,,,\n")
    problems = problems_of(casco, ImportKind.SUBGROUPS, text)
    assert any(p.startswith("line 3: kind 'committee' is not one of working_group")
               for p in problems)
    assert "line 4: title is empty" in problems
    assert "line 4: joint_with is only for a joint working group (kind joint_working_group)" \
        in problems
    assert "line 5: convenor_email 'not an email' is not an email address" in problems
    assert "line 6: this group is also on line 2" in problems
    assert count(Subgroup) == 0 and count(Person) == 0


def test_header_problems_are_reported_before_any_line(casco):
    problems = problems_of(casco, ImportKind.EXPERTS, "group,email,surname\nWG 64,a@b.c,X\n")
    assert "line 1: unknown column 'surname'; the columns are group, email, given_name, " \
        "family_name, nominated_by, starts_on, ends_on" in problems
    assert "line 1: the column 'nominated_by' is missing" in problems


def test_experts_are_all_or_nothing(casco):
    import_file(casco, ImportKind.SUBGROUPS, SUBGROUPS.encode())
    text = ("group,email,given_name,family_name,nominated_by,starts_on,ends_on\n"
            "WG 64,o.petrova@din.example,Ольга,Петрова,DIN,2025-03-01,\n"
            "WG 99,l.na@sac.example,娜,李,SAC,2025-03-01,\n"
            "WG 64,y.hassan@eos.example,يوسف,حسن,EOS,1 March,\n"
            "WG 64,w.kamau@kebs.example,Wairimu,Kamau,KEBS,2026-03-01,2025-01-01\n")
    problems = problems_of(casco, ImportKind.EXPERTS, text)
    assert problems == [
        "line 3: ISO/CASCO has no group 'WG 99'; import the subgroups first",
        "line 4: nominated_by 'EOS' is not in the directory",
        "line 4: starts_on '1 March' is not a date written like 2026-03-31",
        "line 5: the membership ends before it starts",
    ]
    assert count(SubgroupExpert) == 0
    assert db.session.scalar(select(Person).where(Person.email == "o.petrova@din.example")) \
        is None


def test_an_imported_expert_list_is_of_accepted_experts_and_updates_their_terms(casco):
    import_file(casco, ImportKind.SUBGROUPS, SUBGROUPS.encode())
    text = ("group,email,given_name,family_name,nominated_by,starts_on,ends_on\n"
            "WG 64,o.petrova@din.example,Ольга,Петрова,DIN,2025-03-01,\n")
    import_file(casco, ImportKind.EXPERTS, text.encode())
    import_file(casco, ImportKind.EXPERTS, text.replace("2025-03-01,", "2025-03-01,2026-02-28")
                .encode())
    expert = db.session.scalar(select(SubgroupExpert))
    assert count(SubgroupExpert) == 1
    assert expert.status is ExpertStatus.ACCEPTED and expert.nominated_by.acronym == "DIN"
    assert (expert.starts_on, expert.ends_on) == (date(2025, 3, 1), date(2026, 2, 28))
    assert expert.is_member_on(date(2026, 2, 28)) and not expert.is_member_on(date(2026, 3, 1))


def test_officers_with_terms(casco):
    text = ("role,email,given_name,family_name,starts_on,ends_on\n"
            "chair,otieno@casco.example,Wanjiru,Otieno,2024-01-01,2026-12-31\n"
            "secretary,ioana@casco.example,Ioana,Drăgulescu,2018-01-01,\n")
    import_file(casco, ImportKind.OFFICERS, text.encode())
    chair = db.session.scalar(select(CommitteeOfficer).where(
        CommitteeOfficer.role == OfficerRole.CHAIR))
    assert chair.person.full_name == "Wanjiru Otieno" and chair.ends_on == date(2026, 12, 31)
    problems = problems_of(casco, ImportKind.OFFICERS, text.replace("chair,", "president,")
                           .replace("2018-01-01,", "2018-01-01,2017-01-01"))
    assert any(p.startswith("line 2: role 'president' is not one of chair") for p in problems)
    assert "line 3: the term ends before it starts" in problems


def test_liaisons_organisations_by_category_and_committees_by_direction(casco):
    make_org("IAF", kind=OrganisationKind.LIAISON, country=None)
    text = ("type,code,name,relation\n"
            "organisation,IAF,,A\n"
            "organisation,UNIDO,United Nations Industrial Development Organization,B\n"
            "committee,ISO/TC 176,Quality management,to\n"
            "committee,ISO/TC 176,Quality management,from\n")
    import_file(casco, ImportKind.LIAISONS, text.encode())
    unido = db.session.scalar(select(Organisation).where(Organisation.acronym == "UNIDO"))
    assert unido.kind is OrganisationKind.LIAISON
    statuses = {m.organisation.acronym: m.status for m in db.session.scalars(
        select(CommitteeMembership).join(Organisation).where(
            Organisation.kind == OrganisationKind.LIAISON))}
    assert statuses == {"IAF": CommitteeStatus.A, "UNIDO": CommitteeStatus.B}
    assert {(liaison.other_code, liaison.direction) for liaison in
            db.session.scalars(select(CommitteeLiaison))} == {
        ("ISO/TC 176", LiaisonDirection.TO), ("ISO/TC 176", LiaisonDirection.FROM)}
    problems = problems_of(casco, ImportKind.LIAISONS,
                           "type,code,name,relation\n"
                           "organisation,DIN,,A\n"
                           "organisation,NEWORG,,C\n"
                           "committee,ISO/TC 207,,both\n"
                           "body,X,,A\n")
    assert problems == [
        "line 2: DIN is a national standards body, not a liaison organisation",
        "line 3: 'NEWORG' is not in the directory: give its name to add it",
        "line 4: a liaison committee's relation is 'to' (it takes part in our work) or 'from' "
        "(we take part in its work), not 'both'",
        "line 5: type 'body' is not one of committee, organisation",
    ]


def test_the_cli_imports_all_or_nothing(app, tmp_path):
    with app.app_context():
        db.session.add(Committee(code="ISO/CASCO", name="CASCO"))
        db.session.commit()
    runner = app.test_cli_runner()
    good = tmp_path / "groups.csv"
    good.write_text(SUBGROUPS, encoding="utf-8")
    result = runner.invoke(args=["committees", "import", "ISO/CASCO", "subgroups", str(good)])
    assert result.exit_code == 0 and "3 added, 0 updated." in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("code,kind,title\nWG 70,working_group,\n", encoding="utf-8")
    result = runner.invoke(args=["committees", "import", "ISO/CASCO", "subgroups", str(bad)])
    assert result.exit_code == 1
    assert "nothing was imported" in result.output and "line 2: title is empty" in result.output
    result = runner.invoke(args=["committees", "import", "ISO/TC 999", "subgroups", str(good)])
    assert result.exit_code == 1 and "There is no committee 'ISO/TC 999'" in result.output
    with app.app_context():
        assert count(Subgroup) == 3


def test_the_secretary_uploads_a_file_and_sees_every_problem(app, client):
    with app.app_context():
        committee = Committee(code="ISO/CASCO", name="CASCO")
        db.session.add(committee)
        make_user(email="secretary@casco.example")
        user_person = db.session.scalar(select(Person).where(
            Person.email == "secretary@casco.example"))
        db.session.add(CommitteeOfficer(committee=committee, person=user_person,
                                        role=OfficerRole.SECRETARY))
        db.session.commit()
    sign_in(client, "secretary@casco.example")
    url = "/committees/ISO/CASCO/import"
    response = submit(client, url, {"kind": "subgroups", "file": (
        io.BytesIO(b"code,kind,title\nWG 70,working_group,\n"), "groups.csv")},
        content_type="multipart/form-data")
    page = html.unescape(response.get_data(as_text=True))
    assert "Nothing was imported" in page and "line 2: title is empty" in page
    response = submit(client, url, {"kind": "subgroups", "file": (
        io.BytesIO(SUBGROUPS.encode()), "groups.csv")}, content_type="multipart/form-data")
    assert response.status_code == 302
    page = html.unescape(client.get("/committees/ISO/CASCO").get_data(as_text=True))
    assert "Αλέξανδρος Νικολάου" in page and "JWG 62" in page
