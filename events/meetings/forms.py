"""Forms of the organisers' pages: event details, sessions, agenda items, publishing."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from events.extensions import db
from events.geo import country_choices
from events.models import (
    Committee,
    EventKind,
    EventMode,
    EventSeries,
    EventStatus,
    MeetingWeek,
    Organisation,
    SessionKind,
)

# What a datetime-local input sends (with or without seconds), or what people type.
_LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
_BAD_TIME = _l("Enter a date and a time, such as 2026-05-04 09:00.")


def optional_id(value: Any) -> int | None:
    """Select values: "" is none, anything else a row id."""
    if value in (None, "", "None"):
        return None
    return int(value)


def local_time_field(label: Any, description: Any = None) -> DateTimeLocalField:
    return DateTimeLocalField(label, format=_LOCAL_FORMATS, invalid_value_message=_BAD_TIME,
                              validators=[InputRequired(_BAD_TIME)], description=description)


class EventForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(_l("Enter the title.")),
                                                 Length(max=255)],
                        description=_l("As participants know it, e.g. 35th ISO/CASCO Plenary."))
    slug = StringField(_l("Address"), validators=[Optional(), Length(max=80)],
                       description=_l("The end of the meeting's web address: lower-case "
                                      "letters, digits and hyphens. Left empty, it is made "
                                      "from the title (35th ISO/CASCO Plenary: "
                                      "35th-iso-casco-plenary). Changing it breaks links "
                                      "already shared."))
    kind = SelectField(_l("Kind of meeting"), validators=[InputRequired()])
    status = SelectField(_l("Status"), validators=[InputRequired()],
                         description=_l("A draft is seen only by its organisers."))
    mode = SelectField(_l("Where it happens"), validators=[InputRequired()],
                       description=_l("Online meetings have shorter Directives deadlines for "
                                      "the agenda."))
    series_id = SelectField(_l("Series"), coerce=optional_id, validators=[Optional()])
    new_series = StringField(_l("Or a new series"), validators=[Optional(), Length(max=255)],
                             description=_l("For the first meeting of a series, e.g. "
                                            "ISO/TC 176 Plenary."))
    edition = IntegerField(_l("Edition"), validators=[Optional()],
                           description=_l("Its number in the series, e.g. 35."))
    meeting_week_id = SelectField(_l("Meeting week"), coerce=optional_id,
                                  validators=[Optional()],
                                  description=_l("Meetings held together, listed together."))
    new_meeting_week = StringField(_l("Or a new meeting week"),
                                   validators=[Optional(), Length(max=255)])
    committee_id = SelectField(_l("Committee"), coerce=optional_id, validators=[Optional()],
                               description=_l("Committee meetings get their Directives "
                                              "deadlines."))
    host_id = SelectField(_l("Host"), coerce=optional_id, validators=[Optional()])
    organiser_ids = SelectMultipleField(_l("Organising organisations"), coerce=int,
                                        validators=[Optional()],
                                        description=_l("Hold Ctrl (⌘ on a Mac) to choose "
                                                       "several."))
    timezone = StringField(_l("Time zone"), validators=[Optional()],
                           description=_l("Type the city and choose it from the list, where "
                                          "each zone is named with its offset. Left empty, "
                                          "it is taken from the venue's city and country. "
                                          "Times below are in this zone."),
                           render_kw={"list": "zones", "autocomplete": "off",
                                      "spellcheck": "false"})
    starts = local_time_field(_l("Starts"))
    ends = local_time_field(_l("Ends"))
    move_sessions = BooleanField(_l("Keep the sessions at their times of day if the dates or "
                                    "the time zone change"), default=True)
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=255)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    country = SelectField(_l("Country"), validators=[Optional()])
    capacity = IntegerField(_l("Places"), validators=[Optional()],
                            description=_l("Leave empty when there is no limit."))
    join_url = StringField(_l("Link to join online"), validators=[Optional(), Length(max=500)],
                           description=_l("Webex, Zoom or Teams. Shown only to organisers and "
                                          "approved participants, never on public pages."))
    description = TextAreaField(_l("Description"), validators=[Optional(),
                                                               Length(max=10000)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        none = ("", _l("— none —"))
        self.kind.choices = EventKind.choices()
        self.status.choices = EventStatus.choices()
        self.mode.choices = EventMode.choices()
        self.series_id.choices = [none, *((s.id, s.title) for s in db.session.scalars(
            select(EventSeries).order_by(EventSeries.title)))]
        self.meeting_week_id.choices = [none, *((w.id, w.title) for w in db.session.scalars(
            select(MeetingWeek).order_by(MeetingWeek.title)))]
        self.committee_id.choices = [none, *((c.id, f"{c.code} — {c.name}") for c in
                                             db.session.scalars(select(Committee)
                                                                .order_by(Committee.code)))]
        organisations = [(o.id, f"{o.acronym} — {o.name}") for o in db.session.scalars(
            select(Organisation).order_by(Organisation.acronym))]
        self.host_id.choices = [none, *organisations]
        self.organiser_ids.choices = organisations
        self.country.choices = [("", _l("— none —")), *country_choices()]


class SessionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(_l("Enter the title.")),
                                                 Length(max=255)])
    kind = SelectField(_l("Kind"), validators=[InputRequired()],
                       description=_l("Breaks and social events show as such on the agenda; "
                                      "guests attend social events."))
    starts = local_time_field(_l("Starts"))
    ends = local_time_field(_l("Ends"))
    room = StringField(_l("Room"), validators=[Optional(), Length(max=120)],
                       description=_l("Or the online tool, e.g. Webex."))
    chairs = StringField(_l("Chairs"), validators=[Optional(), Length(max=255)])
    description = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)],
                                description=_l("Shown under the session and in calendars."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = SessionKind.choices()


class ItemForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(_l("Enter the title.")),
                                                 Length(max=500)])
    presenter = StringField(_l("Presenter"), validators=[Optional(), Length(max=255)])
    session_id = SelectField(_l("Session"), coerce=optional_id, validators=[Optional()])
    parent_id = SelectField(_l("Sub-item of"), coerce=optional_id, validators=[Optional()],
                            description=_l("Leave at the top level for 1, 2, 3…; choose item 2 "
                                           "to make this 2.1, 2.2…"))
    document_ids = SelectMultipleField(_l("Documents"), coerce=int, validators=[Optional()],
                                       description=_l("The committee's documents already "
                                                      "here. Hold Ctrl (⌘ on a Mac) to choose "
                                                      "several."))
    document_reference = StringField(_l("Reference"), validators=[Optional(), Length(max=80)],
                                     description=_l("As the committee numbers it, e.g. "
                                                    "CASCO N 1234."))
    document_title = StringField(_l("Title of the document"),
                                 validators=[Optional(), Length(max=500)])
    document_url = StringField(_l("Link"), validators=[Optional(), Length(max=500)],
                               description=_l("Where the document is kept (e.g. ISOlutions)."))
    document_file = FileField(_l("Or a file"),
                              description=_l("PDF, Word, Excel, PowerPoint, OpenDocument, text "
                                             "or ZIP, up to 20 MB."))

    @property
    def adds_document(self) -> bool:
        return any((self.document_reference.data, self.document_title.data,
                    self.document_url.data,
                    getattr(self.document_file.data, "filename", None)))


class PublishForm(FlaskForm):
    note = TextAreaField(_l("Note to participants"), validators=[Optional(), Length(max=2000)],
                         description=_l("Optional, sent with the list of changes, e.g. why the "
                                        "reception moved."))
    notify = BooleanField(_l("Email the approved participants"), default=True)
