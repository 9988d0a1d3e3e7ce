"""The account page's form for a new API token."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Length

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
