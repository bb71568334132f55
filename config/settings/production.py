"""Production: PostgreSQL from DATABASE_URL, secrets from the environment, demo mode off."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import default_storage_from_env, env_bool

DEBUG = False
SANGTAO_DEMO = False  # demo accounts are never created by the production settings
SANGTAO_TODAY = None  # production always reasons with the real date

if os.environ.get("SECRET_KEY", "").startswith("dev-insecure") or not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY phải được đặt trong môi trường (production).")

STORAGES = {
    "default": default_storage_from_env(),  # MEDIA_ROOT (a folder every server mounts) or S3
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
