"""The certificate PDF and its public verification page."""

import subprocess

from django.test import override_settings
from django.urls import reverse

from sangtao.testing.factories import StudentFactory
from sangtao.training import services
from sangtao.training.certificates import certificate_html, certificate_pdf, qr_svg, verify_url


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "gcn.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_the_pdf_is_vietnamese_with_the_name_the_course_and_the_code(done, tmp_path):
    pdf = certificate_pdf(done.certificate)
    text = _text(pdf, tmp_path)
    assert pdf.startswith(b"%PDF")
    for expected in (
        "GIẤY CHỨNG NHẬN",
        "Nguyễn Thị Ánh Tuyết",
        "Tập huấn tiết kiệm năng lượng trong trường học",
        done.certificate.code,
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN 12",
        "Khuê Mạnh Hùng",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Quận 12, ngày",
    ):
        assert expected in text, expected


def test_the_pdf_is_a4_landscape(done, tmp_path):
    path = tmp_path / "gcn.pdf"
    path.write_bytes(certificate_pdf(done.certificate))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    assert "841.89 x 595.276 pts (A4)" in info  # wider than tall: landscape


@override_settings(SANGTAO_SITE_URL="https://sangtao.example.gov.vn/")
def test_the_qr_code_opens_the_public_verification_page_of_the_site(done):
    url = f"https://sangtao.example.gov.vn/training/verify/{done.certificate.code}/"
    assert verify_url(done.certificate) == url
    assert qr_svg(url) in certificate_html(done.certificate)


def test_a_revoked_certificate_is_printed_as_revoked(done, world, tmp_path):
    revoked = services.certificate_revoke(
        actor=world.specialist, certificate=done.certificate, reason="Cấp nhầm"
    )
    assert "ĐÃ THU HỒI" in _text(certificate_pdf(revoked), tmp_path)


def test_the_verification_page_says_valid_and_shows_only_what_the_certificate_says(done, client_for):
    response = client_for("anonymous").get(reverse("training:verify", args=[done.certificate.code]))
    body = response.content.decode()
    assert response.status_code == 200
    for expected in (
        "Hợp lệ",
        "Nguyễn Thị Ánh Tuyết",
        "Tập huấn tiết kiệm năng lượng trong trường học",
        "Phòng Giáo dục và Đào tạo Quận 12",
    ):
        assert expected in body, expected
    # Nothing else about the person: not the school, the group, the account or another certificate.
    for hidden in ("Trường THCS Nguyễn Ảnh Thủ", "Giáo viên", "teacher_a", "Trần Văn Đức", "@example.edu.vn"):
        assert hidden not in body, hidden


def test_a_pupils_verification_page_shows_no_class_or_school(world, tw, client_for):
    pupil = StudentFactory(unit=world.school_a, full_name="Lê Minh Khang", grade=8, class_name="8A7")
    n = services.nominate(
        actor=world.principal_a, course=tw.partner_course, school=world.school_a, student=pupil
    )
    services.nomination_approve(actor=world.partner, nomination=n)
    services.attendance_mark(
        actor=world.partner, session=tw.partner_course.sessions.get(), present_ids=[n.pk]
    )
    services.completions_compute(actor=world.partner, course=tw.partner_course)
    (certificate,) = services.certificate_issue(actor=world.partner, course=tw.partner_course)
    body = client_for("anonymous").get(reverse("training:verify", args=[certificate.code])).content.decode()
    assert (
        "Lê Minh Khang" in body and "8A7" not in body and "Nguyễn Ảnh Thủ" not in body and "Khối" not in body
    )


def test_a_revoked_certificate_says_so_on_the_verification_page(done, world, client_for):
    services.certificate_revoke(actor=world.specialist, certificate=done.certificate, reason="Cấp nhầm người")
    body = (
        client_for("anonymous").get(reverse("training:verify", args=[done.certificate.code])).content.decode()
    )
    assert "Đã thu hồi" in body and "không còn giá trị" in body and "Hợp lệ" not in body
    assert "Cấp nhầm người" not in body  # the reason stays with the organiser


def test_an_unknown_code_is_a_vietnamese_404(db, client_for):
    response = client_for("anonymous").get(reverse("training:verify", args=["KHONGCOMA2"]))
    body = response.content.decode()
    assert response.status_code == 404 and "Không tìm thấy giấy chứng nhận" in body and "KHONGCOMA2" in body


def test_the_code_is_read_without_spaces_dashes_or_case(done, client_for):
    typed = f" {done.certificate.code[:5].lower()}-{done.certificate.code[5:]} "
    response = client_for("anonymous").get(reverse("training:verify_form"), {"code": typed})
    assert response.status_code == 302 and response["Location"] == reverse(
        "training:verify", args=[done.certificate.code]
    )


def test_the_verification_form_never_lists_certificates(done, client_for):
    body = client_for("anonymous").get(reverse("training:verify_form")).content.decode()
    assert done.certificate.code not in body and "Nguyễn Thị Ánh Tuyết" not in body


def test_the_download_is_a_pdf_attachment(done, client_for):
    response = client_for("teacher_a").get(reverse("training:certificate", args=[done.certificate.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="giay-chung-nhan-{done.certificate.code}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
