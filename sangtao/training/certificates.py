"""The certificate as a PDF (A4 landscape), drawn on demand by WeasyPrint from an HTML template.

Nothing is stored: a certificate is rebuilt from its record each time, so a revoked one is printed as
revoked, and the demo loads without rendering seventy PDFs.
"""

import logging

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from .models import Certificate
from .selectors import course_dates

# WeasyPrint reports every rendering step at INFO; one line per step per download is noise in the logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def verify_url(certificate: Certificate) -> str:
    """The public page that the QR code opens (the site's address, not the request's: a printed
    certificate outlives whatever host name it was downloaded from)."""
    return settings.SANGTAO_SITE_URL.rstrip("/") + reverse("training:verify", args=[certificate.code])


def qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=1)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 — our own generated SVG


def certificate_html(certificate: Certificate) -> str:
    nomination = certificate.nomination
    course = nomination.course
    first, last = course_dates(course)
    # A certificate is an official Vietnamese document, whatever language the person browses in.
    with translation.override("vi"):
        return render_to_string(
            "training/certificate_pdf.html",
            {
                "c": certificate,
                "course": course,
                "nomination": nomination,
                "first": first,
                "last": last,
                "url": verify_url(certificate),
                "qr": qr_svg(verify_url(certificate)),
                "place": course.place,
            },
        )


def certificate_pdf(certificate: Certificate) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only this needs it

    return HTML(string=certificate_html(certificate), base_url=str(settings.BASE_DIR)).write_pdf()
