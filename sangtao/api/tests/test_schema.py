"""What the fuzz test found, each pinned by a plain test: documented error answers, JSON under /api/."""

import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from sangtao.api.schema import ERROR_RESPONSES


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    out = tmp_path_factory.mktemp("schema") / "openapi.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(out))
    return json.loads(out.read_text())


def operation(document, path, method):
    return document["paths"][path][method]


# ── Error answers in the document ─────────────────────────────────────────────────────────────────


def test_the_error_body_is_one_documented_component(document):
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"] and set(error["properties"]) == {"detail", "errors"}
    for name, _description in ERROR_RESPONSES.values():
        content = document["components"]["responses"][name]["content"]
        assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_a_read_of_one_record_documents_bad_input_no_token_no_right_and_not_found(document):
    responses = operation(document, "/api/v1/plans/{id}/", "get")["responses"]
    assert {code: responses[code] for code in ("400", "401", "403", "404")} == {
        "400": {"$ref": "#/components/responses/BadRequest"},
        "401": {"$ref": "#/components/responses/Unauthorized"},
        "403": {"$ref": "#/components/responses/Forbidden"},
        "404": {"$ref": "#/components/responses/NotFound"},
    }
    assert "409" not in responses


def test_a_write_documents_a_conflict(document):
    responses = operation(document, "/api/v1/assignments/{id}/approve/", "post")["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(responses)


def test_a_public_answer_documents_no_sign_in_errors(document):
    responses = operation(document, "/api/v1/honour-roll/", "get")["responses"]
    assert set(responses) == {"200", "400", "404"}


def test_the_token_documents_the_lock_out_with_the_error_body(document):
    responses = operation(document, "/api/v1/auth/token/", "post")["responses"]
    assert responses["429"] == {"$ref": "#/components/responses/TooManyRequests"}
    assert responses["400"] == {"$ref": "#/components/responses/BadRequest"}
    assert "401" not in responses


def test_the_current_user_takes_no_input_and_names_nothing(document):
    assert set(operation(document, "/api/v1/me/", "get")["responses"]) == {"200", "401", "403"}


# ── The honour roll's years are a plain list ──────────────────────────────────────────────────────


def test_the_honour_roll_years_are_documented_and_answered_as_a_plain_list(document, client, db):
    years = operation(document, "/api/v1/honour-roll/years/", "get")
    schema = years["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"type": "array", "items": {"$ref": "#/components/schemas/HonourRollYear"}}
    assert "parameters" not in years
    assert client.get(reverse("api:honour-roll-years")).json() == []


# ── JSON answers under /api/ ──────────────────────────────────────────────────────────────────────


def test_an_unknown_address_under_the_api_answers_json_404(client_for, world):
    response = client_for("leader").get("/api/v1/units/null,null/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Không tìm thấy (hoặc bạn không có quyền xem)."}


def test_an_unknown_page_outside_the_api_stays_html(client_for, world):
    response = client_for("leader").get("/khong-co-trang-nay/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_server_error_under_the_api_answers_json(client_for, world, monkeypatch):
    from sangtao.api.views import MeView

    def broken(self, request):
        raise RuntimeError("boom")

    monkeypatch.setattr(MeView, "get", broken)
    client = client_for("leader")
    client.raise_request_exception = False
    with override_settings(DEBUG=False):
        response = client.get(reverse("api:me"))
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Hệ thống đang gặp sự cố.")


# ── Blank choices ─────────────────────────────────────────────────────────────────────────────────


def test_a_units_level_may_be_blank_in_the_document(document):
    level = document["components"]["schemas"]["UnitRef"]["properties"]["level"]
    assert level["oneOf"] == [
        {"$ref": "#/components/schemas/SchoolLevelEnum"},
        {"$ref": "#/components/schemas/BlankEnum"},
    ]


def test_a_units_kind_may_not_be_blank_in_the_document(document):
    kind = document["components"]["schemas"]["UnitRef"]["properties"]["kind"]
    assert kind["allOf"] == [{"$ref": "#/components/schemas/UnitKindEnum"}]


# ── Odd input is a 400, never a 500 ───────────────────────────────────────────────────────────────

HUGE = "99999999999999999999999"  # more than the largest id the database stores (2**63 - 1)


def test_a_huge_id_in_a_filter_is_answered_in_json(client_for, world):
    # SQLite refuses the number (400, see test_exceptions), PostgreSQL compares it and finds nothing.
    response = client_for("leader").get("/api/v1/clubs/", {"unit": HUGE})
    assert response.status_code in (200, 400) and response["Content-Type"] == "application/json"


def test_a_huge_id_in_a_body_is_not_found_in_json(client_for, world):
    response = client_for("principal_a").post(
        "/api/v1/honour-proposals/", {"unit": HUGE, "year": 2024, "title": "Đề nghị"},
        content_type="application/json",
    )
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_odd_values_of_every_filter_get_an_answer_in_json_never_a_server_error(document, client_for, world):
    client = client_for("leader")
    client.raise_request_exception = False
    broken = []
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        url = path.replace("{id}", "1").replace("{code}", "x").replace("{slug}", "x")
        queries = [{"page": value} for value in (HUGE, "abc", "0")] + [
            {parameter["name"]: value}
            for parameter in get.get("parameters", [])
            if parameter["in"] == "query"
            for value in (HUGE, "abc", "-1", "2024-13-45")
        ]
        for query in queries:
            response = client.get(url, query)
            if response.status_code >= 500 or response["Content-Type"] != "application/json":
                broken.append((url, query, response.status_code))
        if "{id}" in path:
            response = client.get(path.replace("{id}", HUGE))
            if response.status_code != 404 or response["Content-Type"] != "application/json":
                broken.append((path, HUGE, response.status_code))
    assert broken == []
