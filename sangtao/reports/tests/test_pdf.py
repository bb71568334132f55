"""The PDF: LibreOffice headless converts the .docx (a real conversion; CI installs libreoffice-writer-nogui)."""

import subprocess

import pytest
from django.urls import reverse

from sangtao.reports.pdf import PdfUnavailable, docx_to_pdf


def _poppler(tool: str, pdf: bytes, tmp_path, *args) -> str:
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def test_the_docx_converts_to_an_a4_pdf_with_the_report_s_text(generated, settings, tmp_path):
    settings.SANGTAO_SOFFICE = "soffice"
    pdf = docx_to_pdf(generated.versions.get().docx.read())
    assert pdf.startswith(b"%PDF")
    text = " ".join(_poppler("pdftotext", pdf, tmp_path).split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch số 454/KH-GDĐT",
        "Nơi nhận:",
        "Khuê Mạnh Hùng",
    ):
        assert expected in text
    assert "pts (A4)" in _poppler("pdfinfo", pdf, tmp_path)


def test_a_generation_with_libreoffice_keeps_the_pdf_for_download(
    reporting, world, settings, client_for, django_capture_on_commit_callbacks
):
    from sangtao.reports import services

    settings.SANGTAO_SOFFICE = "soffice"
    report = services.report_create(
        actor=world.principal_a, plan=reporting.plan, period=reporting.period, unit=world.school_a
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_generate(actor=world.principal_a, report=report)
    version = report.versions.get()
    assert version.pdf and not version.pdf_error
    response = client_for("principal_a").get(reverse("reports:download", args=[version.pk, "pdf"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_without_libreoffice_it_says_why_there_is_no_pdf():
    with pytest.raises(PdfUnavailable, match="LibreOffice"):
        docx_to_pdf(b"PK")
