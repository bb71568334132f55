"""School B cannot read or change anything of school A by putting school A's ids in a URL (ASVS V8.2)."""

from django.apps import apps
from django.urls import reverse

from .matrix import ROUTES
from .test_permission_matrix import build_kwargs, outcome, parse

# The record kinds of the records fixture that belong to school A (the others are the office's).
SCHOOL_A_KINDS = {
    "unit", "user", "student", "staff", "notification", "assignment", "evidence", "activity", "club",
    "club_member", "club_activity", "nomination", "entry", "entry_member", "council", "council_member",
    "initiative", "acknowledgement", "article", "space", "space_photo", "tech_model", "commendation", "proposal",
    "proposal_item", "role", "club_file", "certificate", "initiative_attachment", "library_initiative", "review",
    "initiative_score", "decision", "award", "award_certificate", "article_image", "published_article",
    "event_response", "banner_report", "enrolment", "assessment", "answer", "answer_evidence", "reading",
    "public_space_photo", "school_score", "calendar_token",
}  # fmt: skip


def school_a_routes():
    for name, row in ROUTES.items():
        _, spec = parse(row)
        kinds = {value.partition(".")[0] for value in spec.values() if not value.startswith("'")}
        if kinds & SCHOOL_A_KINDS:
            yield name, row, spec


def snapshot():
    """Every row of every model of the product: what a refused request must leave untouched."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model.__module__.startswith("sangtao.")
    }


def test_object_urls_of_school_a_are_many():
    assert len(list(school_a_routes())) > 120


def test_school_b_cannot_read_school_a_records(records, client_for):
    client = client_for("principal_b")
    leaks = []
    for name, row, spec in school_a_routes():
        allowed, _ = parse(row)
        url = reverse(name, kwargs=build_kwargs(spec, records))
        if "principal_b" not in allowed and (got := outcome(client.get(url))) not in {"403", "404", "405"}:
            leaks.append(f"GET {name} {url}: {got}")
    assert not leaks, "\n".join(leaks)


def test_school_b_cannot_change_school_a_records(records, client_for):
    client = client_for("principal_b")
    before = snapshot()
    changed = []
    for name, row, spec in school_a_routes():
        allowed, _ = parse(row)
        if "principal_b" in allowed:
            continue  # a public page of school A (its news): nothing to change there
        url = reverse(name, kwargs=build_kwargs(spec, records))
        methods = ["post"] + (["patch", "put", "delete"] if name.startswith("api:") else [])
        for method in methods:
            data = {"title": "Sửa trộm", "status": "approved"}
            if method == "post":
                response = client.post(url, data)
            else:
                response = getattr(client, method)(url, data, content_type="application/json")
            if response.status_code not in (401, 403, 404, 405):
                changed.append(f"{method.upper()} {name} {url}: {response.status_code}")
    assert not changed, "\n".join(changed)
    assert snapshot() == before
