"""Editing the draft agenda and publishing it (organisers only)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from events import happenings
from events.agenda import editing
from events.agenda.outline import outline_by_session, sessions_by_day
from events.agenda.publishing import NothingToPublish, pending_changes, publish_agenda
from events.auth.permissions import requires
from events.confirmation import confirmation_page
from events.extensions import db
from events.hub import ManagePage, add_manage_page
from events.jobs.running import request_job
from events.meetings.agenda_notices import (
    describe_change,
    participant_addresses,
)
from events.meetings.forms import ItemForm, PublishForm, SessionForm
from events.models import AgendaItem, Document, Event, Session, SessionKind

bp = Blueprint("agenda_editor", __name__, url_prefix="/events/<event:event>/manage/agenda")

add_manage_page(ManagePage("agenda_editor.index", _l("Agenda"),
                           _l("Sessions, numbered items and their documents; publish a new "
                              "version and tell participants."), order=20))
add_manage_page(ManagePage("meetings.agenda_changes", _l("Published versions"),
                           _l("Every publication of the agenda and what it changed."),
                           order=25))


def _session(event: Event, session_uid: str) -> Session:
    session = db.session.scalar(select(Session).where(Session.event_id == event.id,
                                                      Session.uid == session_uid))
    if session is None:
        abort(404)
    return session


def _item(event: Event, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.event_id != event.id:
        abort(404)
    return item


def _to_editor(event: Event, anchor: str | None = None) -> Response:
    return redirect(url_for("agenda_editor.index", event=event, _anchor=anchor))


def _show_problems(error: editing.AgendaError, form: SessionForm | ItemForm | None) -> None:
    for name, message in error.problems:
        if form is not None and name in form:
            form[name].errors.append(message)
        else:
            flash(message, "error")


@bp.get("/")
@requires("event.organise", targets=("event",))
def index(event: Event) -> str:
    sessions = db.session.scalars(select(Session).where(Session.event_id == event.id)
                                  .order_by(Session.starts_at, Session.id)).all()
    next_number, changes = pending_changes(event)
    previous = editing.previous_edition(event) if not sessions else None
    return render_template(
        "agenda_editor/index.html",
        event=event,
        days=sessions_by_day(sessions, event.timezone),
        outline=outline_by_session(editing.event_items(event)),
        next_number=next_number,
        changes=changes,
        describe=describe_change,
        previous=previous,
    )


def _session_form_page(event: Event, form: SessionForm, session: Session | None) -> str:
    return render_template("agenda_editor/session_form.html", event=event, form=form,
                           session=session)


def _session_details(form: SessionForm) -> editing.SessionDetails:
    return editing.SessionDetails(
        title=form.title.data or "", kind=SessionKind(form.kind.data),
        starts=form.starts.data, ends=form.ends.data, room=form.room.data,
        chairs=form.chairs.data, description=form.description.data)


@bp.route("/sessions/new", methods=["GET", "POST"])
@requires("event.organise", targets=("event",))
def new_session(event: Event) -> str | Response:
    form = SessionForm()
    if form.validate_on_submit():
        try:
            session = editing.save_session(event, _session_details(form))
            db.session.commit()
        except editing.AgendaError as error:
            db.session.rollback()
            _show_problems(error, form)
        else:
            flash(_("“%(title)s” was added to the draft.", title=session.title), "success")
            return _to_editor(event, f"session-{session.uid}")
    return _session_form_page(event, form, None)


@bp.route("/sessions/<session_uid>/edit", methods=["GET", "POST"])
@requires("event.organise", targets=("event",))
def edit_session(event: Event, session_uid: str) -> str | Response:
    session = _session(event, session_uid)
    form = SessionForm(obj=editing.session_details(session) if request.method == "GET"
                       else None)
    if form.validate_on_submit():
        try:
            editing.save_session(event, _session_details(form), session)
            db.session.commit()
        except editing.AgendaError as error:
            db.session.rollback()
            _show_problems(error, form)
        else:
            flash(_("“%(title)s” was changed in the draft.", title=session.title), "success")
            return _to_editor(event, f"session-{session.uid}")
    return _session_form_page(event, form, session)


@bp.post("/sessions/<session_uid>/cancel")
@requires("event.organise", targets=("event",))
def cancel_session(event: Event, session_uid: str) -> Response:
    session = _session(event, session_uid)
    session.cancelled = request.form.get("cancelled") == "1"
    db.session.commit()
    if session.cancelled:
        flash(_("“%(title)s” is cancelled in the draft; publish to tell participants.",
                title=session.title), "success")
    else:
        flash(_("“%(title)s” is back on the draft agenda.", title=session.title), "success")
    return _to_editor(event, f"session-{session.uid}")


@bp.post("/sessions/<session_uid>/delete")
@requires("event.organise", targets=("event",))
def delete_session(event: Event, session_uid: str) -> str | Response:
    session = _session(event, session_uid)
    title = session.title
    ask = confirmation_page(
        _("Delete the session “%(title)s”?", title=title), _("Yes, delete the session"),
        url_for("agenda_editor.index", event=event, _anchor=f"session-{session.uid}"),
        _("Its agenda items stay, in “not yet scheduled”."))
    if ask is not None:
        return ask
    try:
        editing.delete_session(session)
        db.session.commit()
    except editing.AgendaError as error:
        db.session.rollback()
        _show_problems(error, None)
    else:
        flash(_("“%(title)s” was removed from the draft; its items wait in “not yet "
                "scheduled”.", title=title), "success")
    return _to_editor(event)


def _item_form(event: Event, item: AgendaItem | None) -> ItemForm:
    form = ItemForm(obj=item if request.method == "GET" else None)
    sessions = db.session.scalars(select(Session).where(Session.event_id == event.id)
                                  .order_by(Session.starts_at)).all()
    form.session_id.choices = [("", _("— not yet scheduled —")), *(
        (s.id, f"{s.starts_at.astimezone(event.zone):%d %b %H:%M} {s.title}")
        for s in sessions)]
    form.parent_id.choices = [("", _("— top level —")),
                              *editing.parent_choices(event, item)]
    form.document_ids.choices = [(d.id, f"{d.reference} — {d.title}")
                                 for d in editing.document_choices(event)]
    if request.method == "GET":
        if item is not None:
            form.document_ids.data = [d.id for d in item.documents]
        else:
            chosen = request.args.get("session")
            form.session_id.data = next((s.id for s in sessions if s.uid == chosen), None)
    return form


def _save_item(event: Event, form: ItemForm, item: AgendaItem | None) -> AgendaItem | None:
    document: Document | None = None
    try:
        if form.adds_document:
            document = editing.add_document(event, editing.NewDocument(
                reference=form.document_reference.data or "",
                title=form.document_title.data or "", url=form.document_url.data,
                upload=form.document_file.data or None))
        saved = editing.save_item(event, editing.ItemDetails(
            title=form.title.data or "", presenter=form.presenter.data,
            session_id=form.session_id.data, parent_id=form.parent_id.data,
            document_ids=list(form.document_ids.data or [])), item, document)
        db.session.commit()
    except editing.AgendaError as error:
        db.session.rollback()
        editing.discard_upload(document)
        _show_problems(error, form)
        return None
    except Exception:
        db.session.rollback()
        editing.discard_upload(document)
        raise
    return saved


@bp.route("/items/new", methods=["GET", "POST"])
@requires("event.organise", targets=("event",))
def new_item(event: Event) -> str | Response:
    form = _item_form(event, None)
    if form.validate_on_submit():
        item = _save_item(event, form, None)
        if item is not None:
            flash(_("“%(title)s” was added to the draft.", title=item.title), "success")
            return _to_editor(event, f"item-{item.id}")
    return render_template("agenda_editor/item_form.html", event=event, form=form, item=None)


@bp.route("/items/<id:item_id>/edit", methods=["GET", "POST"])
@requires("event.organise", targets=("event",))
def edit_item(event: Event, item_id: int) -> str | Response:
    item = _item(event, item_id)
    form = _item_form(event, item)
    if form.validate_on_submit():
        saved = _save_item(event, form, item)
        if saved is not None:
            flash(_("“%(title)s” was changed in the draft.", title=saved.title), "success")
            return _to_editor(event, f"item-{saved.id}")
    return render_template("agenda_editor/item_form.html", event=event, form=form, item=item)


@bp.post("/items/<id:item_id>/move")
@requires("event.organise", targets=("event",))
def move_item(event: Event, item_id: int) -> Response:
    item = _item(event, item_id)
    direction = request.form.get("direction", "")
    if direction not in ("up", "down", "in", "out"):
        abort(400)
    try:
        editing.move_item(item, direction)
        db.session.commit()
    except editing.AgendaError as error:
        db.session.rollback()
        _show_problems(error, None)
    return _to_editor(event, f"item-{item_id}")


@bp.post("/items/<id:item_id>/delete")
@requires("event.organise", targets=("event",))
def delete_item(event: Event, item_id: int) -> str | Response:
    item = _item(event, item_id)
    title = item.title
    ask = confirmation_page(
        _("Delete the item “%(title)s”?", title=title), _("Yes, delete the item"),
        url_for("agenda_editor.index", event=event, _anchor=f"item-{item.id}"),
        _("Its sub-items are deleted with it."))
    if ask is not None:
        return ask
    editing.delete_item(item)
    db.session.commit()
    flash(_("“%(title)s” was removed from the draft.", title=title), "success")
    return _to_editor(event)


@bp.post("/copy-previous")
@requires("event.organise", targets=("event",))
def copy_previous(event: Event) -> Response:
    source = editing.previous_edition(event)
    if source is None:
        abort(404)
    try:
        copied = editing.copy_agenda(source, event)
        db.session.commit()
    except editing.AgendaError as error:
        db.session.rollback()
        _show_problems(error, None)
    else:
        flash(_("The agenda of %(source)s was copied: %(count)d sessions, on the same days of "
                "the meeting. Documents were not copied. Check the times and publish when "
                "ready.", source=source.title, count=copied), "success")
    return _to_editor(event)


@bp.route("/publish", methods=["GET", "POST"])
@requires("event.organise", targets=("event",))
def publish(event: Event) -> str | Response:
    form = PublishForm()
    if form.validate_on_submit():
        try:
            version = publish_agenda(event, by=current_user, note=form.note.data)
            if form.notify.data:
                # Mailed by the worker; asked for in the publication's own transaction.
                request_job("agenda_notice", event, current_user, version_id=version.id)
            db.session.commit()
        except NothingToPublish:
            db.session.rollback()
            flash(_("Nothing changed since the last version: there is nothing to publish."),
                  "info")
            return _to_editor(event)
        except IntegrityError:
            db.session.rollback()
            flash(_("Someone else published the agenda at the same moment. Check the changes "
                    "below and publish again."), "error")
            return redirect(url_for("agenda_editor.publish", event=event))
        message = _("Version %(number)d of the agenda is published.", number=version.number)
        if form.notify.data:
            message += " " + ngettext("%(num)d participant will be emailed.",
                                      "%(num)d participants will be emailed.",
                                      len(participant_addresses(event)))
        flash(message, "success")
        changes_page = url_for("meetings.agenda_changes", event=event)
        # Last: the listeners (webhooks) commit what they record.
        happenings.tell("agenda.published", event, {
            "version": version.number,
            "agenda": url_for("meetings.agenda", event=event, _external=True)})
        return redirect(changes_page)
    next_number, changes = pending_changes(event)
    return render_template("agenda_editor/publish.html", event=event, form=form,
                           next_number=next_number, changes=changes, describe=describe_change)
