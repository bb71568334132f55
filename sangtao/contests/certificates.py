"""The award certificate as a PDF: the holder, the award, and a QR code of the public verification page.

Drawn by WeasyPrint from an HTML template (fonts from the system: DejaVu has every Vietnamese glyph). The QR
code is made here (never by a third-party service) and points at /contests/verify/<code>/.
"""

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import AwardCertificate


def verify_url(certificate: AwardCertificate) -> str:
    return settings.SANGTAO_SITE_URL.rstrip("/") + reverse("contests:verify", args=[certificate.code])


def qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def certificate_pdf(certificate: AwardCertificate, *, members: list[str]) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango and fonts, which most requests never need

    award = certificate.award
    entry = award.entry
    contest = entry.round.contest
    url = verify_url(certificate)
    # A certificate is an official Vietnamese document, whatever language the person browses in.
    with translation.override("vi"):
        html = render_to_string(
            "contests/certificate_pdf.html",
            {
                "certificate": certificate,
                "award": award,
                "entry": entry,
                "round": entry.round,
                "contest": contest,
                "members": members,
                "verify_url": url,
                "qr": qr_data_uri(url),
            },
        )
    return HTML(string=html, base_url=settings.SANGTAO_SITE_URL).write_pdf()
