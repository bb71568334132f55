"""The certificate PDF and its QR code of the public verification page."""

import base64

from django.test import override_settings

from sangtao.contests import certificates
from sangtao.contests.models import AwardCertificate


@override_settings(SANGTAO_SITE_URL="https://sangtao.example/")
def test_the_qr_code_points_at_the_public_verification_page():
    certificate = AwardCertificate(code="HT-ABCD2345")
    assert certificates.verify_url(certificate) == "https://sangtao.example/contests/verify/HT-ABCD2345/"
    uri = certificates.qr_data_uri(certificates.verify_url(certificate))
    assert uri.startswith("data:image/svg+xml;base64,") and b"<svg" in base64.b64decode(uri.split(",", 1)[1])
