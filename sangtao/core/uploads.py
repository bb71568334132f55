"""Uploaded files: checked by content and size before they are stored, served only with permission."""

from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
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


def sniff(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return kind.extension if kind else None


def validate_upload(uploaded, *, allowed: set[str] | None = None) -> str:
    """Raise ValidationError with a Vietnamese message unless the file is allowed. Returns the extension."""
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
    return ext


def serve_file(field_file, *, filename: str | None = None) -> FileResponse:
    """Always as an attachment, never sniffed by the browser."""
    name = filename or PurePath(field_file.name).name
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
