"""The account pages' forms: a new API token, a new webhook subscription."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from events.api.webhooks import TOPICS
from events.models import TokenScope


class NewTokenForm(FlaskForm):
    name = StringField(_l("What it is for"), validators=[
        DataRequired(_l("Give the token a name, such as the system that will use it.")),
        Length(max=120, message=_l("At most %(max)d characters."))],
        description=_l("E.g. INEN travel system. Shown only to you."))
    scope = RadioField(_l("It may"), default=TokenScope.READ.value,
                       validators=[DataRequired(_l("Choose what the token may do."))])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope.choices = [
            (TokenScope.READ.value, _l("Read only")),
            (TokenScope.WRITE.value, _l("Read and write (register, approve, reject, import "
                                        "attendance)"))]


class RevokeForm(FlaskForm):
    """Only a CSRF token."""


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class NewWebhookForm(FlaskForm):
    """Subscribe a URL: for a meeting one organises, or for one's NSB (focal points)."""

    url = StringField(_l("Address that receives the deliveries"), validators=[
        DataRequired(_l("Enter the address, starting with https://")),
        Length(max=500, message=_l("At most %(max)d characters."))],
        description=_l("Your system's address, e.g. https://travel.inen.example/plenaria."))
    scope = SelectField(_l("About"), validators=[DataRequired(_l("Choose what it is about."))])
    topics = _Checkboxes(_l("Tell it when"),
                         validators=[DataRequired(_l("Choose at least one topic."))])

    def __init__(self, scopes: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope.choices = scopes
        self.topics.choices = [(topic, topic) for topic in TOPICS]
