"""Forms of the decisions pages (every one carries its CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from events.models import MajorityRule, VoteChoice


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ButtonForm(FlaskForm):
    """A button that changes something: its CSRF token, nothing else."""


class CorrespondenceForm(FlaskForm):
    organisation = SelectField(_l("NSB"), coerce=int, validators=[
        InputRequired(_l("Choose the NSB that sent its comments."))])
    comments = TextAreaField(
        _l("Written comments"),
        validators=[InputRequired(_l("Paste or summarise the comments the NSB sent.")),
                    Length(max=20000)],
        description=_l("What the NSB sent instead of attending; kept with the roll call."))
    document = SelectField(_l("Circulated as document"), coerce=int, default=0,
                           validators=[Optional()])


class DrafterForm(FlaskForm):
    person = SelectField(_l("Name to the drafting committee"), coerce=int, validators=[
        InputRequired(_l("Choose a participant of the meeting."))])


class MajorityRuleForm(FlaskForm):
    majority = SelectField(_l("Majority rule of the committee"), validators=[
        InputRequired(_l("Choose the committee's majority rule."))],
        description=_l("Abstentions are never counted as votes cast."))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.majority.choices = [(rule.value, rule.label) for rule in MajorityRule]


class ResolutionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        InputRequired(_l("Give the resolution a short title, such as “Roadmap”.")),
        Length(max=255)])
    text = TextAreaField(_l("Text (English)"), validators=[
        InputRequired(_l("Write the text the meeting decides on.")), Length(max=20000)])
    text_fr = TextAreaField(_l("French translation"), validators=[Length(max=20000)])
    text_ru = TextAreaField(_l("Russian translation"), validators=[Length(max=20000)])
    text_es = TextAreaField(_l("Spanish translation"), validators=[Length(max=20000)])
    agenda_items = CheckboxesField(_l("Agenda items"), coerce=int)
    documents = CheckboxesField(_l("Documents"), coerce=int)


class OpenVoteForm(FlaskForm):
    session = SelectField(_l("Held in the session"), coerce=int, default=0,
                          description=_l("Its voters are the P-members present there."))


def _vote_field() -> SelectField:
    return SelectField(_l("Vote"), validators=[InputRequired(_l("Choose yes, no or abstain."))])


class _VoteChoices:
    """Yes, no, abstain, given to the form's `choice` when it is made."""

    choice: SelectField

    def _set_vote_choices(self) -> None:
        self.choice.choices = [("", _l("Choose…"))] + [(c.value, c.label) for c in VoteChoice]


class RecordVoteForm(FlaskForm, _VoteChoices):
    # Any organisation may be named: the vote's rule, not the list, says who votes, in words.
    organisation = SelectField(_l("P-member"), coerce=int, validate_choice=False, validators=[
        InputRequired(_l("Choose the P-member whose vote was called out."))])
    choice = _vote_field()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._set_vote_choices()


class BallotForm(FlaskForm, _VoteChoices):
    choice = _vote_field()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._set_vote_choices()


class MinutesForm(FlaskForm):
    text = TextAreaField(_l("Minutes"), validators=[
        InputRequired(_l("The minutes cannot be empty: write them, or start again from the "
                         "generated draft.")), Length(max=200000)])
