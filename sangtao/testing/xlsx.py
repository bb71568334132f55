"""Build .xlsx uploads in tests, and read downloaded ones back."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook


def xlsx_bytes(header: list, rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_upload(header: list, rows: list[list], name: str = "du-lieu.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        xlsx_bytes(header, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def read_sheet(content: bytes, index: int = 0) -> list[tuple]:
    wb = load_workbook(io.BytesIO(content), read_only=True)
    return list(wb.worksheets[index].iter_rows(values_only=True))


def response_bytes(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# The smallest valid PNG: what a renamed picture looks like to the content check.
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
