"""A plenary's decisions: the live roll call, resolutions (drafting, adopting, publishing),
votes, minutes; the public page, PDF and feed of the adopted resolutions."""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from events.agenda.outline import number_items
from events.auth.permissions import can, head_of_delegation_for, requires
from events.confirmation import confirmation_page
from events.decisions import labels as _labels  # noqa: F401 - registers the enum labels
from events.decisions import minutes, printed, resolutions, votes
from events.decisions.forms import (
    BallotForm,
    ButtonForm,
    CorrespondenceForm,
    DrafterForm,
    MajorityRuleForm,
    MinutesForm,
    OpenVoteForm,
    RecordVoteForm,
    ResolutionForm,
)
from events.decisions.resolutions import DecisionError
from events.decisions.roll_call import RollCall, record_correspondence, roll_call, sessions_of
from events.extensions import db
from events.hub import ManagePage, add_manage_page
from events.models import (
    AgendaItem,
    BallotChannel,
    DecisionMethod,
    Document,
    Event,
    MajorityRule,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
    Resolution,
    Session,
    Vote,
    VoteChoice,
)
from events.reports.views import pdf_response

bp = Blueprint("decisions", __name__, url_prefix="/events/<event:event>")

# How often the live roll call asks for news, in seconds (check-in takes seconds a person);
# `ROLL_CALL_REFRESH_SECONDS` in the configuration changes it.
REFRESH_SECONDS = 15


def _refresh_seconds() -> int:
    return int(current_app.config.get("ROLL_CALL_REFRESH_SECONDS", REFRESH_SECONDS))


def _is_committee_meeting(event: Event) -> bool:
    return event.committee_id is not None


add_manage_page(ManagePage("decisions.roll_call_page", _l("Roll call"),
                           _l("P-members present against the committee's, live."), order=45,
                           permission="decisions.manage", applies=_is_committee_meeting))
add_manage_page(ManagePage("decisions.resolutions_page", _l("Resolutions and votes"),
                           _l("Draft, vote, adopt, number and publish."), order=46,
                           permission="decisions.manage", applies=_is_committee_meeting))
add_manage_page(ManagePage("decisions.minutes_page", _l("Minutes"),
                           _l("Generated from the meeting, edited, published."), order=47,
                           permission="decisions.manage", applies=_is_committee_meeting))


def _session_from_request(event: Event) -> Session | None:
    session_id = request.args.get("session", type=int)
    if not session_id:
        return None
    session = db.session.get(Session, session_id)
    if session is None or session.event_id != event.id:
        abort(404)
    return session


def _resolution(event: Event, resolution_id: int) -> Resolution:
    resolution = db.session.get(Resolution, resolution_id)
    if resolution is None or resolution.event_id != event.id:
        abort(404)
    return resolution


def _carry_out(action: Callable[[], object], done: str) -> bool:
    """Run a change and commit it; a refusal is flashed in its own words, nothing changed."""
    try:
        action()
    except DecisionError as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return False
    db.session.commit()
    flash(done, "success")
    return True


# --- roll call ---------------------------------------------------------------------------

@bp.get("/decisions/roll-call")
@requires("decisions.manage", targets=("event",))
def roll_call_page(event: Event) -> str:
    session = _session_from_request(event)
    call = roll_call(event, session)
    form = CorrespondenceForm()
    _correspondence_choices(form, event, call)
    return render_template("decisions/roll_call.html", event=event, call=call, session=session,
                           sessions=sessions_of(event), form=form, refresh=_refresh_seconds())


@bp.get("/decisions/roll-call/live")
@requires("decisions.manage", targets=("event",))
def roll_call_live(event: Event) -> Response:
    """The roll call's table alone, for the page's refresh script."""
    session = _session_from_request(event)
    response = Response(render_template("decisions/_roll_call.html", event=event,
                                        call=roll_call(event, session)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/decisions/roll-call.pdf")
@requires("decisions.manage", targets=("event",))
def roll_call_pdf(event: Event) -> Response:
    return pdf_response(printed.roll_call_document(event, _session_from_request(event)))


def _correspondence_choices(form: CorrespondenceForm, event: Event, call: RollCall) -> None:
    absent = [line.organisation for line in call.lines
              if line.status is not None and not line.status.is_liaison and not line.present]
    form.organisation.choices = [(0, _("Choose…"))] + [
        (org.id, f"{org.acronym} — {org.name}") for org in absent]
    form.document.choices = [(0, _("— none —"))] + [
        (d.id, f"{d.reference} — {d.title}") for d in _committee_documents(event)]


@bp.post("/decisions/correspondence")
@requires("decisions.manage", targets=("event",))
def add_correspondence(event: Event) -> str | BaseResponse | tuple[str, int]:
    call = roll_call(event)
    form = CorrespondenceForm()
    _correspondence_choices(form, event, call)
    if form.validate_on_submit() and form.organisation.data:
        organisation = db.session.get(Organisation, form.organisation.data)
        assert organisation is not None  # one of the choices
        record_correspondence(event, organisation, form.comments.data.strip(), current_user,
                              form.document.data or None)
        db.session.commit()
        flash(_("%(nsb)s participates by correspondence.", nsb=organisation.acronym),
              "success")
        return redirect(url_for("decisions.roll_call_page", event=event))
    if not form.organisation.data and not form.organisation.errors:
        form.organisation.errors = [_("Choose the NSB that sent its comments.")]
    return render_template("decisions/roll_call.html", event=event, call=call, session=None,
                           sessions=sessions_of(event), form=form,
                           refresh=_refresh_seconds()), 400


# --- resolutions -------------------------------------------------------------------------

def _committee_documents(event: Event) -> list[Document]:
    if event.committee_id is None:
        return []
    return list(db.session.scalars(select(Document).where(
        Document.committee_id == event.committee_id).order_by(Document.reference)))


def _resolution_choices(form: ResolutionForm, event: Event) -> None:
    items = list(db.session.scalars(select(AgendaItem).where(AgendaItem.event_id == event.id)))
    numbers = number_items(items)
    form.agenda_items.choices = sorted(
        ((item.id, f"{numbers.get(item.id, '')} {item.title}".strip()) for item in items),
        key=lambda choice: [int(part) if part.isdigit() else 0
                            for part in choice[1].split(" ", 1)[0].split(".")])
    form.documents.choices = [(d.id, f"{d.reference} — {d.title}")
                              for d in _committee_documents(event)]


@bp.route("/decisions/resolutions", methods=["GET", "POST"])
@requires("decisions.draft", targets=("event",))
def resolutions_page(event: Event) -> str | BaseResponse | tuple[str, int]:
    form = ResolutionForm()
    _resolution_choices(form, event)
    if form.validate_on_submit():
        try:
            resolution = resolutions.draft(
                event, form.title.data, form.text.data, by=current_user,
                agenda_item_ids=form.agenda_items.data or [],
                document_ids=form.documents.data or [])
            resolutions.edit(resolution, by=current_user, texts=_translations(form))
        except DecisionError as refusal:
            db.session.rollback()
            form.title.errors = [*form.title.errors, str(refusal)]
        else:
            db.session.commit()
            flash(_("The draft “%(title)s” is saved.", title=resolution.title), "success")
            return redirect(url_for("decisions.resolution_page", event=event,
                                    resolution_id=resolution.id))
    found = resolutions.resolutions_of(event)
    status = 400 if form.errors else 200
    return render_template(
        "decisions/resolutions.html", event=event, form=form, resolutions=found,
        votes=votes.votes_of(found), label=resolutions.label, button=ButtonForm(),
        record=resolutions.record_of(event), **_drafting_context(event),
        **_majority_context(event)), status


def _majority_context(event: Event) -> dict[str, object]:
    if event.committee_id is None:
        return {"majority": None}
    majority = votes.majority_rule(event.committee_id)
    form = MajorityRuleForm(data={"majority": majority.value}) \
        if can("decisions.majority_rule") else None
    return {"majority": majority, "majority_form": form}


@bp.post("/decisions/majority-rule")
@requires("decisions.majority_rule")
def set_majority_rule(event: Event) -> BaseResponse:
    form = MajorityRuleForm()
    if form.validate_on_submit():
        _carry_out(lambda: votes.set_majority_rule(event, MajorityRule(form.majority.data),
                                                   by=current_user),
                   _("The committee's majority rule is saved."))
    else:
        flash(_("Choose the committee's majority rule."), "error")
    return redirect(url_for("decisions.resolutions_page", event=event))


def _drafting_context(event: Event, form: DrafterForm | None = None) -> dict[str, object]:
    """The drafting committee and the form naming its members (organisers only)."""
    if not can("decisions.manage", event=event):
        return {"drafters": None}
    members = resolutions.drafting_committee(event)
    named = {member.person_id for member in members}
    form = form or DrafterForm()
    form.person.choices = [(0, _("Choose…"))] + [
        (person.id, person.listed_with(acronym))
        for person, acronym in db.session.execute(
            select(Person, Organisation.acronym)
            .join(Registration, Registration.person_id == Person.id)
            .join(Organisation, Organisation.id == Registration.organisation_id)
            .where(Registration.event_id == event.id,
                   Registration.status == RegistrationStatus.APPROVED)
            .order_by(Person.family_name, Person.given_name))
        if person.id not in named]
    return {"drafters": members, "drafter_form": form}


@bp.post("/decisions/drafting-committee")
@requires("decisions.manage", targets=("event",))
def name_drafter(event: Event) -> BaseResponse:
    form = DrafterForm()
    _drafting_context(event, form)
    if form.validate_on_submit() and form.person.data:
        person = db.session.get(Person, form.person.data)
        assert person is not None  # one of the choices
        resolutions.name_drafter(event, person, by=current_user)
        db.session.commit()
        flash(_("%(name)s is on the drafting committee.", name=person.full_name), "success")
    else:
        flash(_("Choose a participant of the meeting."), "error")
    return redirect(url_for("decisions.resolutions_page", event=event) + "#drafting")


@bp.post("/decisions/drafting-committee/<id:person_id>/remove")
@requires("decisions.manage", targets=("event",))
def remove_drafter(event: Event, person_id: int) -> BaseResponse:
    if ButtonForm().validate_on_submit():
        resolutions.remove_drafter(event, person_id, by=current_user)
        db.session.commit()
        flash(_("Removed from the drafting committee."), "success")
    return redirect(url_for("decisions.resolutions_page", event=event) + "#drafting")


def _translations(form: ResolutionForm) -> dict[str, str]:
    return {"fr": form.text_fr.data or "", "ru": form.text_ru.data or "",
            "es": form.text_es.data or ""}


@bp.route("/decisions/resolutions/<id:resolution_id>", methods=["GET", "POST"])
@requires("decisions.draft", targets=("event",))
def resolution_page(event: Event, resolution_id: int) -> str | BaseResponse | tuple[str, int]:
    resolution = _resolution(event, resolution_id)
    texts = resolutions.current_texts(resolution)
    form = ResolutionForm(obj=resolution if request.method == "GET" else None)
    _resolution_choices(form, event)
    if request.method == "GET":
        form.text.data = texts["en"].text if "en" in texts else ""
        for language in ("fr", "ru", "es"):
            getattr(form, f"text_{language}").data = texts[language].text \
                if language in texts else ""
        form.agenda_items.data = [i.id for i in resolution.agenda_items]
        form.documents.data = [d.id for d in resolution.documents]
    if form.validate_on_submit():
        try:
            changed = resolutions.edit(
                resolution, by=current_user, title=form.title.data,
                texts={"en": form.text.data, **_translations(form)},
                agenda_item_ids=form.agenda_items.data or [],
                document_ids=form.documents.data or [])
        except DecisionError as refusal:
            db.session.rollback()
            form.text.errors = [*form.text.errors, str(refusal)]
        else:
            db.session.commit()
            flash(_("The changes are saved as a new version.") if changed
                  else _("Nothing had changed."), "success")
            return redirect(url_for("decisions.resolution_page", event=event,
                                    resolution_id=resolution.id))
    vote_form = OpenVoteForm()
    vote_form.session.choices = [(0, _("The whole meeting"))] + [
        (s.id, s.title) for s in sessions_of(event)]
    status = 400 if form.errors else 200
    return render_template(
        "decisions/resolution.html", event=event, resolution=resolution, form=form,
        texts=texts, label=resolutions.label, history=resolutions.history(resolution),
        votes=votes.votes_of([resolution])[resolution.id], tally=votes.tally,
        open_vote=votes.open_vote_on(resolution), vote_form=vote_form,
        button=ButtonForm(), languages=resolutions.LANGUAGES,
        actions=resolutions.ACTIONS), status


@bp.post("/decisions/resolutions/<id:resolution_id>/adopt")
@requires("decisions.manage", targets=("event",))
def adopt(event: Event, resolution_id: int) -> str | BaseResponse:
    resolution = _resolution(event, resolution_id)
    back = url_for("decisions.resolution_page", event=event, resolution_id=resolution.id)
    if ButtonForm().validate_on_submit():
        ask = confirmation_page(
            _("Adopt “%(title)s” by consensus?", title=resolution.title),
            _("Yes, adopt it"), back,
            _("It gets the committee's next number of the year; its English text no longer "
              "changes."))
        if ask is not None:
            return ask
        if _carry_out(lambda: resolutions.adopt(resolution, DecisionMethod.CONSENSUS,
                                                by=current_user),
                      _("Adopted by consensus.")):
            flash(resolutions.label(resolution), "success")
    return redirect(back)


@bp.post("/decisions/resolutions/<id:resolution_id>/withdraw")
@requires("decisions.manage", targets=("event",))
def withdraw(event: Event, resolution_id: int) -> str | BaseResponse:
    resolution = _resolution(event, resolution_id)
    back = url_for("decisions.resolution_page", event=event, resolution_id=resolution.id)
    if ButtonForm().validate_on_submit():
        ask = confirmation_page(_("Withdraw “%(title)s”?", title=resolution.title),
                                _("Yes, withdraw it"), back)
        if ask is not None:
            return ask
        _carry_out(lambda: resolutions.withdraw(resolution, by=current_user),
                   _("The draft is withdrawn."))
    return redirect(back)


@bp.post("/decisions/resolutions/publish")
@requires("decisions.manage", targets=("event",))
def publish_resolutions(event: Event) -> str | BaseResponse:
    back = url_for("decisions.resolutions_page", event=event)
    if ButtonForm().validate_on_submit():
        ask = confirmation_page(
            _("Publish the adopted resolutions of %(event)s?", event=event.title),
            _("Yes, publish them"), back,
            _("Anyone can then read them, as a page, a PDF and a feed."))
        if ask is not None:
            return ask
        if _carry_out(lambda: resolutions.publish(event, by=current_user),
                      _("The resolutions are published.")):
            return redirect(url_for("decisions.published", event=event))
    return redirect(back)


# --- votes -------------------------------------------------------------------------------

@bp.post("/decisions/resolutions/<id:resolution_id>/vote/open")
@requires("decisions.manage", targets=("event",))
def open_vote(event: Event, resolution_id: int) -> BaseResponse:
    resolution = _resolution(event, resolution_id)
    form = OpenVoteForm()
    form.session.choices = [(0, "")] + [(s.id, s.title) for s in sessions_of(event)]
    if not form.validate_on_submit():
        flash(_("Choose the session the vote is held in."), "error")
        return redirect(url_for("decisions.resolution_page", event=event,
                                resolution_id=resolution.id))
    session = db.session.get(Session, form.session.data) if form.session.data else None
    if _carry_out(lambda: votes.open_vote(resolution, session, by=current_user),
                  _("The vote is open.")):
        return redirect(url_for("decisions.vote_page", event=event,
                                resolution_id=resolution.id))
    return redirect(url_for("decisions.resolution_page", event=event,
                            resolution_id=resolution.id))


def _vote_context(event: Event, resolution: Resolution, form: RecordVoteForm | None = None
                  ) -> dict[str, object]:
    found = votes.votes_of([resolution])[resolution.id]
    vote = found[-1] if found else None
    if vote is None:
        abort(404)
    call = votes.voters(vote)
    ballots = {ballot.organisation_id: ballot for ballot in vote.ballots}
    form = form or RecordVoteForm()
    form.organisation.choices = [(0, _("Choose…"))] + [
        (line.organisation.id, line.organisation.acronym)
        for line in call.p_members if line.present]
    return {"event": event, "resolution": resolution, "vote": vote, "call": call,
            "ballots": ballots, "result": votes.tally(vote), "form": form,
            "button": ButtonForm(), "label": resolutions.label}


@bp.get("/decisions/resolutions/<id:resolution_id>/vote")
@requires("decisions.manage", targets=("event",))
def vote_page(event: Event, resolution_id: int) -> str:
    resolution = _resolution(event, resolution_id)
    return render_template("decisions/vote.html", **_vote_context(event, resolution))


@bp.post("/decisions/resolutions/<id:resolution_id>/vote/record")
@requires("decisions.manage", targets=("event",))
def record_vote(event: Event, resolution_id: int) -> str | BaseResponse | tuple[str, int]:
    """The secretary records a vote called out in the room (or corrects one)."""
    resolution = _resolution(event, resolution_id)
    form = RecordVoteForm()
    context = _vote_context(event, resolution, form)
    vote, call = context["vote"], context["call"]
    assert isinstance(vote, Vote) and isinstance(call, RollCall)
    organisation = db.session.get(Organisation, form.organisation.data or 0)
    if form.validate_on_submit() and organisation is not None:
        # Whoever is named, the vote's own rule answers (an O-member is refused in words).
        _carry_out(lambda: votes.cast(vote, organisation, VoteChoice(form.choice.data),
                                      by=current_user, channel=BallotChannel.CALLED_OUT,
                                      call=call),
                   _("The vote of %(nsb)s is recorded.", nsb=organisation.acronym))
        return redirect(url_for("decisions.vote_page", event=event, resolution_id=resolution.id))
    if organisation is None:
        form.organisation.errors = [_("Choose the P-member whose vote was called out.")]
    return render_template("decisions/vote.html", **context), 400


@bp.post("/decisions/resolutions/<id:resolution_id>/vote/close")
@requires("decisions.manage", targets=("event",))
def close_vote(event: Event, resolution_id: int) -> str | BaseResponse:
    resolution = _resolution(event, resolution_id)
    back = url_for("decisions.vote_page", event=event, resolution_id=resolution.id)
    vote = votes.open_vote_on(resolution)
    if ButtonForm().validate_on_submit():
        if vote is None:
            flash(_("The vote was closed already; a vote is closed once."), "error")
            return redirect(back)
        result = votes.tally(vote)
        ask = confirmation_page(
            _("Close the vote on “%(title)s”?", title=resolution.title),
            _("Yes, close the vote"), back,
            _("%(yes)d yes, %(no)d no, %(abstain)d abstentions. A vote is closed once: no "
              "vote can be cast or changed afterwards.",
              yes=result.yes, no=result.no, abstain=result.abstain))
        if ask is not None:
            return ask
        _carry_out(lambda: votes.close_vote(vote, by=current_user), _("The vote is closed."))
    return redirect(back)


@bp.route("/resolutions/<id:resolution_id>/ballot", methods=["GET", "POST"])
@requires("decisions.cast_vote", targets=("event",))
def ballot(event: Event, resolution_id: int) -> str | BaseResponse | tuple[str, int]:
    """A head of delegation casts their NSB's vote, in the room or online."""
    resolution = _resolution(event, resolution_id)
    organisation = db.session.get(Organisation, head_of_delegation_for(current_user, event))
    if organisation is None:  # the rule above lets only heads of delegation in
        abort(403)
    vote = votes.open_vote_on(resolution)
    form = BallotForm()
    refusal = None
    if vote is None:
        refusal = _("No vote on this resolution is open.")
    else:
        refusal = votes.refusal(vote, organisation, votes.voters(vote))
    if (refusal is None and vote is not None and form.validate_on_submit()
            and _carry_out(lambda: votes.cast(vote, organisation, VoteChoice(form.choice.data),
                                              by=current_user,
                                              channel=BallotChannel.HEAD_OF_DELEGATION),
                           _("The vote of %(nsb)s is cast.", nsb=organisation.acronym))):
        return redirect(url_for("decisions.ballot", event=event, resolution_id=resolution.id))
    own = next((b for b in (vote.ballots if vote else [])
                if b.organisation_id == organisation.id), None)
    status = 400 if form.errors else 200
    return render_template("decisions/ballot.html", event=event, resolution=resolution,
                           vote=vote, organisation=organisation, form=form, refusal=refusal,
                           own=own, texts=resolutions.current_texts(resolution),
                           label=resolutions.label), status


# --- minutes -----------------------------------------------------------------------------

@bp.route("/decisions/minutes", methods=["GET", "POST"])
@requires("decisions.manage", targets=("event",))
def minutes_page(event: Event) -> str | BaseResponse | tuple[str, int]:
    record = resolutions.record_of(event)
    form = MinutesForm()
    if request.method == "GET":
        regenerate = request.args.get("draft") == "generated"
        form.text.data = (record.minutes_text if record and record.minutes_text
                          and not regenerate else minutes.draft_text(event))
    elif form.validate_on_submit():
        try:
            minutes.save(event, form.text.data, by=current_user)
        except DecisionError as refusal:
            db.session.rollback()
            form.text.errors = [str(refusal)]
        else:
            db.session.commit()
            flash(_("The minutes are saved."), "success")
            return redirect(url_for("decisions.minutes_page", event=event))
    status = 400 if form.errors else 200
    return render_template("decisions/minutes.html", event=event, form=form, record=record,
                           button=ButtonForm()), status


@bp.post("/decisions/minutes/publish")
@requires("decisions.manage", targets=("event",))
def publish_minutes(event: Event) -> str | BaseResponse:
    back = url_for("decisions.minutes_page", event=event)
    if ButtonForm().validate_on_submit():
        ask = confirmation_page(_("Publish the minutes of %(event)s?", event=event.title),
                                _("Yes, publish them"), back,
                                _("The committee's participants can then download them."))
        if ask is not None:
            return ask
        _carry_out(lambda: minutes.publish(event, by=current_user),
                   _("The minutes are published."))
    return redirect(back)


@bp.get("/minutes.pdf")
@requires("decisions.minutes", targets=("event",), hide=True)
def minutes_pdf(event: Event) -> Response:
    # Not published yet: a plain 404.
    return pdf_response(printed.minutes_document(event))


# --- the published resolutions -----------------------------------------------------------

@bp.get("/resolutions")
@requires("event.view", targets=("event",), hide=True)
def published(event: Event) -> str:
    found = resolutions.published_resolutions(event)
    found_votes = votes.votes_of(found.resolutions) if found else {}
    return render_template(
        "decisions/published.html", event=event, published=found, votes=found_votes,
        texts={r.id: resolutions.current_texts(r) for r in (found.resolutions if found else [])},
        tally=votes.tally, label=resolutions.label, languages=resolutions.LANGUAGES)


@bp.get("/resolutions.pdf")
@requires("event.view", targets=("event",), hide=True)
def published_pdf(event: Event) -> Response:
    found = resolutions.published_resolutions(event)
    # Not published yet: a plain 404.
    return pdf_response(printed.resolutions_document(event, found) if found else None)


@bp.get("/resolutions.atom")
@requires("event.view", targets=("event",), hide=True)
def published_feed(event: Event) -> Response:
    found = resolutions.published_resolutions(event)
    if found is None:
        abort(404, description="the resolutions are not published yet")
    body = printed.resolutions_feed(event, found,
                                    url_for("decisions.published", event=event, _external=True))
    return Response(body, mimetype="application/atom+xml")

