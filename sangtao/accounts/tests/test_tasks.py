import pytest
from django.core import mail

from sangtao.accounts.tasks import send_notification_email
from sangtao.testing.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_mails_the_notification_with_an_absolute_link(world, settings):
    settings.SANGTAO_SITE_URL = "https://sangtao.example.vn/"
    notification = NotificationFactory(
        user=world.principal_a, title="Phân công mới", body="Nhiệm vụ 3 giao cho trường.", url="/plans/3/"
    )

    assert send_notification_email.call(notification.pk) is True

    (message,) = mail.outbox
    assert message.to == [world.principal_a.email]
    assert message.subject == "[Sáng Tạo] Phân công mới"
    assert "Nhiệm vụ 3 giao cho trường." in message.body
    assert "https://sangtao.example.vn/plans/3/" in message.body


def test_it_keeps_the_subject_on_one_line(world):
    notification = NotificationFactory(user=world.principal_a, title="Dòng một\nDòng hai")

    send_notification_email.call(notification.pk)

    assert mail.outbox[0].subject == "[Sáng Tạo] Dòng một Dòng hai"


def test_it_sends_nothing_to_a_user_without_an_address(world):
    notification = NotificationFactory(user=UserFactory(email=""))

    assert send_notification_email.call(notification.pk) is False
    assert mail.outbox == []


def test_it_sends_nothing_for_a_notification_that_is_gone(world):
    assert send_notification_email.call(987654) is False
    assert mail.outbox == []


def test_it_runs_through_the_task_backend(world):
    notification = NotificationFactory(user=world.principal_a)

    result = send_notification_email.enqueue(notification.pk)

    assert result.return_value is True
    assert len(mail.outbox) == 1
