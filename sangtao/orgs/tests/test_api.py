"""The units API: each persona sees the units within its roles, filters work without diacritics."""

import pytest
from django.urls import reverse

from sangtao.orgs.models import UnitKind
from sangtao.testing.factories import OrgUnitFactory, SchoolYearFactory

# persona → the units (world attribute names) listed by /api/v1/units/
VISIBLE = {
    "admin": ["office", "team_pt", "team_mn", "school_a", "school_b"],
    "leader": ["office", "team_pt", "team_mn", "school_a", "school_b"],
    "specialist": ["office", "team_pt", "team_mn", "school_a", "school_b"],
    "principal_a": ["school_a"],
    "coordinator_a": ["school_a"],
    "teacher_a": ["school_a"],
    "principal_b": ["school_b"],
    "partner": ["partner_unit"],
    "observer": ["ubnd", "office", "team_pt", "team_mn", "school_a", "school_b", "partner_unit"],
}


def ids(world, names):
    return sorted(getattr(world, name).pk for name in names)


def listed(client, **params):
    return sorted(u["id"] for u in client.get(reverse("api:unit-list"), params).json()["results"])


@pytest.mark.parametrize(("persona", "names"), VISIBLE.items())
def test_each_persona_lists_the_units_within_its_roles(client_for, world, persona, names):
    assert listed(client_for(persona)) == ids(world, names)


@pytest.mark.parametrize(
    ("persona", "school", "expected"),
    [
        ("principal_a", "school_a", 200),
        ("principal_a", "school_b", 404),
        ("principal_b", "school_a", 404),
        ("specialist", "school_b", 200),
        ("observer", "school_a", 200),
        ("partner", "school_a", 404),
        ("anonymous", "school_a", 401),
    ],
)
def test_a_unit_outside_the_scope_is_404(client_for, world, persona, school, expected):
    response = client_for(persona).get(reverse("api:unit-detail", args=[getattr(world, school).pk]))
    assert response.status_code == expected


def test_unit_detail_has_contacts_and_yearly_headcounts(client_for, world):
    world.school_a.year_stats.create(year=SchoolYearFactory(), students=812, managers=3, teachers=41, staff=9)
    body = client_for("principal_a").get(reverse("api:unit-detail", args=[world.school_a.pk])).json()
    assert body["parent"] == world.office.pk and body["parent_name"] == world.office.name
    assert body["year_stats"] == [
        {"year": "2023-2024", "students": 812, "managers": 3, "teachers": 41, "staff": 9}
    ]


def test_units_are_filtered_by_kind_and_level(client_for, world):
    client = client_for("specialist")
    assert listed(client, kind=UnitKind.SCHOOL) == ids(world, ["school_a", "school_b"])
    assert listed(client, level="TH") == ids(world, ["school_b"])


def test_units_are_found_without_diacritics(client_for, world):
    assert listed(client_for("specialist"), q="le van tho") == ids(world, ["school_b"])


def test_closed_units_are_listed_only_on_request(client_for, world):
    closed = OrgUnitFactory(parent=world.office, closed_on="2025-07-01")
    client = client_for("specialist")
    assert closed.pk not in listed(client)
    assert closed.pk in listed(client, include_closed="true")


def test_a_bad_filter_is_refused_in_vietnamese(client_for, world):
    response = client_for("specialist").get(reverse("api:unit-list"), {"kind": "castle"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "kind: “castle” không phải là lựa chọn hợp lệ.",
        "errors": {"kind": ["“castle” không phải là lựa chọn hợp lệ."]},
    }


def test_anonymous_gets_401(client_for, world):
    response = client_for("anonymous").get(reverse("api:unit-list"))
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_unit_list_queries_do_not_grow_with_units(
    client_for, world, django_assert_max_num_queries, django_assert_num_queries
):
    client = client_for("specialist")
    with django_assert_max_num_queries(8) as two:
        assert client.get(reverse("api:unit-list")).status_code == 200
    OrgUnitFactory.create_batch(18, parent=world.office)
    with django_assert_num_queries(len(two)):
        assert len(client.get(reverse("api:unit-list")).json()["results"]) == 23
