from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import Email, InputRequired, Length


class SignInForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[InputRequired(_l("Enter your email address.")),
                    Email(_l("Enter an email address like name@example.org.")),
                    Length(max=255)],
    )
    password = PasswordField(
        _l("Password"), validators=[InputRequired(_l("Enter your password."))]
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
