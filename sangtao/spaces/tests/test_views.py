import datetime
import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from sangtao.plans.demo import _png
from sangtao.spaces.models import ReviewStatus, Space
from sangtao.spaces.tests.factories import SpaceFactory, SpacePhotoFactory, TechModelFactory
from sangtao.testing.factories import OrgUnitFactory

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def today():
    with override_settings(SANGTAO_TODAY=datetime.date(2024, 3, 15)):
        yield


@pytest.fixture
def records(world):
    space = SpaceFactory(unit=world.school_a)
    return {
        "space": space,
        "photo": SpacePhotoFactory(space=space),
        "model": TechModelFactory(unit=world.school_a),
    }


# persona → spaces, space, photo, models, model, new space, new model
MATRIX = {
    "admin": (200, 200, 200, 200, 200, 403, 403),
    "leader": (200, 200, 200, 200, 200, 403, 403),
    "specialist": (200, 200, 200, 200, 200, 403, 403),
    "principal_a": (200, 200, 200, 200, 200, 200, 200),
    "coordinator_a": (200, 200, 200, 200, 200, 200, 200),
    "teacher_a": (200, 200, 200, 200, 200, 403, 403),
    "principal_b": (200, 404, 404, 200, 404, 200, 200),
    "partner": (200, 404, 404, 200, 404, 403, 403),
    "observer": (200, 200, 200, 200, 200, 403, 403),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_it_applies_the_permission_matrix(client_for, records, persona):
    client = client_for(persona)
    urls = [
        reverse("spaces:index"),
        reverse("spaces:space", args=[records["space"].pk]),
        reverse("spaces:photo", args=[records["photo"].pk]),
        reverse("spaces:models"),
        reverse("spaces:model", args=[records["model"].pk]),
        reverse("spaces:space_create"),
        reverse("spaces:model_create"),
    ]
    assert tuple(client.get(u).status_code for u in urls) == MATRIX[persona]


def test_a_school_sees_only_its_own_in_the_list(client_for, records, world):
    SpaceFactory(unit=world.school_b, name="Phòng của trường B")
    page = client_for("principal_a").get(reverse("spaces:index")).content.decode()
    assert records["space"].name in page and "Phòng của trường B" not in page


def test_only_the_office_reviews_and_features(client_for, records):
    space = records["space"]
    url = reverse("spaces:review", args=["space", space.pk])
    assert client_for("principal_a").post(url, {"decision": "accept"}).status_code == 403
    assert client_for("principal_b").post(url, {"decision": "accept"}).status_code == 404
    assert client_for("specialist").post(url, {"decision": "accept"}).status_code == 302
    assert (
        client_for("specialist")
        .post(reverse("spaces:feature", args=["space", space.pk]), {"featured": "1"})
        .status_code
        == 302
    )
    space.refresh_from_db()
    assert (space.status, space.is_featured) == (ReviewStatus.ACCEPTED, True)
    assert (
        client_for("specialist").post(reverse("spaces:review", args=["other", space.pk]), {}).status_code
        == 404
    )


def test_the_public_page_shows_featured_spaces_and_their_photos_only(client_for, records, world):
    hidden = SpaceFactory(unit=world.school_b, name="Phòng chưa công khai", status=ReviewStatus.ACCEPTED)
    hidden_photo = SpacePhotoFactory(space=hidden)
    public = client_for("anonymous")
    assert public.get(reverse("spaces:public_photo", args=[records["photo"].pk])).status_code == 404
    Space.objects.filter(pk=records["space"].pk).update(status=ReviewStatus.ACCEPTED, is_featured=True)
    page = public.get(reverse("spaces:featured")).content.decode()
    assert records["space"].name in page and "Phòng chưa công khai" not in page
    assert public.get(reverse("spaces:public_photo", args=[records["photo"].pk])).status_code == 200
    assert public.get(reverse("spaces:public_photo", args=[hidden_photo.pk])).status_code == 404


def test_a_school_adds_a_space_from_a_phone_form(client_for, world):
    photo = SimpleUploadedFile("anh.png", _png(random.Random(3)), content_type="image/png")
    response = client_for("coordinator_a").post(
        reverse("spaces:space_create"),
        {
            "unit": world.school_a.pk,
            "kind": "maker",
            "name": "Xưởng sáng tạo",
            "opened_on": "05/09/2023",
            "users": "Học sinh khối 8",
            "photo": photo,
            "caption": "Góc in 3D",
        },
    )
    space = Space.objects.get()
    assert response.url == reverse("spaces:space", args=[space.pk])
    assert space.photos.count() == 1


def test_a_renamed_file_is_refused_and_the_form_kept(client_for, world):
    fake = SimpleUploadedFile("anh.png", b"MZ\x90\x00 not a picture", content_type="image/png")
    response = client_for("coordinator_a").post(
        reverse("spaces:space_create"),
        {
            "unit": world.school_a.pk,
            "kind": "maker",
            "name": "Giữ tên này",
            "opened_on": "05/09/2023",
            "users": "Học sinh",
            "photo": fake,
        },
    )
    assert response.status_code == 400
    assert "Giữ tên này" in response.content.decode()
    assert not Space.objects.exists()


def test_it_exports_the_spaces_to_xlsx(client_for, records):
    response = client_for("specialist").get(reverse("spaces:index") + "?format=xlsx")
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert rows[0][0] == "Trường" and len(rows) == 2


@pytest.mark.parametrize("n", [2, 20])
def test_it_keeps_query_counts_flat(client_for, world, django_assert_max_num_queries, n):
    for i in range(n):
        school = OrgUnitFactory(parent=world.office, code=f"S-{i}", level="THCS")
        space = SpaceFactory(unit=school, status=ReviewStatus.ACCEPTED, is_featured=True)
        SpacePhotoFactory(space=space)
        TechModelFactory(unit=school, status=ReviewStatus.ACCEPTED, is_featured=True)
    office = client_for("specialist")
    with django_assert_max_num_queries(14):
        assert office.get(reverse("spaces:index")).status_code == 200
    with django_assert_max_num_queries(12):
        assert office.get(reverse("spaces:models")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client_for("anonymous").get(reverse("spaces:featured")).status_code == 200
    with django_assert_max_num_queries(8):
        assert office.get(reverse("spaces:index") + "?format=xlsx").status_code == 200
