"""Schemathesis against the API's own OpenAPI document: generated requests (valid and not)
to every operation, with the token of an organiser who may do everything, get no 5xx and
answers that match the document. Bounded: a few examples per operation."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from events.api import webhooks
from events.api.tokens import create_token
from events.extensions import db
from events.models import Role, TokenScope
from tests.factories import make_event, make_org, make_user

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def organiser_token(app) -> str:
    with app.app_context():
        kebs = make_org("KEBS", country="KE", name="Kenya Bureau of Standards")
        make_event("casco-2019", title="34th ISO/CASCO Plenary", host=kebs)
        user = make_user(Role.SECRETARIAT, email="secretariat@plenaria.example")
        secret = create_token(user, "schemathesis", TokenScope.WRITE).secret
        db.session.commit()
    return secret


class KeptDeliveries:
    """Webhooks that schemathesis subscribes point anywhere (even at this machine's database
    ports): their deliveries are kept, not sent. Sending is tests/test_webhooks.py's job."""

    def __init__(self) -> None:
        self.ids: list[int] = []

    def schedule(self, delivery_ids: Iterable[int]) -> None:
        self.ids.extend(delivery_ids)


@pytest.fixture
def kept_deliveries():
    kept = KeptDeliveries()
    webhooks.set_dispatcher(kept)
    yield kept
    webhooks.set_dispatcher(webhooks.QueueDispatcher())


def test_the_api_keeps_to_its_openapi_document(app, organiser_token, kept_deliveries):
    # Each operation through Hypothesis directly: schemathesis's pytest plugin does not run
    # on this pytest yet.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {organiser_token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def keeps_to_the_document(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        keeps_to_the_document()
