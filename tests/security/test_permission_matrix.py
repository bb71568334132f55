"""Every URL of the product is in the permission matrix, and every persona gets what the matrix says."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sangtao.testing.personas import PERSONAS

from .matrix import POLICIES, ROUTES

DENIED = {"401", "403", "404", "405", "login"}


def url_names(resolver=None, namespace=""):
    """(name, route) of every pattern under the root URLconf, namespaced like reverse() wants them."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from ((n, str(pattern.pattern) + r) for n, r in url_names(pattern, inner))
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name])) if pattern.name else ""
            yield name, str(pattern.pattern)


def parse(row):
    policy, *tokens = row.split()
    allowed = (
        set(policy.removeprefix("allow=").split(",")) if policy.startswith("allow=") else POLICIES[policy]
    )
    return allowed, dict(token.split("=", 1) for token in tokens)


def build_kwargs(spec, records):
    kwargs = {}
    for key, value in spec.items():
        if value.startswith("'"):
            kwargs[key] = value.strip("'")
        else:
            kind, _, attribute = value.partition(".")
            record = records.get(kind)
            kwargs[key] = 999_999 if record is None else getattr(record, attribute or "pk")
    return kwargs


def outcome(response):
    if response.status_code == 302:
        return "login" if "/accounts/login/" in response["Location"] else "ok"
    return "ok" if response.status_code == 200 else str(response.status_code)


def test_every_url_is_in_the_matrix():
    # The Django admin has its own guard (staff + second factor), tested in test_admin_site_is_admin_only.
    product = [(name, route) for name, route in url_names() if not route.startswith("admin/")]
    unnamed = sorted(route for name, route in product if not name)
    missing = sorted({name for name, _ in product if name and name not in ROUTES})
    stale = sorted(set(ROUTES) - {name for name, _ in product})
    assert not unnamed, f"Give these URL patterns a name so the permission matrix can cover them: {unnamed}"
    assert not missing, (
        "These URL names are not in the permission matrix. Add one row each to ROUTES in "
        "tests/security/matrix.py, under their app, e.g.\n"
        + "\n".join(f'    "{name}": "<policy> pk=<record kind>",' for name in missing)
        + "\nwhere <policy> is one of "
        + ", ".join(POLICIES)
        + " or allow=<persona>,…; add the record kind to "
        "the records fixture in tests/security/conftest.py if it is new."
    )
    assert not stale, f"Rows of tests/security/matrix.py for URL names that no longer exist: {stale}"


def test_every_row_is_well_formed():
    for name, row in ROUTES.items():
        allowed, _ = parse(row)
        assert allowed <= set(PERSONAS), f"{name}: unknown persona in {row!r}"


APPS = sorted({name.split(":")[0] if ":" in name else "(root)" for name in ROUTES})


@pytest.mark.parametrize("app", APPS)
def test_each_persona_gets_what_the_matrix_says(app, records, client_for):
    clients = {persona: client_for(persona) for persona in PERSONAS}
    wrong = []
    for name, row in ROUTES.items():
        if (name.split(":")[0] if ":" in name else "(root)") != app:
            continue
        allowed, spec = parse(row)
        url = reverse(name, kwargs=build_kwargs(spec, records))
        for persona in PERSONAS:
            got = outcome(clients[persona].get(url))
            if persona in allowed and got != "ok":
                wrong.append(f"{name} {url}: {persona} should get the page, got {got}")
            elif persona not in allowed and got not in DENIED:
                wrong.append(f"{name} {url}: {persona} must be refused, got {got}")
    assert not wrong, "\n".join(wrong)


def test_admin_site_is_for_staff_only(world, client_for):
    """The Django admin needs is_staff (which no persona has) and, for a superuser, the second factor."""
    url = reverse("admin:index")
    for persona in PERSONAS:
        response = client_for(persona).get(url)
        assert response.status_code == 302 and "login" in response["Location"], persona
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    assert client_for("admin").get(url).status_code == 200
