import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from sangtao.accounts import selectors
from sangtao.accounts.models import Staff
from sangtao.testing.factories import NotificationFactory, StaffFactory, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_returns_only_the_users_own_notifications_newest_first(world):
    older = NotificationFactory(user=world.teacher_a)
    newer = NotificationFactory(user=world.teacher_a)
    NotificationFactory(user=world.principal_a)

    assert list(selectors.notifications_for(world.teacher_a)) == [newer, older]


def test_it_raises_404_for_someone_elses_notification(world):
    notification = NotificationFactory(user=world.principal_a)

    with pytest.raises(Http404):
        selectors.get_notification_for_user(world.teacher_a, notification.pk)


def test_it_counts_unread_notifications(world):
    NotificationFactory.create_batch(2, user=world.teacher_a)
    NotificationFactory(user=world.teacher_a, read_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))

    assert selectors.unread_count(world.teacher_a) == 2


def test_it_knows_whether_a_user_has_a_confirmed_device(world):
    TOTPDeviceFactory(user=world.leader, confirmed=False)
    TOTPDeviceFactory(user=world.admin)

    assert selectors.has_confirmed_device(world.admin) is True
    assert selectors.has_confirmed_device(world.leader) is False


def test_it_finds_a_user_within_the_admins_units(world):
    assert selectors.get_user_for_admin(world.admin, world.teacher_a.pk) == world.teacher_a


def test_it_hides_a_user_outside_the_admins_units(world):
    with pytest.raises(Http404):
        selectors.get_user_for_admin(world.admin, world.observer.pk)


def test_it_hides_every_user_from_a_non_admin(world):
    with pytest.raises(Http404):
        selectors.get_user_for_admin(world.principal_a, world.teacher_a.pk)


def test_it_lets_a_superuser_find_anyone(world):
    assert selectors.get_user_for_admin(UserFactory(is_superuser=True), world.observer.pk) == world.observer


def test_it_gives_a_non_admin_no_audit_entries(world):
    StaffFactory(unit=world.school_a)

    assert list(selectors.audit_entries(world.teacher_a, {})) == []


def test_it_gives_the_top_admin_every_audit_entry_newest_first(world):
    StaffFactory(unit=world.school_a)

    entries = list(selectors.audit_entries(world.admin, {}))

    assert len(entries) == LogEntry.objects.count()
    assert entries == sorted(entries, key=lambda e: (e.timestamp, e.pk), reverse=True)


def test_it_filters_audit_entries_by_kind_action_and_text(world):
    staff = StaffFactory(unit=world.school_a, full_name="Ngô Thị Lọc")
    staff.position = "Phó hiệu trưởng"
    staff.save()
    StaffFactory(unit=world.school_a, full_name="Người Khác")

    entries = selectors.audit_entries(
        world.admin,
        {
            "q": "lọc",
            "content_type": ContentType.objects.get_for_model(Staff),
            "action": str(LogEntry.Action.UPDATE),
        },
    )

    assert [(e.object_repr, e.action) for e in entries] == [("Ngô Thị Lọc", LogEntry.Action.UPDATE)]


def test_it_filters_audit_entries_by_date(world):
    StaffFactory(unit=world.school_a)
    LogEntry.objects.update(timestamp=datetime.datetime(2024, 3, 10, 9, tzinfo=datetime.UTC))

    assert selectors.audit_entries(world.admin, {"date_from": datetime.date(2024, 3, 11)}).count() == 0
    assert selectors.audit_entries(world.admin, {"date_to": datetime.date(2024, 3, 10)}).count() > 0


def test_it_offers_the_audited_kinds_of_record(world):
    kinds = {ct.model_class() for ct in selectors.audit_content_types()}

    assert Staff in kinds
    assert ContentType not in kinds
