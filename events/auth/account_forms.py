"""Forms of a signed-in person's own account: password, sessions, two-factor sign-in."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import EqualTo, InputRequired

from events.auth.forms import _password_field


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"),
                            validators=[InputRequired(_l("Enter your current password."))])
    password = _password_field(_l("New password"))
    confirm = PasswordField(
        _l("New password again"),
        validators=[InputRequired(_l("Type the password again.")),
                    EqualTo("password", _l("The two passwords are not the same."))],
    )


class SignOutEverywhereForm(FlaskForm):
    """Only a CSRF token: the button that ends every other session."""
