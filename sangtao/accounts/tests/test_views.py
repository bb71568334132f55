import io

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from sangtao.accounts.models import Notification
from sangtao.testing.factories import PASSWORD, NotificationFactory, StaffFactory, TOTPDeviceFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
# A page behind the login policy that nobody builds: a 404 proves the middleware let the request through.
ELSEWHERE = "/khong-co-trang-nay/"


def _login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/accounts/profile/"})


# Sign-in and lock-out


def test_it_signs_a_user_in(world):
    client = Client()

    response = _login(client, "teacher_a")

    assert response.status_code == 302
    assert response.url == "/accounts/profile/"
    assert int(client.session["_auth_user_id"]) == world.teacher_a.pk


def test_it_shows_the_login_form_in_vietnamese(world):
    response = Client().get(LOGIN)

    assertContains(response, "Tên đăng nhập")
    assertContains(response, "Mật khẩu")


def test_it_rejects_a_wrong_password_with_a_vietnamese_message(world):
    client = Client()

    response = _login(client, "teacher_a", "sai-mat-khau-123")

    assert response.status_code == 200
    assertContains(response, "Tên đăng nhập hoặc mật khẩu không đúng")
    assertContains(response, 'value="teacher_a"')
    assert "_auth_user_id" not in client.session


def test_it_lists_the_demo_accounts_in_demo_mode(world, settings):
    settings.SANGTAO_DEMO = True
    settings.SANGTAO_DEMO_PASSWORD = "Mat-khau-trinh-dien-1"

    response = Client().get(LOGIN)

    for username in [
        "demo-admin",
        "demo-leader",
        "demo-specialist",
        "demo-principal-a",
        "demo-coordinator-a",
        "demo-principal-b",
        "demo-teacher-a",
        "demo-partner",
        "demo-observer",
    ]:
        assertContains(response, username)
    assertContains(response, "Mat-khau-trinh-dien-1")


def test_it_hides_the_demo_accounts_outside_demo_mode(world, settings):
    settings.SANGTAO_DEMO = False

    response = Client().get(LOGIN)

    assertNotContains(response, "demo-admin")
    assertNotContains(response, settings.SANGTAO_DEMO_PASSWORD)


def test_it_locks_the_account_after_five_failures_even_for_the_right_password(world):
    client = Client()
    for _ in range(5):
        _login(client, "teacher_a", "sai-mat-khau-123")

    response = _login(client, "teacher_a")

    assert response.status_code == 429
    assertTemplateUsed(response, "accounts/locked.html")
    assertContains(response, "tạm khóa 15 phút", status_code=429)
    assertContains(response, "liên hệ quản trị hệ thống", status_code=429)
    assert "_auth_user_id" not in client.session


def test_it_locks_only_the_attacked_account(world):
    client = Client()
    for _ in range(5):
        _login(client, "teacher_a", "sai-mat-khau-123")

    response = _login(client, "principal_a")

    assert response.status_code == 302


def test_it_logs_out_on_post(client_for):
    client = client_for("teacher_a")

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_rejects_logout_by_get(client_for):
    assert client_for("teacher_a").get(reverse("accounts:logout")).status_code == 405


# Profile and password


def test_it_shows_the_profile_with_unit_and_roles(client_for, world):
    response = client_for("specialist").get(reverse("accounts:profile"))

    assertContains(response, world.specialist.get_full_name())
    assertContains(response, "Tổ Phổ thông")
    assertContains(response, "Chuyên viên")
    assertContains(response, reverse("accounts:password_change"))
    assertContains(response, reverse("accounts:otp_setup"))


def test_it_sends_anonymous_visitors_to_login(client_for):
    response = client_for("anonymous").get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_it_changes_the_password_and_keeps_the_session(client_for, world):
    client = client_for("teacher_a")

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Hoa-phuong-do-2024",
            "new_password2": "Hoa-phuong-do-2024",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.check_password("Hoa-phuong-do-2024")
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.parametrize(
    ("new_password", "message"),
    [("123456789012", "hoàn toàn là số"), ("Ngan-12345", "quá ngắn"), ("password1234", "quá phổ biến")],
)
def test_it_refuses_a_weak_new_password(client_for, world, new_password, message):
    response = client_for("teacher_a").post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 200
    assertContains(response, message)
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.check_password(PASSWORD)


# Second factor


def test_it_sends_an_admin_without_a_device_from_otp_to_the_setup(world):
    client = Client()
    client.force_login(world.admin)

    response = client.get(reverse("accounts:otp"), {"next": ELSEWHERE})

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:otp_setup')}?next=%2Fkhong-co-trang-nay%2F"


def test_it_sets_up_a_device_with_a_server_drawn_qr_code_and_then_lets_the_admin_in(world, totp_code):
    client = Client()
    client.force_login(world.admin)

    page = client.get(reverse("accounts:otp_setup"), {"next": ELSEWHERE})
    device = TOTPDevice.objects.get(user=world.admin, confirmed=False)
    response = client.post(reverse("accounts:otp_setup"), {"token": totp_code(device), "next": ELSEWHERE})

    assertContains(page, "<svg")
    assertContains(page, "<path")
    assert response.status_code == 302
    assert response.url == ELSEWHERE
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(ELSEWHERE).status_code == 404


def test_it_keeps_the_setup_open_after_a_wrong_code(world, totp_code):
    client = Client()
    client.force_login(world.admin)
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=world.admin, confirmed=False)
    wrong = f"{(int(totp_code(device)) + 500000) % 1000000:06d}"

    response = client.post(reverse("accounts:otp_setup"), {"token": wrong})

    assertContains(response, "Mã xác thực không đúng")
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get(ELSEWHERE).status_code == 302


def test_it_verifies_a_code_and_returns_to_next(world, totp_code):
    device = TOTPDeviceFactory(user=world.admin)
    client = Client()
    client.force_login(world.admin)

    response = client.post(reverse("accounts:otp"), {"token": totp_code(device), "next": ELSEWHERE})

    assert response.status_code == 302
    assert response.url == ELSEWHERE
    assert client.get(ELSEWHERE).status_code == 404


def test_it_refuses_a_wrong_code(world, totp_code):
    device = TOTPDeviceFactory(user=world.admin)
    client = Client()
    client.force_login(world.admin)
    wrong = f"{(int(totp_code(device)) + 500000) % 1000000:06d}"

    response = client.post(reverse("accounts:otp"), {"token": wrong, "next": ELSEWHERE})

    assertContains(response, "Mã xác thực không đúng")
    assert client.get(ELSEWHERE).status_code == 302


def test_it_does_not_follow_a_next_to_another_site(world, totp_code):
    device = TOTPDeviceFactory(user=world.admin)
    client = Client()
    client.force_login(world.admin)

    response = client.post(
        reverse("accounts:otp"), {"token": totp_code(device), "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert not response.url.startswith("https://evil.example")


def test_it_asks_for_the_current_code_before_replacing_a_device(world):
    TOTPDeviceFactory(user=world.admin)
    client = Client()
    client.force_login(world.admin)

    response = client.get(reverse("accounts:otp_setup"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:otp"))
    assert not TOTPDevice.objects.filter(user=world.admin, confirmed=False).exists()


# Notifications


def test_it_lists_only_the_users_own_notifications_newest_first(client_for, world):
    NotificationFactory(user=world.teacher_a, title="Cũ hơn")
    NotificationFactory(user=world.teacher_a, title="Mới hơn")
    NotificationFactory(user=world.principal_b, title="Của trường B")

    response = client_for("teacher_a").get(reverse("accounts:notifications"))

    assert [n.title for n in response.context["page"].object_list] == ["Mới hơn", "Cũ hơn"]
    assertNotContains(response, "Của trường B")


def test_it_paginates_the_notifications(client_for, world):
    NotificationFactory.create_batch(25, user=world.teacher_a)

    response = client_for("teacher_a").get(reverse("accounts:notifications"), {"page": 2})

    assert len(response.context["page"].object_list) == 5


@pytest.mark.parametrize("rows", [2, 20])
def test_it_lists_notifications_in_a_constant_number_of_queries(
    client_for, world, rows, django_assert_num_queries
):
    NotificationFactory.create_batch(rows, user=world.teacher_a)
    client = client_for("teacher_a")

    with django_assert_num_queries(9):
        response = client.get(reverse("accounts:notifications"))

    assert len(response.context["page"].object_list) == rows


def test_it_marks_one_notification_read(client_for, world):
    notification = NotificationFactory(user=world.teacher_a)

    response = client_for("teacher_a").post(reverse("accounts:notification_read", args=[notification.pk]))

    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_it_opens_the_notifications_link(client_for, world):
    notification = NotificationFactory(user=world.teacher_a, url="/plans/7/")

    response = client_for("teacher_a").post(
        reverse("accounts:notification_read", args=[notification.pk]), {"open": "1"}
    )

    assert response.url == "/plans/7/"


def test_it_does_not_open_a_link_to_another_site(client_for, world):
    notification = NotificationFactory(user=world.teacher_a, url="https://evil.example/")

    response = client_for("teacher_a").post(
        reverse("accounts:notification_read", args=[notification.pk]), {"open": "1"}
    )

    assert response.url == reverse("accounts:notifications")


def test_it_answers_404_for_someone_elses_notification(client_for, world):
    notification = NotificationFactory(user=world.principal_b)

    response = client_for("teacher_a").post(reverse("accounts:notification_read", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_it_marks_all_notifications_read(client_for, world):
    NotificationFactory.create_batch(3, user=world.teacher_a)

    response = client_for("teacher_a").post(reverse("accounts:notifications_read_all"))

    assert response.status_code == 302
    assert not Notification.objects.filter(user=world.teacher_a, read_at__isnull=True).exists()


def test_it_rejects_marking_read_by_get(client_for, world):
    notification = NotificationFactory(user=world.teacher_a)

    response = client_for("teacher_a").get(reverse("accounts:notification_read", args=[notification.pk]))

    assert response.status_code == 405


# Audit log


@pytest.mark.parametrize(
    "persona", ["leader", "specialist", "principal_a", "teacher_a", "partner", "observer"]
)
def test_it_forbids_the_audit_log_to_non_admins(client_for, persona):
    assert client_for(persona).get(reverse("accounts:audit")).status_code == 403


def test_it_shows_the_audit_log_to_the_admin(client_for, world):
    StaffFactory(unit=world.school_a, full_name="Trần Thị Nhật Ký")

    response = client_for("admin").get(reverse("accounts:audit"))

    assert response.status_code == 200
    assertContains(response, "Trần Thị Nhật Ký")
    assertContains(response, "Tạo mới")


def test_it_shows_what_changed(client_for, world):
    staff = StaffFactory(unit=world.school_a, position="Giáo viên")
    staff.position = "Tổ trưởng chuyên môn"
    staff.save()

    response = client_for("admin").get(reverse("accounts:audit"), {"action": str(LogEntry.Action.UPDATE)})

    assertContains(response, "chức vụ")
    assertContains(response, "Tổ trưởng chuyên môn")
    assert all(row["entry"].action == LogEntry.Action.UPDATE for row in response.context["rows"])


def test_it_filters_the_audit_log_by_text(client_for, world):
    StaffFactory(unit=world.school_a, full_name="Lê Văn Tìm Thấy")
    StaffFactory(unit=world.school_a, full_name="Phạm Thị Khác")

    response = client_for("admin").get(reverse("accounts:audit"), {"q": "Tìm Thấy"})

    assert [row["entry"].object_repr for row in response.context["rows"]] == ["Lê Văn Tìm Thấy"]


def test_it_explains_a_bad_date_in_the_audit_filter(client_for):
    response = client_for("admin").get(reverse("accounts:audit"), {"date_from": "31/02/2024"})

    assertContains(response, "Ngày không hợp lệ")
    assertContains(response, 'value="31/02/2024"')


@pytest.mark.parametrize("rows", [2, 20])
def test_it_lists_the_audit_log_in_a_constant_number_of_queries(
    client_for, world, rows, django_assert_num_queries
):
    StaffFactory.create_batch(rows, unit=world.school_a)
    client = client_for("admin")

    with django_assert_num_queries(12):
        response = client.get(reverse("accounts:audit"))

    assert len(response.context["rows"]) >= rows


# Password reset by an administrator


def test_it_lets_the_admin_set_a_temporary_password(client_for, world):
    response = client_for("admin").post(
        reverse("accounts:user_password_reset", args=[world.teacher_a.pk]),
        {"new_password1": "Tam-thoi-2024-abc", "new_password2": "Tam-thoi-2024-abc"},
    )

    assert response.status_code == 302
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.check_password("Tam-thoi-2024-abc")
    assert world.teacher_a.must_change_password is True


def test_it_keeps_the_reset_form_on_a_weak_password(client_for, world):
    response = client_for("admin").post(
        reverse("accounts:user_password_reset", args=[world.teacher_a.pk]),
        {"new_password1": "123456789012", "new_password2": "123456789012"},
    )

    assertContains(response, "hoàn toàn là số")
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.must_change_password is False


@pytest.mark.parametrize("persona", ["leader", "principal_a", "teacher_a"])
def test_it_forbids_password_reset_to_non_admins(client_for, world, persona):
    response = client_for(persona).get(reverse("accounts:user_password_reset", args=[world.coordinator_a.pk]))

    assert response.status_code == 403


def test_it_answers_404_for_a_user_outside_the_admins_units(client_for, world):
    response = client_for("admin").get(reverse("accounts:user_password_reset", args=[world.partner.pk]))

    assert response.status_code == 404


def test_it_forces_a_password_change_at_the_next_login_after_a_reset(client_for, world):
    client_for("admin").post(
        reverse("accounts:user_password_reset", args=[world.teacher_a.pk]),
        {"new_password1": "Tam-thoi-2024-abc", "new_password2": "Tam-thoi-2024-abc"},
    )
    client = Client()
    _login(client, "teacher_a", "Tam-thoi-2024-abc")

    blocked = client.get(ELSEWHERE)
    form = client.get(blocked.url)
    changed = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Tam-thoi-2024-abc",
            "new_password1": "Cua-rieng-toi-2024",
            "new_password2": "Cua-rieng-toi-2024",
        },
    )

    assert blocked.status_code == 302
    assert blocked.url == f"{reverse('accounts:password_change')}?next=%2Fkhong-co-trang-nay%2F"
    assertContains(form, "mật khẩu tạm thời")
    assert changed.status_code == 302
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.must_change_password is False
    assert client.get(ELSEWHERE).status_code == 404


def test_the_audit_log_exports_what_the_filter_shows(client_for, world):
    StaffFactory(unit=world.school_a, full_name="Lê Văn Xuất Tệp")
    StaffFactory(unit=world.school_a, full_name="Phạm Thị Không Lọt")

    response = client_for("admin").get(reverse("accounts:audit"), {"q": "Xuất Tệp", "format": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Thời điểm", "Người thực hiện", "Thao tác")
    assert rows[1:] and all("Xuất Tệp" in r[4] for r in rows[1:])
    assert not any("Không Lọt" in (r[4] or "") for r in rows[1:])
    assert client_for("leader").get(reverse("accounts:audit"), {"format": "xlsx"}).status_code == 403
