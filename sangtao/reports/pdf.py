"""The PDF of a report: the .docx converted by LibreOffice headless.

Converting the Word file, rather than rendering an HTML twin with WeasyPrint, keeps one layout: the PDF has
the pages, the fonts and the pagination of the document the office signs. LibreOffice substitutes Liberation
Serif, metrically compatible, where Times New Roman is not installed.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 180


class PdfUnavailable(Exception):
    """The PDF could not be made; the message says why, for the page."""


def soffice() -> str | None:
    return shutil.which(getattr(settings, "SANGTAO_SOFFICE", "soffice"))


def docx_to_pdf(docx: bytes) -> bytes:
    binary = soffice()
    if binary is None:
        raise PdfUnavailable(_("Máy chủ chưa cài LibreOffice (soffice) nên không tạo được bản PDF."))
    with tempfile.TemporaryDirectory(prefix="sangtao-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "bao-cao.docx"
        source.write_bytes(docx)
        # A profile of its own: two conversions at once (two workers) must not share LibreOffice's lock.
        profile = (folder / "profile").as_uri()
        command = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(_("LibreOffice chuyển sang PDF quá lâu nên đã dừng.")) from None
        except (subprocess.CalledProcessError, OSError):
            raise PdfUnavailable(_("LibreOffice không chuyển được văn bản sang PDF.")) from None
        target = folder / "bao-cao.pdf"
        if not target.exists() or not target.read_bytes().startswith(b"%PDF"):
            raise PdfUnavailable(_("LibreOffice không chuyển được văn bản sang PDF."))
        return target.read_bytes()
