"""Forms of the committee pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional

from events.committees.importer import KIND_LABELS


class NominationForm(FlaskForm):
    organisation = SelectField(_l("Nominated by"), coerce=int,
                               validate_choice=False)  # checked by the nomination itself
    email = EmailField(_l("Expert's email"), validators=[
        InputRequired(_l("Give the expert's email.")),
        Email(_l("Give an email address such as name@example.org.")), Length(max=255)])
    given_name = StringField(_l("Given name"), validators=[Optional(), Length(max=120)])
    family_name = StringField(_l("Family name"), validators=[
        InputRequired(_l("Give the expert's family name.")), Length(max=120)])


class AcceptForm(FlaskForm):
    starts_on = DateField(_l("Member from"), validators=[Optional()],
                          description=_l("Today when empty."))
    ends_on = DateField(_l("Member until"), validators=[Optional()],
                        description=_l("Open-ended when empty."))


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[
        InputRequired(_l("Say why the nomination is declined: the focal point reads it.")),
        Length(max=2000)])


class CommitteeImportForm(FlaskForm):
    kind = SelectField(_l("What the file lists"), validators=[InputRequired()])
    file = FileField(_l("CSV file (UTF-8)"), validators=[
        FileRequired(_l("Choose a CSV file to import.")),
        FileAllowed(["csv", "txt"], _l("Choose a .csv file."))])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [(kind.value, label) for kind, label in KIND_LABELS.items()]


class GroupMeetingForm(FlaskForm):
    event = SelectField(_l("Working group meeting"), coerce=int,
                        validate_choice=False)  # checked by `meetings.hold_meeting`


class EndMembershipForm(FlaskForm):
    ends_on = DateField(_l("Member until"), validators=[
        InputRequired(_l("Give the last day of the membership."))])
