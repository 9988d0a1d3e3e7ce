from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import URL, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from events.models import ProblemKind


class PrepDetailsForm(FlaskForm):
    prepares = SelectField(_l("Prepares the meeting"), coerce=int, default=0,
                           description=_l("The plenary or workshop this session prepares."))
    facilitator = SelectField(_l("Facilitator"), coerce=int, default=0)
    join_url = StringField(
        _l("Webex link"), validators=[Optional(), URL(message=_l(
            "Give the whole link, starting with https://")), Length(max=500)])
    meeting_number = StringField(_l("Meeting number"), validators=[Optional(), Length(max=40)],
                                 description=_l("As Webex shows it, e.g. 2387 114 9025."))
    access_code = StringField(_l("Access code or password"),
                              validators=[Optional(), Length(max=40)])
    dial_in_numbers = TextAreaField(
        _l("Dial-in numbers"), validators=[Optional(), Length(max=4000)],
        description=_l("One a line, with its country: Colombia +57 601 508 0000"))


class InviteForm(FlaskForm):
    target = SelectField(_l("Invite the NSBs of"),
                         validators=[InputRequired(_l("Choose a regional body or a "
                                                      "committee."))])
    resend = BooleanField(_l("Also send again to NSBs already invited"))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProblemsForm(FlaskForm):
    person = SelectField(_l("Participant"), coerce=int, default=0)
    # No Optional(): it would clear the "not a valid choice" error of a made-up value (such
    # as a blank one) and let it through; ticking nothing is valid without it.
    kinds = MultiCheckboxField(_l("Problems met"))
    details = TextAreaField(
        _l("What happened"), validators=[Optional(), Length(max=4000)],
        description=_l("In a few words; needed when you tick “Other”."))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.kinds.choices = ProblemKind.choices()
