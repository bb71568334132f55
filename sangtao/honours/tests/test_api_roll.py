"""The public honour roll through the API: no sign-in, read-only, the page's consent rule and public links."""

import datetime

import pytest
from django.test.utils import override_settings
from django.urls import reverse

from sangtao.contests.models import StudentConsent
from sangtao.honours.models import CommendationStatus
from sangtao.honours.tests.factories import CommendationFactory
from sangtao.testing.factories import InitiativeFactory, StudentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]
URL = "/api/v1/honour-roll/"


@pytest.fixture
def today():
    with override_settings(SANGTAO_TODAY=datetime.date(2024, 6, 1)):
        yield


def names(client, query=""):
    return [row["name"] for row in client.get(URL + query).json()["results"]]


def test_anyone_reads_the_roll_without_signing_in_and_nobody_writes(client_for, world):
    CommendationFactory(unit=world.school_a)
    anonymous = client_for("anonymous")
    answer = anonymous.get(URL + "?year=2024")
    assert answer.status_code == 200 and answer.json()["count"] == 1
    row = answer.json()["results"][0]
    assert row["unit"]["id"] == world.school_a.pk and row["title_label"] and "status" not in row
    assert "evidence_refs" not in row and "staff" not in row
    assert anonymous.post(URL, {}, content_type="application/json").status_code == 405
    assert client_for("principal_b").get(URL + "?year=2024").json()["count"] == 1
    bad = anonymous.get(URL + "?kind=ai")
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]


def test_it_applies_the_pages_consent_rule_and_hides_revoked(client_for, world):
    revoked = CommendationFactory(unit=world.school_a, status=CommendationStatus.REVOKED)
    shy = StudentFactory(unit=world.school_a, full_name="Trần Minh Khôi", grade=8)
    CommendationFactory(unit=world.school_a, staff=None, student=shy, title="giay_khen_phong")
    anonymous = client_for("anonymous")
    shown = names(anonymous, "?year=2024")
    assert shown == ["T.M.K."] and revoked.staff.full_name not in shown
    # A signed-in office user gets the same public view through this endpoint.
    assert names(client_for("specialist"), "?year=2024") == ["T.M.K."]
    StudentConsent.objects.create(student=shy, publish_name=True, child_agreed=True)
    assert names(anonymous, "?year=2024") == ["Trần Minh Khôi"]
    page = anonymous.get(reverse("honours:roll", args=[2024])).content.decode()
    assert "Trần Minh Khôi" in page  # the page and the API agree


def test_it_links_public_records_only_and_filters_by_year_and_kind(client_for, world):
    public = InitiativeFactory(unit=world.school_a, status="recognised_office", title="Sáng kiến công khai")
    draft = InitiativeFactory(unit=world.school_a, status="draft", title="Sáng kiến nháp")
    CommendationFactory(
        unit=world.school_a,
        evidence_refs=[f"initiatives.initiative:{public.pk}", f"initiatives.initiative:{draft.pk}", "x:1"],
    )
    CommendationFactory(unit=world.school_b, year=2023)
    anonymous = client_for("anonymous")
    row = anonymous.get(URL + "?year=2024").json()["results"][0]
    assert row["evidence"] == [
        {
            "label": "Sáng kiến: Sáng kiến công khai",
            "url": reverse("initiatives:library_detail", args=[public.pk]),
        }
    ]
    assert anonymous.get(URL).json()["results"][0]["year"] == 2024  # the latest year by default
    assert anonymous.get(URL + "?year=2023").json()["count"] == 1
    assert anonymous.get(URL + "?year=2024&kind=collective").json()["count"] == 0
    years = anonymous.get(URL + "years/").json()
    assert [(y["year"], y["label"], y["individuals"]) for y in years] == [
        (2024, "2023-2024", 1),
        (2023, "2022-2023", 1),
    ]


def test_the_roll_keeps_its_queries_flat(client_for, world, django_assert_max_num_queries):
    anonymous = client_for("anonymous")
    for n in (2, 12):
        for _ in range(n):
            CommendationFactory(unit=world.school_a)
        with django_assert_max_num_queries(6):
            assert anonymous.get(URL + "?year=2024").status_code == 200
