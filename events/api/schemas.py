"""The shapes of the API's requests and answers: they validate input, write output and are
the OpenAPI document's schemas, all at once. Personal data appears only in the schemas of
endpoints whose rule already lets the reader see it (registrations: organisers, focal points).
"""

from __future__ import annotations

import enum

import marshmallow as ma
from marshmallow import validate

from events.models import AttendanceType, DelegateRole, ExportFormat, RegistrationStatus


class Strict(ma.Schema):
    class Meta:
        ordered = True
        unknown = ma.RAISE


def _choices(enum_cls: type[enum.Enum]) -> validate.OneOf:
    return validate.OneOf([member.value for member in enum_cls])


class ChangedSinceQuery(Strict):
    changed_since = ma.fields.AwareDateTime(
        load_default=None, default_timezone=None,
        metadata={"description": "Only what changed at or after this instant (ISO 8601 with "
                                 "its offset, e.g. 2026-11-01T00:00:00Z)."})


class OrganisationRef(ma.Schema):
    acronym = ma.fields.String()
    name = ma.fields.String()
    country = ma.fields.String(allow_none=True)


class MeetingSchema(ma.Schema):
    slug = ma.fields.String()
    title = ma.fields.String()
    kind = ma.fields.String()
    status = ma.fields.String()
    mode = ma.fields.String()
    starts_at = ma.fields.AwareDateTime()
    ends_at = ma.fields.AwareDateTime()
    timezone = ma.fields.String(metadata={"description": "IANA zone of the meeting"})
    venue = ma.fields.String(allow_none=True)
    city = ma.fields.String(allow_none=True)
    country = ma.fields.String(allow_none=True)
    host = ma.fields.String(allow_none=True, metadata={"description": "acronym"})
    organisers = ma.fields.List(ma.fields.String())
    series = ma.fields.String(allow_none=True)
    edition = ma.fields.Integer(allow_none=True)
    committee = ma.fields.String(allow_none=True)
    capacity = ma.fields.Integer(allow_none=True)
    url = ma.fields.String()
    updated_at = ma.fields.AwareDateTime()


class DocumentSchema(ma.Schema):
    reference = ma.fields.String()
    title = ma.fields.String()
    url = ma.fields.String(allow_none=True)


class ItemSchema(ma.Schema):
    number = ma.fields.String()
    title = ma.fields.String()
    presenter = ma.fields.String(allow_none=True)
    documents = ma.fields.List(ma.fields.Nested(DocumentSchema))
    children = ma.fields.List(ma.fields.Nested(lambda: ItemSchema()))


class SessionSchema(ma.Schema):
    uid = ma.fields.String()
    title = ma.fields.String()
    kind = ma.fields.String()
    starts_at = ma.fields.AwareDateTime()
    ends_at = ma.fields.AwareDateTime()
    room = ma.fields.String(allow_none=True)
    chairs = ma.fields.String(allow_none=True)
    cancelled = ma.fields.Boolean()
    items = ma.fields.List(ma.fields.Nested(ItemSchema))


class AgendaSchema(ma.Schema):
    version = ma.fields.Integer(allow_none=True)
    published_at = ma.fields.AwareDateTime(allow_none=True)
    sessions = ma.fields.List(ma.fields.Nested(SessionSchema))
    unscheduled = ma.fields.List(ma.fields.Nested(ItemSchema))


class MembershipSchema(ma.Schema):
    body = ma.fields.String(metadata={"description": "committee code or regional body acronym"})
    status = ma.fields.String(metadata={"description": "P, O, A, B, C, active or adherent"})


class OrganisationSchema(ma.Schema):
    acronym = ma.fields.String()
    name = ma.fields.String()
    kind = ma.fields.String()
    country = ma.fields.String(allow_none=True)
    iso_category = ma.fields.String(allow_none=True)
    website = ma.fields.String(allow_none=True)
    memberships = ma.fields.List(ma.fields.Nested(MembershipSchema))
    updated_at = ma.fields.AwareDateTime()


class RegistrationSchema(ma.Schema):
    id = ma.fields.Integer()
    meeting = ma.fields.String(metadata={"description": "the meeting's slug"})
    given_name = ma.fields.String()
    family_name = ma.fields.String()
    email = ma.fields.String(allow_none=True)
    organisation = ma.fields.String(metadata={"description": "acronym"})
    role = ma.fields.String()
    attendance_type = ma.fields.String()
    status = ma.fields.String()
    waitlist_position = ma.fields.Integer(allow_none=True)
    decision_reason = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()


class RegistrationQuery(ChangedSinceQuery):
    status = ma.fields.String(load_default=None, validate=_choices(RegistrationStatus))


class NewRegistration(Strict):
    email = ma.fields.Email(required=True)
    given_name = ma.fields.String(required=True, validate=validate.Length(min=1, max=120))
    family_name = ma.fields.String(required=True, validate=validate.Length(min=1, max=120))
    organisation = ma.fields.String(required=True, validate=validate.Length(min=1, max=40),
                                    metadata={"description": "acronym of the organisation "
                                                             "represented"})
    role = ma.fields.String(load_default=DelegateRole.DELEGATE.value,
                            validate=_choices(DelegateRole))
    attendance_type = ma.fields.String(load_default=AttendanceType.ONSITE.value,
                                       validate=_choices(AttendanceType))


class Rejection(Strict):
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=2000))


class NsbFigures(ma.Schema):
    acronym = ma.fields.String()
    country = ma.fields.String(allow_none=True)
    registered = ma.fields.Integer()
    attended = ma.fields.Integer()


class AttendanceFigures(ma.Schema):
    participants = ma.fields.Integer()
    nsbs = ma.fields.Integer()
    countries = ma.fields.Integer()
    onsite = ma.fields.Integer()
    remote = ma.fields.Integer()
    by_nsb = ma.fields.List(ma.fields.Nested(NsbFigures))


class AttendanceUpload(Strict):
    file = ma.fields.Raw(required=True, metadata={"type": "string", "format": "binary"})
    format = ma.fields.String(load_default="auto",
                              validate=validate.OneOf(["auto", *[f.value for f in ExportFormat]]))
    timezone = ma.fields.String(load_default=None,
                                metadata={"description": "IANA zone of the file's times"})


class ImportSummary(ma.Schema):
    file = ma.fields.String()
    format = ma.fields.String(allow_none=True)
    rows = ma.fields.Integer()
    attendees = ma.fields.Integer()
    added = ma.fields.Integer()
    already_recorded = ma.fields.Integer()
    queued_for_review = ma.fields.Integer()
    same_file = ma.fields.Boolean()
    summary = ma.fields.String()


class NewWebhook(Strict):
    url = ma.fields.Url(required=True, schemes={"https", "http"}, require_tld=False,
                        validate=validate.Length(max=500))
    topics = ma.fields.List(ma.fields.String(), required=True,
                            validate=validate.Length(min=1, max=10),
                            metadata={"description": "registration.created, "
                                      "registration.approved, registration.rejected, "
                                      "registration.cancelled, registration.promoted, "
                                      "agenda.published, attendance.imported"})
    meeting = ma.fields.String(load_default=None,
                               metadata={"description": "slug of a meeting you organise"})
    organisation = ma.fields.String(load_default=None,
                                    metadata={"description": "acronym of your NSB"})


class WebhookSchema(ma.Schema):
    id = ma.fields.Integer()
    url = ma.fields.String()
    topics = ma.fields.List(ma.fields.String())
    meeting = ma.fields.String(allow_none=True)
    organisation = ma.fields.String(allow_none=True)
    active = ma.fields.Boolean()
    consecutive_failures = ma.fields.Integer()
    disabled_at = ma.fields.AwareDateTime(allow_none=True)
    created_at = ma.fields.AwareDateTime()
    secret = ma.fields.String(metadata={"description": "only in the answer that creates it: "
                                        "the key of the X-Plenaria-Signature HMAC"})


class AttemptSchema(ma.Schema):
    attempted_at = ma.fields.AwareDateTime()
    status_code = ma.fields.Integer(allow_none=True)
    response_excerpt = ma.fields.String(allow_none=True)
    error = ma.fields.String(allow_none=True)


class DeliverySchema(ma.Schema):
    id = ma.fields.Integer()
    topic = ma.fields.String()
    status = ma.fields.String()
    attempts = ma.fields.Integer()
    next_attempt_at = ma.fields.AwareDateTime(allow_none=True)
    delivered_at = ma.fields.AwareDateTime(allow_none=True)
    created_at = ma.fields.AwareDateTime()
    log = ma.fields.List(ma.fields.Nested(AttemptSchema))
