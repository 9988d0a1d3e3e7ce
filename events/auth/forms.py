from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, Field, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from events.auth.passwords import MIN_PASSWORD_LENGTH, is_common


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


def _not_common(_form: FlaskForm, field: Field) -> None:
    if field.data and is_common(field.data):
        raise ValidationError(_l("This password is one of the most common ones, which are "
                                 "tried first by anyone guessing. Choose another: a few "
                                 "unrelated words are easy to remember."))


def _password_field(label: object) -> PasswordField:
    return PasswordField(
        label,
        validators=[InputRequired(_l("Choose a password.")),
                    Length(min=MIN_PASSWORD_LENGTH, max=200,
                           message=_l("The password needs at least %(min)d characters.",
                                      min=MIN_PASSWORD_LENGTH)),
                    _not_common],
        description=_l("At least %(min)d characters. A few unrelated words are easy to "
                       "remember and hard to guess.", min=MIN_PASSWORD_LENGTH),
    )


class SignUpForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        validators=[InputRequired(_l("Enter your name as it should appear on badges.")),
                    Length(max=240)],
        description=_l("As it should appear on badges and lists, e.g. Ana María Pérez."),
    )
    email = EmailField(
        _l("Email address"),
        validators=[InputRequired(_l("Enter your email address.")),
                    Email(_l("Enter an email address like name@example.org.")),
                    Length(max=255)],
        description=_l("Preferably your work address: your NSB's focal point recognises it."),
    )
    password = _password_field(_l("Password"))
    confirm = PasswordField(
        _l("Password again"),
        validators=[InputRequired(_l("Type the password again.")),
                    EqualTo("password", _l("The two passwords are not the same."))],
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[InputRequired(_l("Enter your email address.")),
                    Email(_l("Enter an email address like name@example.org.")),
                    Length(max=255)],
    )


class ResetPasswordForm(FlaskForm):
    password = _password_field(_l("New password"))
    confirm = PasswordField(
        _l("New password again"),
        validators=[InputRequired(_l("Type the password again.")),
                    EqualTo("password", _l("The two passwords are not the same."))],
    )


class ResendConfirmationForm(FlaskForm):
    """Only a CSRF token: the button that mails the confirmation link again."""
