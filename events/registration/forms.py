"""Registration forms: the delegate's, a focal point's on someone's behalf, decisions, and the
organisers' registration settings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from events.geo import country_choices
from events.models import (
    ApprovalPolicy,
    AttendanceType,
    DelegateRole,
    Eligibility,
    Event,
    ListVisibility,
    Organisation,
    Session,
)
from events.registration.operations import (
    PassportDetails,
    RegistrationRequest,
    SettingsChange,
)
from events.timefmt import format_time_range


class ChoiceField(SelectField):
    """A select whose refusal of a value not in the list says what to do."""

    def __init__(self, *args: Any, invalid_message: object = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message or _l("Choose one of the options in the list.")

    def pre_validate(self, form: Any) -> None:
        if self.data not in {value for value, *_rest in self.iter_choices()}:
            raise ValidationError(str(self.invalid_message))


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RegistrationForm(FlaskForm):
    organisation = SelectField(
        _l("Organisation you represent"), coerce=int, validate_choice=False,
        validators=[InputRequired(_l("Choose the organisation you represent."))],
        description=_l("One organisation per meeting: your NSB, or the liaison organisation "
                       "you represent."),
    )
    role = ChoiceField(_l("Role"), validators=[InputRequired(_l("Choose your role."))],
                       default=DelegateRole.DELEGATE.value,
                       description=_l("Guests (accompanying persons) attend social events "
                                      "only."))
    attendance_type = ChoiceField(_l("Attendance"),
                                  validators=[InputRequired(_l("Choose how you attend."))],
                                  default=AttendanceType.ONSITE.value)
    arrival_date = DateField(_l("Arrival date"), validators=[Optional()],
                             description=_l("For on-site attendance: helps the host plan."))
    departure_date = DateField(_l("Departure date"), validators=[Optional()])
    dietary_needs = StringField(_l("Dietary needs"), validators=[Optional(), Length(max=500)],
                                description=_l("E.g. vegetarian, halal, allergies."))
    accessibility_needs = StringField(_l("Accessibility needs"),
                                      validators=[Optional(), Length(max=500)],
                                      description=_l("E.g. step-free access, sign language."))
    sessions = CheckboxesField(
        _l("Sessions with limited seats"), coerce=int, validate_choice=False,
        description=_l("Seats go in order of registration; when a session is full you are put "
                       "on its waiting list."),
    )
    needs_invitation_letter = BooleanField(_l("I need an invitation letter for my visa"))
    name_in_passport = StringField(_l("Name as written in the passport"),
                                   validators=[Optional(), Length(max=255)])
    passport_number = StringField(_l("Passport number"), validators=[Optional(), Length(max=40)])
    nationality = SelectField(_l("Nationality"), validators=[Optional()])
    date_of_birth = DateField(_l("Date of birth"), validators=[Optional()])
    passport_expires_on = DateField(_l("Passport valid until"), validators=[Optional()])
    consent_to_publish = BooleanField(
        _l("List my name and organisation on the published list of participants"),
        description=_l("Your email address is never published."),
    )

    PASSPORT_FIELDS = ("name_in_passport", "passport_number", "nationality", "date_of_birth",
                       "passport_expires_on")
    # What only a journey to the venue needs: an online meeting's form leaves them out.
    TRAVEL_FIELDS = ("arrival_date", "departure_date", "needs_invitation_letter",
                     *PASSPORT_FIELDS)

    def __init__(self, event: Event, organisations: list[Organisation],
                 sessions: list[Session], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.organisation.choices = [(0, _l("— choose —"))] + [
            (org.id, f"{org.acronym} — {org.name}") for org in organisations]
        self.role.choices = DelegateRole.choices()
        self.nationality.choices = [("", _l("— choose —")), *country_choices()]
        if event.is_online:
            # Nobody travels to an online meeting and everyone attends it remotely.
            for name in self.TRAVEL_FIELDS:
                delattr(self, name)
            self.attendance_type.choices = [
                choice for choice in AttendanceType.choices()
                if choice[0] == AttendanceType.VIRTUAL.value]
            self.attendance_type.data = AttendanceType.VIRTUAL.value
            self.attendance_type.validators = []  # nothing to choose: nothing to require
        else:
            self.attendance_type.choices = AttendanceType.choices()
        self.sessions.choices = [
            (s.id, f"{s.title} ({format_time_range(s.starts_at, s.ends_at, event.timezone)}, "
                   f"{s.starts_at.astimezone(ZoneInfo(event.timezone)):%d %b})")
            for s in sessions]

    def validate_organisation(self, field: Any) -> None:
        if not field.data:
            raise ValidationError(_l("Choose the organisation you represent."))

    def validate_departure_date(self, field: Any) -> None:
        arrival = self.arrival_date.data
        if field.data and arrival and field.data < arrival:
            raise ValidationError(_l("The departure date is before the arrival date."))
        first = self.event.starts_at.astimezone(self.event.zone).date()
        if field.data and field.data < first:
            raise ValidationError(_l("The departure date is before the meeting starts."))

    def validate_arrival_date(self, field: Any) -> None:
        last = self.event.ends_at.astimezone(self.event.zone).date()
        if field.data and field.data > last:
            raise ValidationError(_l("The arrival date is after the meeting ends."))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.asks_for_invitation_letter:
            for name in self.PASSPORT_FIELDS:
                if not self[name].data:
                    self[name].errors = [*self[name].errors,
                                         _l("An invitation letter needs this.")]
                    valid = False
            expiry = self.passport_expires_on.data
            start = self.event.starts_at.astimezone(self.event.zone).date()
            if expiry and expiry <= start:
                self.passport_expires_on.errors = [
                    *self.passport_expires_on.errors,
                    _l("The passport expires before the meeting: renew it before asking "
                       "for a visa.")]
                valid = False
        return valid

    @property
    def travels(self) -> bool:
        """Whether the form asks about the journey (not for an online meeting)."""
        return "arrival_date" in self

    @property
    def asks_for_invitation_letter(self) -> bool:
        return self.travels and bool(self.needs_invitation_letter.data)

    def request(self) -> RegistrationRequest:
        passport = None
        if self.asks_for_invitation_letter:
            passport = PassportDetails(
                name_in_passport=self.name_in_passport.data.strip(),
                passport_number=self.passport_number.data.strip().upper(),
                nationality=self.nationality.data,
                date_of_birth=self.date_of_birth.data,
                passport_expires_on=self.passport_expires_on.data,
            )
        return RegistrationRequest(
            organisation_id=self.organisation.data or None,
            role=DelegateRole(self.role.data),
            attendance_type=AttendanceType(self.attendance_type.data),
            consent_to_publish=bool(self.consent_to_publish.data),
            passport=passport,
            arrival_date=self.arrival_date.data if self.travels else None,
            departure_date=self.departure_date.data if self.travels else None,
            dietary_needs=self.dietary_needs.data,
            accessibility_needs=self.accessibility_needs.data,
            session_ids=list(self.sessions.data or []),
        )


class OnBehalfForm(RegistrationForm):
    """A focal point or organiser registering someone else."""

    email = EmailField(
        _l("Delegate's email address"),
        validators=[InputRequired(_l("Enter the delegate's email address.")),
                    Email(_l("Enter an email address like name@example.org.")),
                    Length(max=255)],
        description=_l("The delegate receives the confirmation and the agenda there."),
    )
    given_name = StringField(_l("Given name"), validators=[Optional(), Length(max=120)])
    family_name = StringField(_l("Family name"),
                              validators=[InputRequired(_l("Enter the family name.")),
                                          Length(max=120)])


class DecisionForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"), validators=[Optional(), Length(max=2000)],
        description=_l("Needed to reject; sent to the delegate."),
    )


class PositionForm(FlaskForm):
    position = IntegerField(_l("Position"), validators=[
        InputRequired(_l("Give a position.")),
        NumberRange(min=1, message=_l("Positions start at 1."))])


class ActionForm(FlaskForm):
    """Only a CSRF token: buttons such as cancel or release."""


def _local(value: datetime | None, zone: str) -> datetime | None:
    return value.astimezone(ZoneInfo(zone)).replace(tzinfo=None) if value else None


class SettingsForm(FlaskForm):
    eligibility = ChoiceField(_l("Who may register"))
    regional_body = SelectField(_l("Regional body"), coerce=int, validate_choice=False,
                                description=_l("When the meeting is for a regional body's "
                                               "members."))
    approval_policy = ChoiceField(_l("Who approves registrations"))
    capacity = IntegerField(
        _l("Places"), validators=[Optional(), NumberRange(min=1, message=_l(
            "At least one place, or leave empty for no limit."))],
        description=_l("Leave empty for no limit. When full, people join the waiting list."))
    delegation_cap = IntegerField(
        _l("Most people per delegation"), validators=[Optional(), NumberRange(min=1, message=_l(
            "At least one, or leave empty for no limit."))],
        description=_l("Guests are not counted. Leave empty for no limit."))
    opens_at = DateTimeLocalField(_l("Registration opens"), validators=[Optional()],
                                  format="%Y-%m-%dT%H:%M")
    closes_at = DateTimeLocalField(
        _l("Registration closes"), validators=[Optional()], format="%Y-%m-%dT%H:%M",
        description=_l("After that, only focal points and organisers add people."))
    public_list = ChoiceField(_l("List of participants: for the public"))
    participants_list = ChoiceField(_l("List of participants: for registered participants"))

    def __init__(self, event: Event, regional_bodies: list[Organisation], *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.eligibility.choices = Eligibility.choices()
        self.approval_policy.choices = ApprovalPolicy.choices()
        self.public_list.choices = ListVisibility.choices()
        self.participants_list.choices = ListVisibility.choices()
        self.regional_body.choices = [(0, _l("— none —"))] + [
            (org.id, org.acronym) for org in regional_bodies]
        self.opens_at.description = self.closes_at.description = _l(
            "In the meeting's time zone (%(zone)s).", zone=event.timezone)

    def fill(self, settings: Any) -> None:
        """Show the saved settings (on GET)."""
        event = self.event
        self.eligibility.data = settings.eligibility.value
        self.regional_body.data = settings.regional_body_id or 0
        self.approval_policy.data = settings.approval_policy.value
        self.capacity.data = event.capacity
        self.delegation_cap.data = settings.delegation_cap
        self.opens_at.data = _local(event.registration_opens_at, event.timezone)
        self.closes_at.data = _local(event.registration_closes_at, event.timezone)
        self.public_list.data = settings.public_list.value
        self.participants_list.data = settings.participants_list.value

    def _instant(self, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=ZoneInfo(self.event.timezone)).astimezone(UTC)

    def change(self) -> SettingsChange:
        return SettingsChange(
            capacity=self.capacity.data,
            eligibility=Eligibility(self.eligibility.data),
            regional_body_id=self.regional_body.data or None,
            approval_policy=ApprovalPolicy(self.approval_policy.data),
            delegation_cap=self.delegation_cap.data,
            opens_at=self._instant(self.opens_at.data),
            closes_at=self._instant(self.closes_at.data),
            public_list=ListVisibility(self.public_list.data),
            participants_list=ListVisibility(self.participants_list.data),
        )

