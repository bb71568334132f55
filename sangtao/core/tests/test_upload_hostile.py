"""Hostile uploads: renamed executables, HTML and SVG with script, oversized files, zip bombs, paths in names."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from sangtao.contests.models import Entry
from sangtao.core import uploads, xlsx
from sangtao.plans.importer.reading import UnreadableDocument, paragraphs_from_docx
from sangtao.testing.xlsx import PNG_BYTES, xlsx_bytes

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _bomb(name: str, first_entry: str) -> SimpleUploadedFile:
    """A valid-looking Office archive with one entry of 300 MB of zeros (compressed to about 300 KB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(first_entry, "w", force_zip64=True) as entry:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(300):
                entry.write(chunk)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.pdf", ELF),
        ("anh.jpg", ELF),
        ("bao-cao.pdf", MZ),
        ("anh.jpg", MZ),
        ("trang.html", HTML),
        ("anh.svg", SVG),
        ("anh.png", SVG),
        ("anh.jpg", HTML),
        ("minh-chung.pdf", HTML),
    ],
)
def test_disguised_and_scriptable_files_are_refused(name, content):
    with pytest.raises(ValidationError) as caught:
        uploads.validate_upload(SimpleUploadedFile(name, content))
    message = caught.value.messages[0]
    assert "Không nhận tệp" in message or "không đúng với đuôi" in message


@override_settings(SANGTAO_MAX_UPLOAD_BYTES=1024)
def test_oversized_file_is_refused():
    with pytest.raises(ValidationError, match="quá lớn"):
        uploads.validate_upload(SimpleUploadedFile("anh.png", PNG_BYTES + b"\x00" * 2048))


@pytest.mark.parametrize(
    ("name", "entry"), [("bomb.xlsx", "xl/worksheets/sheet1.xml"), ("bomb.docx", "word/document.xml")]
)
def test_zip_bomb_is_refused_on_upload(name, entry):
    bomb = _bomb(name, entry)
    assert bomb.size < uploads.MAX_UNZIPPED_BYTES // 100
    with pytest.raises(ValidationError, match="khi giải nén quá lớn"):
        uploads.validate_upload(bomb)


def test_zip_bomb_is_refused_by_the_xlsx_reader():
    result = xlsx.read_rows(
        _bomb("bomb.xlsx", "xl/worksheets/sheet1.xml"), [xlsx.Column("Họ và tên", "name")]
    )
    assert not result.rows
    assert "khi giải nén quá lớn" in result.errors[0].message


def test_zip_bomb_is_refused_by_the_docx_reader():
    with pytest.raises(UnreadableDocument, match="khi giải nén quá lớn"):
        paragraphs_from_docx(_bomb("ke-hoach.docx", "word/document.xml"))


def test_ordinary_office_files_pass():
    upload = SimpleUploadedFile("danh-sach.xlsx", xlsx_bytes(["Họ và tên"], [["Nguyễn Văn An"]] * 200))
    assert uploads.validate_upload(upload) == "xlsx"


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "..\\x.pdf", "/etc/passwd.pdf", "..\\..\\win.ini.pdf"]
)
def test_path_in_the_file_name_is_neutralised(name):
    upload = SimpleUploadedFile(
        name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    )
    assert uploads.validate_upload(upload) == "pdf"
    assert "/" not in upload.name and "\\" not in upload.name and not upload.name.startswith(".")
    stored = Entry._meta.get_field("file").generate_filename(None, upload.name)
    assert stored.startswith("contests/entries/")
    assert ".." not in stored.split("/") and "\\" not in stored and "etc/" not in stored
