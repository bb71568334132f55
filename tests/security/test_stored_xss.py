"""Stored XSS (issue 8 §4): known payloads in every text field of every record renders inert everywhere.

Every text column (CharField, TextField and their kin, without choices) of every record of the security
fixture — school A's records of each kind, the office records they hang on, the units and the people — is
overwritten in the database with a payload (bypassing forms, as a hostile import, an API client or an old
bug could have stored it). Then every page of the permission matrix is requested as an office specialist,
school A's principal, the observer and an anonymous visitor, and no HTML answer may contain a payload as
markup: Django's autoescaping (and nh3 for the one rich-text field, which is cleaned when it is saved)
must turn each into text.
"""

import pytest
from django.db import IntegrityError, models, transaction
from django.urls import reverse

from .matrix import ROUTES
from .test_permission_matrix import APPS, build_kwargs

# Short enough for most columns; each is markup that runs script if a page prints it unescaped.
PAYLOADS = [
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><b onmouseover=alert(1)>',
]
# Columns that are not free text: the tree's path, keys, and slugs that the URLs are built from.
SKIP_NAMES = {"path", "password", "slug", "token", "key", "lineage", "secret", "username", "session_key"}
# Rich text is stored only after nh3 has cleaned it (sangtao/communication/sanitize.py): save it through the
# model's own service path rather than writing it raw. (app_label.Model, field)
CLEANED_ON_SAVE = {("communication.article", "body")}
PERSONAS = ["specialist", "principal_a", "observer", "anonymous"]


def text_fields(model):
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        if isinstance(field, models.SlugField) or field.name in SKIP_NAMES or field.unique or not field.editable:
            continue
        yield field


def payload_for(field, i):
    """A payload that fits the column (the longest first), or None when none does."""
    fitting = [p for p in PAYLOADS if field.max_length is None or len(p) <= field.max_length]
    return fitting[i % len(fitting)] if fitting else None


@pytest.fixture
def poisoned(records):
    from sangtao.accounts.models import User
    from sangtao.communication.sanitize import clean_html
    from sangtao.orgs.models import OrgUnit

    written = 0
    seen = set()
    everyone = [*OrgUnit.objects.all(), *User.objects.all()]  # every unit and person a page may name
    for record in [*records.values(), *everyone]:
        model = type(record)
        if (model, record.pk) in seen:
            continue
        seen.add((model, record.pk))
        values = {}
        for i, field in enumerate(text_fields(model)):
            payload = payload_for(field, i)
            if payload is None:
                continue
            if (model._meta.label_lower, field.name) in CLEANED_ON_SAVE:
                payload = clean_html(f"<p>bài viết</p>{payload}")
            values[field.attname] = payload
        rows = model._base_manager.filter(pk=record.pk)
        try:
            with transaction.atomic():
                rows.update(**values)
            written += len(values)
        except IntegrityError:  # a column in a unique pair: write the others one by one
            for attname, value in values.items():
                try:
                    with transaction.atomic():
                        rows.update(**{attname: value})
                    written += 1
                except IntegrityError:
                    pass
    assert written > 150  # a broken walk cannot pass vacuously
    return records


def raw_payloads(html: str) -> list[str]:
    return [p for p in PAYLOADS if p in html]


@pytest.mark.parametrize("app", APPS)
def test_no_page_prints_a_stored_payload_as_markup(app, poisoned, client_for):
    clients = {persona: client_for(persona) for persona in PERSONAS}
    found, pages = [], 0
    for name, row in ROUTES.items():
        if (name.split(":")[0] if ":" in name else "(root)") != app:
            continue
        _policy, *tokens = row.split()
        spec = dict(token.split("=", 1) for token in tokens)
        url = reverse(name, kwargs=build_kwargs(spec, poisoned))
        for persona, client in clients.items():
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            html = b"".join(response.streaming_content) if response.streaming else response.content
            for payload in raw_payloads(html.decode("utf-8", "replace")):
                found.append(f"{name} {url} as {persona}: {payload}")
    assert not found, "Stored payloads printed as markup:\n" + "\n".join(found)


def test_the_payloads_reach_the_pages(poisoned, client_for):
    """The check above means something: a record's poisoned name is on its page, escaped."""
    space = poisoned["space"]
    html = client_for("specialist").get(reverse("spaces:space", args=[space.pk])).content.decode()
    space.refresh_from_db()
    assert space.name in PAYLOADS
    from django.utils.html import escape

    assert escape(space.name) in html and space.name not in html
