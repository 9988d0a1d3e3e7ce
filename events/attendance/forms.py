from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from events.models import AttendanceMode, ExportFormat, Session


class ImportForm(FlaskForm):
    file = FileField(
        _l("Attendance export"),
        validators=[FileRequired(_l("Choose the file exported from Webex, Zoom or Teams."))],
        description=_l("Webex, Zoom or Microsoft Teams attendance export as downloaded, or a "
                       "CSV with the columns name, email, organisation."),
    )
    format = SelectField(_l("Format"), default="auto")
    session = SelectField(_l("Record attendance for"), default="")
    timezone = StringField(
        _l("Time zone of the times in the file"), validators=[Optional(), Length(max=64)],
        description=_l("Exports write times in the zone of the account that downloaded them. "
                       "Leave empty for the meeting's own zone."),
    )

    dates = SelectField(
        _l("Dates in the file"), default="auto",
        description=_l("Only needed when the file's dates could be read either way."),
    )

    def __init__(self, *args: object, sessions: Sequence[Session] = (),
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.format.choices = [("auto", _l("Detect it")), *ExportFormat.choices()]
        self.dates.choices = [("auto", _l("Decide by the meeting's dates")),
                              ("day-first", _l("Day first (01/05/2019 is 1 May)")),
                              ("month-first", _l("Month first (01/05/2019 is 5 January)"))]
        self.session.choices = [("", _l("The whole meeting")),
                                *((str(s.id), s.title) for s in sessions)]

    def validate_timezone(self, field: StringField) -> None:
        if field.data and field.data.strip() not in available_timezones():
            raise ValidationError(_l("Give an IANA time zone such as America/Bogota or "
                                     "Europe/Zurich."))


class CodeForm(FlaskForm):
    code = StringField(_l("Badge code"), validators=[InputRequired(_l("Type the code."))],
                       description=_l("Printed under the QR code, e.g. 1234-K7QF-M2XA."))
    via = HiddenField(default="typed")


class OutsideDaysForm(FlaskForm):
    reason = StringField(
        _l("Reason for checking in outside the meeting's days"),
        validators=[DataRequired(_l("Give the reason: it is kept with every check-in.")),
                    Length(max=200)],
        filters=[lambda value: " ".join(value.split()) if value else value],
        description=_l("For example: badges collected the evening before the opening."),
    )


class NewPersonForm(FlaskForm):
    """Someone Plenaria does not know yet: a walk-in at the check-in desk, or a person of an
    attendance export added from the review queue."""

    name = StringField(_l("Full name"), validators=[InputRequired(_l("Enter the name.")),
                                                    Length(max=240)])
    email = StringField(_l("Email"), validators=[Optional(), Email(_l("Enter an email "
                                                                      "address.")),
                                                 Length(max=255)])
    organisation = SelectField(_l("Representing"), coerce=int,
                               validators=[InputRequired(_l("Choose the organisation."))])


class ReviewLinkForm(FlaskForm):
    person = SelectField(_l("Person"), coerce=int,
                         validators=[InputRequired(_l("Choose the person."))])


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class ManualForm(FlaskForm):
    registration = SelectField(_l("Registered participant"), coerce=int,
                               validators=[InputRequired(_l("Choose the participant."))])
    mode = SelectField(_l("Took part"), default=AttendanceMode.ONSITE.value)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.mode.choices = AttendanceMode.choices()
