"""Committee pages: the public page and its groups; nominations by focal points, decisions by
the committee secretary, the convenor's registrations, and the secretary's imports."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.routing import BaseConverter, ValidationError
from werkzeug.wrappers import Response

import events.committees.labels  # noqa: F401 - the labels of the committees' choices
from events.auth.permissions import nominating_bodies, requires
from events.committees import experts as expert_operations
from events.committees import mails, meetings, queries
from events.committees.forms import (
    AcceptForm,
    CommitteeImportForm,
    DeclineForm,
    EndMembershipForm,
    GroupMeetingForm,
    NominationForm,
)
from events.committees.importer import (
    COLUMNS,
    EXAMPLES,
    KIND_LABELS,
    CommitteeImportError,
    ImportKind,
    import_file,
)
from events.extensions import db
from events.models import (
    Committee,
    CommitteeStatus,
    Event,
    ExpertStatus,
    Registration,
    RegistrationStatus,
    Subgroup,
    SubgroupExpert,
    SubgroupMeeting,
)
from events.registration.forms import ActionForm, DecisionForm
from events.timefmt import format_date

bp = Blueprint("committees", __name__, url_prefix="/committees")


class CommitteeConverter(BaseConverter):
    """`/committees/ISO/CASCO`: ISO writes committee codes with one slash."""

    regex = r"[^/]+(?:/[^/]+)?"
    part_isolating = False

    def to_python(self, value: str) -> Committee:
        found = queries.find_committee(value)
        if found is None:
            raise ValidationError()
        return found

    def to_url(self, value: Any) -> str:
        return super().to_url(value if isinstance(value, str) else value.code)


class SubgroupConverter(BaseConverter):
    regex = r"\d+"

    def to_python(self, value: str) -> Subgroup:
        found = db.session.get(Subgroup, int(value))
        if found is None:
            raise ValidationError()
        return found

    def to_url(self, value: Any) -> str:
        return str(value if isinstance(value, int | str) else value.id)


class ExpertConverter(SubgroupConverter):
    # Another model: only the regex and to_url are shared with SubgroupConverter.
    def to_python(self, value: str) -> SubgroupExpert:  # type: ignore[override]
        found = db.session.get(SubgroupExpert, int(value))
        if found is None:
            raise ValidationError()
        return found


# Registered before the routes below are added to the app.
bp.record_once(lambda state: state.app.url_map.converters.update(
    committee=CommitteeConverter, subgroup=SubgroupConverter, expert=ExpertConverter))


def _in(committee: Committee, subgroup: Subgroup) -> None:
    """A group's address names its committee: another committee's code is no address."""
    if subgroup.committee_id != committee.id:
        abort(404)


@bp.get("/")
def index() -> str:
    committees = db.session.scalars(select(Committee).order_by(Committee.code)).all()
    return render_template("committees/index.html", committees=committees)


@bp.get("/<committee:committee>")
def committee_page(committee: Committee) -> str:
    return render_template("committees/committee.html", page=queries.committee_page(committee),
                           statuses=CommitteeStatus)


@bp.get("/<committee:committee>/groups/<subgroup:subgroup>")
def subgroup_page(committee: Committee, subgroup: Subgroup) -> str:
    _in(committee, subgroup)
    return render_template("committees/subgroup.html", committee=committee, group=subgroup,
                           experts=queries.current_experts(subgroup),
                           meetings=queries.group_meetings(subgroup),
                           meeting_form=_meeting_form(subgroup), end_form=EndMembershipForm())


def _meeting_form(subgroup: Subgroup) -> GroupMeetingForm:
    form = GroupMeetingForm()
    form.event.choices = [(event.id, event.title)
                          for event in meetings.candidate_meetings(subgroup)]
    return form


@bp.post("/<committee:committee>/groups/<subgroup:subgroup>/meetings")
@requires("committee.manage", targets=("committee",))
def hold_meeting(committee: Committee, subgroup: Subgroup) -> Response:
    _in(committee, subgroup)
    form = _meeting_form(subgroup)
    if form.validate_on_submit():
        event = db.session.get(Event, form.event.data) if form.event.data else None
        try:
            link = meetings.hold_meeting(subgroup, event)
        except meetings.MeetingRefused as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("%(meeting)s is a meeting of %(group)s, open to its experts.",
                    meeting=link.event.title, group=subgroup.code), "success")
    return redirect(url_for("committees.subgroup_page", committee=committee,
                            subgroup=subgroup))


@bp.route("/<committee:committee>/groups/<subgroup:subgroup>/nominate",
          methods=["GET", "POST"])
@requires("subgroup.nominate", targets=("subgroup",))
def nominate(committee: Committee, subgroup: Subgroup) -> str | Response:
    _in(committee, subgroup)
    form = NominationForm()
    bodies = nominating_bodies(current_user, subgroup)
    form.organisation.choices = [(org.id, f"{org.acronym} — {org.name}") for org in bodies]
    if form.validate_on_submit():
        organisation = next((org for org in bodies if org.id == form.organisation.data), None)
        try:
            if organisation is None:
                raise expert_operations.ExpertRefused(
                    _("Choose the organisation nominating the expert from the list."),
                    "organisation")
            expert = expert_operations.nominate(
                subgroup, organisation, email=form.email.data,
                given_name=form.given_name.data or "", family_name=form.family_name.data,
                by=current_user)
        except expert_operations.ExpertRefused as error:
            db.session.rollback()
            form[error.field or "email"].errors.append(error.message)
        else:
            mails.nomination_made(expert)
            db.session.commit()
            flash(_("%(name)s is nominated to %(group)s; the secretary of %(committee)s "
                    "decides.", name=expert.person.full_name, group=subgroup.code,
                    committee=committee.code), "success")
            return redirect(url_for("committees.subgroup_page", committee=committee,
                                    subgroup=subgroup))
    nominations = db.session.scalars(select(SubgroupExpert).where(
        SubgroupExpert.subgroup_id == subgroup.id,
        SubgroupExpert.nominated_by_id.in_([org.id for org in bodies]))
        .order_by(SubgroupExpert.created_at.desc())).all()
    return render_template("committees/nominate.html", committee=committee, group=subgroup,
                           form=form, nominations=nominations)


@bp.get("/<committee:committee>/nominations")
@requires("committee.manage", targets=("committee",))
def nominations(committee: Committee) -> str:
    return render_template("committees/nominations.html", committee=committee,
                           pending=queries.pending_nominations(committee),
                           accept_form=AcceptForm(), decline_form=DeclineForm())


def _decide(committee: Committee, expert: SubgroupExpert, decision: Any, done: str) -> Response:
    if expert.subgroup.committee_id != committee.id:
        abort(404)
    try:
        decision()
    except expert_operations.ExpertRefused as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        mails.nomination_decided(expert)
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("committees.nominations", committee=committee))


@bp.post("/<committee:committee>/nominations/<expert:expert>/accept")
@requires("committee.manage", targets=("committee",))
def accept(committee: Committee, expert: SubgroupExpert) -> Response:
    form = AcceptForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
        return redirect(url_for("committees.nominations", committee=committee))
    return _decide(committee, expert, lambda: expert_operations.accept(
        expert, by=current_user, starts_on=form.starts_on.data, ends_on=form.ends_on.data),
        _("%(name)s is an expert of %(group)s.", name=expert.person.full_name,
          group=expert.subgroup.code))


@bp.post("/<committee:committee>/nominations/<expert:expert>/decline")
@requires("committee.manage", targets=("committee",))
def decline(committee: Committee, expert: SubgroupExpert) -> Response:
    form = DeclineForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
        return redirect(url_for("committees.nominations", committee=committee))
    return _decide(committee, expert, lambda: expert_operations.decline(
        expert, form.reason.data, by=current_user),
        _("The nomination of %(name)s to %(group)s is declined.",
          name=expert.person.full_name, group=expert.subgroup.code))


@bp.post("/<committee:committee>/experts/<expert:expert>/end")
@requires("committee.manage", targets=("committee",))
def end_membership(committee: Committee, expert: SubgroupExpert) -> Response:
    if expert.subgroup.committee_id != committee.id:
        abort(404)
    form = EndMembershipForm()
    if form.validate_on_submit():
        try:
            expert_operations.end_membership(expert, form.ends_on.data, by=current_user)
        except expert_operations.ExpertRefused as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("%(name)s is an expert of %(group)s until %(date)s.",
                    name=expert.person.full_name, group=expert.subgroup.code,
                    date=format_date(form.ends_on.data)), "success")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
    return redirect(url_for("committees.subgroup_page", committee=committee,
                            subgroup=expert.subgroup))


@bp.get("/<committee:committee>/groups/<subgroup:subgroup>/registrations")
@requires("subgroup.registrations", targets=("subgroup",))
def group_registrations(committee: Committee, subgroup: Subgroup) -> str:
    """The convenor's desk: who asked to come to the group's meetings."""
    _in(committee, subgroup)
    registrations = db.session.scalars(
        select(Registration).join(SubgroupMeeting,
                                  SubgroupMeeting.event_id == Registration.event_id)
        .where(SubgroupMeeting.subgroup_id == subgroup.id,
               Registration.status != RegistrationStatus.CANCELLED)
        .order_by(Registration.status != RegistrationStatus.PENDING,
                  Registration.created_at)).all()
    return render_template("committees/registrations.html", committee=committee,
                           group=subgroup, registrations=registrations,
                           decision=DecisionForm(), action=ActionForm())


@bp.route("/<committee:committee>/import", methods=["GET", "POST"])
@requires("committee.manage", targets=("committee",))
def import_lists(committee: Committee) -> str | Response:
    form = CommitteeImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            report = import_file(committee, ImportKind(form.kind.data), form.file.data.read())
            db.session.commit()
        except CommitteeImportError as error:
            db.session.rollback()
            problems = error.problems
        else:
            flash(_("%(what)s imported: %(summary)s",
                    what=KIND_LABELS[ImportKind(form.kind.data)], summary=report.summary()),
                  "success")
            return redirect(url_for("committees.committee_page", committee=committee))
    return render_template("committees/import.html", committee=committee, form=form,
                           problems=problems, columns=COLUMNS, examples=EXAMPLES,
                           labels=KIND_LABELS)


@bp.app_context_processor
def committee_helpers() -> dict[str, object]:
    return {"expert_statuses": ExpertStatus}
