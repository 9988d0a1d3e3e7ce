"""Online prep sessions: details and Webex information, invitations to NSBs, and the
remote-participation problems met by participants."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from events.auth.permissions import can, requires
from events.extensions import db
from events.hub import ManagePage, add_manage_page
from events.models import (
    Event,
    Person,
    PrepSessionDetails,
    ProblemKind,
)
from events.prep import details as prep_details
from events.prep import invitations, problems
from events.prep.forms import InviteForm, PrepDetailsForm, ProblemsForm

bp = Blueprint("prep", __name__, url_prefix="/events/<event:event>/prep")


@bp.app_template_global("prep_details")
def prep_details_global(event: Event) -> PrepSessionDetails | None:
    """The Webex details of an event for its page (None when it has none)."""
    return prep_details.details_of(event)


@bp.route("/edit", methods=["GET", "POST"])
@requires("event.organise", targets=("event",))
def edit(event: Event) -> str | Response:
    details = prep_details.details_of(event)
    form = PrepDetailsForm(obj=details)
    form.prepares.choices = [(0, _("— none —"))] + [
        (e.id, f"{e.title} ({e.starts_at.year})") for e in prep_details.preparable_events(event)]
    form.facilitator.choices = [(0, _("— none —"))] + [
        (p.id, p.choice_label)
        for p in prep_details.possible_facilitators(event)]
    if request.method == "GET":
        form.prepares.data = event.prepares_id or 0
        form.facilitator.data = (details.facilitator_id if details else None) or 0
        form.join_url.data = event.join_url
    if form.validate_on_submit():
        prep_details.save_details(event, prep_details.PrepDetailsInput(
            prepares_id=form.prepares.data or None,
            facilitator_id=form.facilitator.data or None,
            join_url=(form.join_url.data or "").strip(),
            meeting_number=(form.meeting_number.data or "").strip(),
            access_code=(form.access_code.data or "").strip(),
            dial_in_numbers=(form.dial_in_numbers.data or "").strip(),
        ))
        db.session.commit()
        flash(_("The online meeting details were saved."), "success")
        return redirect(url_for("meetings.event_page", event=event))
    return render_template("prep/edit.html", event=event, form=form)


@bp.route("/invite", methods=["GET", "POST"])
@requires("event.organise", targets=("event",))
def invite(event: Event) -> str | Response:
    bodies, committees = invitations.invitation_targets()
    form = InviteForm()
    form.target.choices = [("", _("Choose…"))] + [
        (f"body:{b.id}", f"{b.acronym} — {b.name}") for b in bodies] + [
        (f"committee:{c.id}", f"{c.code} — {c.name}") for c in committees]
    if request.method == "GET" and request.args.get("target"):
        form.target.data = request.args["target"]
    target = invitations.target_of_choice(form.target.data)
    if form.validate_on_submit():
        if target is None:
            form.target.errors.append(_("Choose a regional body or a committee."))
        else:
            result = invitations.send_invitations(
                event, target, current_user, url_for("meetings.event_page", event=event,
                                                     _external=True),
                resend=form.resend.data)
            db.session.commit()
            flash(ngettext("Invitation sent to %(num)d NSB.", "Invitations sent to %(num)d NSBs.",
                           len(result.sent)), "success")
            if result.unreachable:
                flash(_("No focal point account, not invited: %(list)s.",
                        list=", ".join(result.unreachable)), "error")
            if result.skipped:
                flash(_("Invited before, not sent again: %(list)s.",
                        list=", ".join(result.skipped)), "info")
            return redirect(url_for("prep.invite", event=event, target=form.target.data))
    return render_template(
        "prep/invite.html", event=event, form=form, target=target,
        invitees=invitations.invitees(event, target) if target else [],
        sent=invitations.sent_invitations(event))


@bp.route("/problems", methods=["GET", "POST"])
@requires("prep.report_problems", targets=("event",))
def report_problems(event: Event) -> str | Response:
    for_others = can("prep.record_for_others", event=event)
    form = ProblemsForm()
    people = problems.possible_reporters(event) if for_others else []
    form.person.choices = [(current_user.person_id, _("Myself"))] + [
        (p.id, p.choice_label)
        for p in people if p.id != current_user.person_id]
    if not for_others:  # participants speak for themselves only
        form.person.data = current_user.person_id
    elif request.method == "GET":
        form.person.data = request.args.get("person", type=int) or current_user.person_id
    if request.method == "GET":
        existing = problems.report_of(event, db.session.get(Person, form.person.data)
                                      or current_user.person)
        if existing is not None:
            form.kinds.data = [k.value for k in existing.kinds]
            form.details.data = existing.details
    if form.validate_on_submit():
        person = db.session.get(Person, form.person.data)
        if person is None:
            abort(400)
        try:
            problems.record_problems(event, person,
                                     [ProblemKind(k) for k in form.kinds.data or []],
                                     form.details.data, current_user)
            db.session.commit()
        except problems.ProblemError as error:
            db.session.rollback()
            form.details.errors.append(str(error))
        else:
            flash(_("Thank you: the problems met by %(name)s were recorded.",
                    name=person.full_name), "success")
            if for_others:
                return redirect(url_for("prep.problem_summary", event=event))
            return redirect(url_for("meetings.event_page", event=event))
    return render_template("prep/problems.html", event=event, form=form,
                           for_others=for_others)


@bp.get("/problems/summary")
@requires("prep.record_for_others", targets=("event",))
def problem_summary(event: Event) -> str:
    return render_template("prep/summary.html", event=event,
                           summary=problems.problem_summary(event))


def _online(event: Event) -> bool:
    return event.is_online


add_manage_page(ManagePage("prep.edit", _l("Online meeting details"),
                           _l("Facilitator, Webex number, access code, dial-in."), order=20,
                           applies=_online))
add_manage_page(ManagePage("prep.invite", _l("Invite NSBs"),
                           _l("Mail the focal points of a regional body or committee."),
                           order=21, applies=_online))
add_manage_page(ManagePage("prep.problem_summary", _l("Remote-participation problems"),
                           _l("What participants met: audio, connection, time zone…"),
                           order=44, permission="prep.record_for_others", applies=_online))
