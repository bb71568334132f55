import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from sangtao.accounts import services
from sangtao.accounts.models import Notification
from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, PermissionDeniedError
from sangtao.testing.factories import PASSWORD, NotificationFactory, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db

TEMPORARY = "Tam-thoi-2024-abc"


def test_it_creates_one_notification_per_user(world):
    created = services.notify(
        users=[world.teacher_a, world.principal_a], title="Có phân công mới", url="/plans/"
    )

    assert len(created) == 2
    assert set(Notification.objects.values_list("user__username", "title")) == {
        ("teacher_a", "Có phân công mới"),
        ("principal_a", "Có phân công mới"),
    }


def test_it_skips_users_already_told_with_the_same_dedupe_key(world):
    NotificationFactory(user=world.teacher_a, title="Nhắc hạn", dedupe_key="due:7:2024-01-12")

    created = services.notify(
        users=[world.teacher_a, world.principal_a], title="Nhắc hạn", dedupe_key="due:7:2024-01-12"
    )

    assert [n.user for n in created] == [world.principal_a]
    assert Notification.objects.filter(user=world.teacher_a).count() == 1


def test_it_does_not_deduplicate_without_a_key(world):
    NotificationFactory(user=world.teacher_a, title="Tin")

    services.notify(users=[world.teacher_a], title="Tin")

    assert Notification.objects.filter(user=world.teacher_a).count() == 2


def test_it_tells_a_user_listed_twice_once(world):
    services.notify(users=[world.teacher_a, world.teacher_a], title="Một lần")

    assert Notification.objects.filter(user=world.teacher_a).count() == 1


def test_it_mails_each_user_with_an_address_after_commit(world, django_capture_on_commit_callbacks):
    no_address = UserFactory(email="")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify(
            users=[world.teacher_a, no_address], title="Hồ sơ bị trả lại", body="Bổ sung minh chứng."
        )

    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [[world.teacher_a.email]]
    assert "Hồ sơ bị trả lại" in mail.outbox[0].subject
    assert "Bổ sung minh chứng." in mail.outbox[0].body


def test_it_sends_nothing_before_the_transaction_commits(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(users=[world.teacher_a], title="Chờ commit")

    assert len(callbacks) == 1
    assert mail.outbox == []


def test_it_sends_nothing_when_the_transaction_rolls_back(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.notify(users=[world.teacher_a], title="Bị hủy")
            raise RuntimeError

    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.filter(title="Bị hủy").exists()


def test_it_does_not_notify_inactive_users(world):
    gone = UserFactory(is_active=False)

    assert services.notify(users=[gone], title="Không gửi") == []


def test_it_marks_a_notification_read(world):
    notification = NotificationFactory(user=world.teacher_a)

    services.notification_mark_read(notification=notification)

    notification.refresh_from_db()
    assert notification.read_at is not None


def test_it_marks_all_of_a_users_notifications_read_and_no_one_elses(world):
    NotificationFactory.create_batch(3, user=world.teacher_a)
    other = NotificationFactory(user=world.principal_a)

    assert services.notifications_mark_all_read(user=world.teacher_a) == 3

    other.refresh_from_db()
    assert other.read_at is None
    assert not Notification.objects.filter(user=world.teacher_a, read_at__isnull=True).exists()


def test_it_sets_a_temporary_password_that_must_be_changed(world):
    services.user_set_temporary_password(actor=world.admin, user=world.teacher_a, password=TEMPORARY)

    world.teacher_a.refresh_from_db()
    assert world.teacher_a.check_password(TEMPORARY)
    assert world.teacher_a.must_change_password is True
    assert [e.action for e in events_for(world.teacher_a)] == ["password_reset"]
    assert events_for(world.teacher_a).get().actor == world.admin


def test_it_refuses_a_temporary_password_from_a_non_admin(world):
    with pytest.raises(PermissionDeniedError):
        services.user_set_temporary_password(
            actor=world.principal_a, user=world.teacher_a, password=TEMPORARY
        )

    world.teacher_a.refresh_from_db()
    assert world.teacher_a.check_password(PASSWORD)


def test_it_refuses_a_temporary_password_for_someone_outside_the_admins_units(world):
    with pytest.raises(PermissionDeniedError):
        services.user_set_temporary_password(actor=world.admin, user=world.partner, password=TEMPORARY)


def test_it_refuses_a_weak_temporary_password(world):
    with pytest.raises(ApplicationError, match="quá ngắn"):
        services.user_set_temporary_password(actor=world.admin, user=world.teacher_a, password="Ngan-123")

    world.teacher_a.refresh_from_db()
    assert world.teacher_a.must_change_password is False


def test_it_unlocks_a_locked_out_user_when_the_password_is_reset(world):
    client = Client()
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "teacher_a", "password": "sai-mat-khau-123"})
    assert AccessAttempt.objects.filter(username="teacher_a").exists()

    services.user_set_temporary_password(actor=world.admin, user=world.teacher_a, password=TEMPORARY)

    response = client.post(
        reverse("accounts:login"),
        {"username": "teacher_a", "password": TEMPORARY, "next": "/accounts/profile/"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="teacher_a").exists()


def test_it_clears_the_must_change_flag_when_the_user_changes_the_password(world):
    world.teacher_a.must_change_password = True
    world.teacher_a.save()

    services.user_change_password(user=world.teacher_a, password="Mat-khau-moi-cua-toi-9")

    world.teacher_a.refresh_from_db()
    assert world.teacher_a.must_change_password is False
    assert world.teacher_a.check_password("Mat-khau-moi-cua-toi-9")


def test_it_reuses_the_pending_device_when_setting_up_again(world):
    first = services.otp_device_start(user=world.admin)

    assert services.otp_device_start(user=world.admin) == first
    assert first.confirmed is False


def test_it_confirms_a_device_with_its_code_and_drops_the_old_one(world, totp_code):
    old = TOTPDeviceFactory(user=world.admin)
    device = services.otp_device_start(user=world.admin)

    services.otp_device_confirm(user=world.admin, device=device, token=totp_code(device))

    device.refresh_from_db()
    assert device.confirmed is True
    assert not type(old).objects.filter(pk=old.pk).exists()


def test_it_refuses_a_wrong_code_and_counts_the_failure(world, totp_code):
    device = services.otp_device_start(user=world.admin)
    wrong = f"{(int(totp_code(device)) + 500000) % 1000000:06d}"

    with pytest.raises(ApplicationError, match="không đúng"):
        services.otp_device_confirm(user=world.admin, device=device, token=wrong)

    device.refresh_from_db()
    assert device.confirmed is False
    assert device.throttling_failure_count == 1


def test_it_refuses_to_confirm_someone_elses_device(world, totp_code):
    device = services.otp_device_start(user=world.admin)

    with pytest.raises(ApplicationError):
        services.otp_device_confirm(user=world.teacher_a, device=device, token=totp_code(device))


def test_it_verifies_a_code_from_a_confirmed_device(world, totp_code):
    device = TOTPDeviceFactory(user=world.admin)

    assert services.otp_verify(user=world.admin, token=totp_code(device)) == device


def test_it_refuses_to_verify_without_a_confirmed_device(world):
    with pytest.raises(ApplicationError, match="chưa thiết lập"):
        services.otp_verify(user=world.admin, token="123456")


def test_it_refuses_a_code_while_throttled(world, totp_code):
    device = TOTPDeviceFactory(user=world.admin)
    device.throttle_increment()

    with pytest.raises(ApplicationError, match="nhiều lần"):
        services.otp_verify(user=world.admin, token=totp_code(device))


def test_it_revokes_the_api_token_when_the_password_is_reset(world):
    from rest_framework.authtoken.models import Token

    Token.objects.create(user=world.teacher_a)
    services.user_set_temporary_password(actor=world.admin, user=world.teacher_a, password=TEMPORARY)
    assert not Token.objects.filter(user=world.teacher_a).exists()
