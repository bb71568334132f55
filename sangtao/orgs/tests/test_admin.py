import pytest
from django.urls import reverse

from sangtao.testing.factories import SchoolYearFactory


@pytest.fixture
def superuser_client(world, client):
    world.admin.is_superuser = True
    world.admin.is_staff = True
    world.admin.save()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(world.admin)
    device = TOTPDevice.objects.create(user=world.admin, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.mark.parametrize("model", ["orgunit", "schoolyear", "unityearstats"])
def test_the_admin_lists_open(superuser_client, model):
    SchoolYearFactory()

    response = superuser_client.get(reverse(f"admin:orgs_{model}_changelist"))

    assert response.status_code == 200


def test_the_admin_unit_page_does_not_let_the_parent_change(world, superuser_client):
    response = superuser_client.get(reverse("admin:orgs_orgunit_change", args=[world.school_a.pk]))

    assert "parent" not in response.context["adminform"].form.fields


def test_the_admin_fills_the_ward_name_and_refuses_a_wrong_ward(world, superuser_client):
    from sangtao.orgs.admin import OrgUnitAdminForm

    form = OrgUnitAdminForm(
        instance=world.school_a,
        data={
            "kind": "school",
            "code": "THCS-A",
            "name": world.school_a.name,
            "level": "THCS",
            "ownership": "public",
            "province_code": "79",
            "ward_code": "00004",
            "sort_order": 0,
            "year_stats-TOTAL_FORMS": 0,
        },
    )

    assert "ward_code" in form.errors
