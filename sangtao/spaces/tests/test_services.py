import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings

from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.plans.demo import _png
from sangtao.spaces import services
from sangtao.spaces.models import ReviewStatus, SpaceKind
from sangtao.spaces.tests.factories import SpaceFactory, TechModelFactory

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def today():
    with override_settings(SANGTAO_TODAY=datetime.date(2024, 3, 15)):
        yield


def _photo(name="anh.png", data=None):
    import random

    return SimpleUploadedFile(name, data or _png(random.Random(1)), content_type="image/png")


def test_a_school_records_a_space_with_a_photo(world):
    space = services.space_create(
        actor=world.coordinator_a,
        unit=world.school_a,
        kind=SpaceKind.MAKER,
        name="Không gian Maker",
        opened_on=datetime.date(2023, 10, 2),
        users="CLB Sáng tạo trẻ",
        photo=_photo(),
        caption="Toàn cảnh",
    )
    assert space.status == ReviewStatus.PENDING
    assert [p.caption for p in space.photos.all()] == ["Toàn cảnh"]
    assert [e.action for e in events_for(space)] == ["create"]


def test_it_checks_photos_by_content(world):
    space = SpaceFactory(unit=world.school_a)
    with pytest.raises(ApplicationError, match="không đúng"):
        services.photo_add(
            actor=world.principal_a, space=space, image=_photo("anh.png", b"%PDF-1.4 not a picture")
        )
    with pytest.raises(ApplicationError, match="Không nhận"):
        services.photo_add(actor=world.principal_a, space=space, image=_photo("anh.pdf", b"%PDF-1.4"))
    assert not space.photos.exists()


def test_only_the_schools_own_staff_record_its_spaces(world):
    for actor in (world.principal_b, world.teacher_a, world.specialist):
        with pytest.raises(PermissionDeniedError):
            services.space_create(
                actor=actor,
                unit=world.school_a,
                kind=SpaceKind.LAB,
                name="x",
                opened_on=datetime.date(2023, 1, 1),
                users="x",
            )


def test_it_refuses_a_future_opening_day(world):
    with pytest.raises(ApplicationError, match="tương lai"):
        services.space_create(
            actor=world.principal_a,
            unit=world.school_a,
            kind=SpaceKind.LAB,
            name="x",
            opened_on=datetime.date(2024, 9, 1),
            users="x",
        )


def test_the_office_reviews_and_features_and_an_edit_takes_it_back(world):
    space = SpaceFactory(unit=world.school_a)
    with pytest.raises(ConflictError):
        services.record_feature(actor=world.specialist, record=space, featured=True)
    with pytest.raises(ApplicationError, match="bổ sung"):
        services.record_review(actor=world.specialist, record=space, accept=False, comment="")
    with pytest.raises(PermissionDeniedError):
        services.record_review(actor=world.principal_a, record=space, accept=True)
    services.record_review(actor=world.specialist, record=space, accept=True)
    services.record_feature(actor=world.leader, record=space, featured=True)
    space.refresh_from_db()
    assert (space.status, space.is_featured) == (ReviewStatus.ACCEPTED, True)
    services.space_update(actor=world.coordinator_a, space=space, name="Phòng STEM mới")
    space.refresh_from_db()
    assert (space.name, space.status, space.is_featured) == ("Phòng STEM mới", ReviewStatus.PENDING, False)
    assert [e.action for e in events_for(space)] == ["accept", "feature", "update"]


def test_a_model_needs_work_with_a_comment(world):
    model = TechModelFactory(unit=world.school_a)
    services.record_review(actor=world.specialist, record=model, accept=False, comment="Thêm minh chứng")
    model.refresh_from_db()
    assert (model.status, model.review_comment) == (ReviewStatus.NEEDS_WORK, "Thêm minh chứng")
