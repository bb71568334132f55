"""The API fuzzed from its own OpenAPI document (issue 8 §3).

Schemathesis reads /api/v1/openapi.json from the app itself and sends every operation generated requests
through the WSGI handler (no network), as an office user and as a school user of a small world. Every
answer must be no server error and conform to the document: a documented status code, content type and
headers, and a body that validates against the documented schema.

Bounded and deterministic for CI: derandomised, a fixed seed, a few generated examples per operation. The
office user also gets the coverage phase (boundary and invalid values of every parameter and field: huge
ids, bad dates, non-numeric filters, missing fields), which costs most; the school user only the
generated examples. Together about four minutes on SQLite.
"""

import copy

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from sangtao.testing import factories as f

pytestmark = pytest.mark.fuzz

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
]

SETTINGS = settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    database=None,
    # Function-scoped fixtures (the database, the world) are meant: each operation starts from the same rows.
    suppress_health_check=list(HealthCheck),
)


def _config(*, coverage: bool):
    return schemathesis.Config.from_dict({"seed": 8, "phases": {"coverage": {"enabled": coverage}}})


# Read from the app itself, once (generating the document takes a few seconds); the school user's copy
# only changes the phases.
office_schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=_config(coverage=True)
)
school_schema = schemathesis.openapi.from_dict(
    copy.deepcopy(office_schema.raw_schema), config=_config(coverage=False)
)
school_schema.app = office_schema.app


@pytest.fixture
def keep_the_connection():
    # The WSGI handler closes the database connection around each request (close_old_connections), which
    # on PostgreSQL ends the test's transaction; Django's test client disconnects it the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def small_world(world, keep_the_connection):
    # A little of everything, for the generated ids to land on a record now and then.
    plan = f.PlanFactory(issuing_unit=world.office)
    task = f.TaskFactory(plan=plan)
    f.IndicatorFactory(plan=plan)
    f.ReportingPeriodFactory(plan=plan)
    f.AssignmentFactory(task=task, unit=world.school_a)
    f.ClubFactory(unit=world.school_a)
    f.CourseFactory(organiser=world.office, audience=world.office)
    f.ContestFactory(organiser=world.office)
    f.ArticleFactory(unit=world.school_a)
    return world


def _token(user) -> dict:
    return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


@office_schema.parametrize()
@SETTINGS
def test_every_operation_answers_the_office_as_documented(case, small_world):
    case.call_and_validate(headers=_token(small_world.leader), checks=CHECKS)


@school_schema.parametrize()
@SETTINGS
def test_every_operation_answers_a_school_as_documented(case, small_world):
    case.call_and_validate(headers=_token(small_world.principal_a), checks=CHECKS)
