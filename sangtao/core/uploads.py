"""Uploaded files: checked by content and size before they are stored, served only with permission."""

import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _

# What a school may attach as evidence: documents, spreadsheets, slides, pictures, PDF.
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "zip": "application/zip",
}
# Office Open XML files are zip archives; the sniffer may name either.
OOXML = {"docx", "xlsx", "pptx", "odt", "ods"}
OLE = {"doc", "xls", "ppt"}
# A zip bomb: an archive (.docx, .xlsx are zips) whose entries expand far beyond any real document.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_ZIP_ENTRIES = 10_000


def sniff(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return kind.extension if kind else None


def safe_name(name: str) -> str:
    """The bare file name, without any Windows or POSIX path, leading dots or control characters.

    Django strips "/" paths itself but keeps "..\\x.pdf", which storage then refuses as a traversal.
    """
    bare = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    bare = "".join(ch for ch in bare if ch.isprintable()).strip().lstrip(".")
    ext = PurePath(bare).suffix
    return bare if PurePath(bare).stem.strip(". ") else f"tep-tai-len{ext}"


def validate_upload(uploaded, *, allowed: set[str] | None = None) -> str:
    """Raise ValidationError with a Vietnamese message unless the file is allowed. Returns the extension.

    The file's name is made safe (see `safe_name`) before anything stores it.
    """
    if isinstance(uploaded, UploadedFile):  # a File opened from disk keeps its path
        uploaded.name = safe_name(uploaded.name)
    allowed = allowed or set(ALLOWED_TYPES)
    limit = settings.SANGTAO_MAX_UPLOAD_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size).1f MB); tối đa %(limit)d MB.")
            % {"name": uploaded.name, "size": uploaded.size / 1048576, "limit": limit // 1048576}
        )
    if uploaded.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": uploaded.name})
    ext = PurePath(uploaded.name).suffix.lower().lstrip(".")
    if ext not in allowed:
        raise ValidationError(
            _("Không nhận tệp .%(ext)s. Các loại được nhận: %(allowed)s.")
            % {"ext": ext or "?", "allowed": ", ".join(sorted(allowed))}
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    found = sniff(head)
    same = found == ext or (ext == "jpeg" and found == "jpg")
    container_ok = (ext in OOXML and found == "zip") or (ext in OLE and found in {"msi", "doc", "xls", "ppt"})
    if not (same or container_ok or (ext in OOXML and found in OOXML)):
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không đúng với đuôi .%(ext)s (tệp có thể bị đổi tên hoặc hỏng).")
            % {"name": uploaded.name, "ext": ext}
        )
    if ext in OOXML or ext == "zip":
        check_archive(uploaded)
    return ext


def check_archive(uploaded) -> None:
    """Refuse an archive whose entries expand too much (in total or by ratio), before anything unzips it."""
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        uploaded.seek(0)
        return  # not a readable zip: the reader says so in its own words
    finally:
        uploaded.seek(0)
    name = PurePath(str(getattr(uploaded, "name", "") or "")).name
    total = sum(entry.file_size for entry in entries)
    packed = max(sum(entry.compress_size for entry in entries), 1)
    if len(entries) > MAX_ZIP_ENTRIES or total > MAX_UNZIPPED_BYTES or total / packed > MAX_ZIP_RATIO:
        raise ValidationError(
            _(
                "Tệp “%(name)s” khi giải nén quá lớn (%(size)d MB), có thể là tệp độc hại; hệ thống không nhận."
            )
            % {"name": name, "size": total // 1048576}
        )


def serve_file(field_file, *, filename: str | None = None) -> FileResponse:
    """Always as an attachment, never sniffed by the browser."""
    name = filename or PurePath(field_file.name).name
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
