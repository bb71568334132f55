"""Several app servers: the cache, the sessions and the uploaded files follow the environment (no network)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.core.files.storage.handler import StorageHandler

from config.settings.base import caches_from_env, default_storage_from_env, session_engine_from_env

ROOT = Path(__file__).resolve().parents[3]
S3_ENV = {
    "SANGTAO_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "sangtao-media",
    "AWS_ACCESS_KEY_ID": "khoa-thu",
    "AWS_SECRET_ACCESS_KEY": "bi-mat-thu",
    "AWS_S3_ENDPOINT_URL": "http://minio.invalid:9000",
    "AWS_S3_REGION_NAME": "us-east-1",
}


def _storage(environ):
    return StorageHandler({"default": default_storage_from_env(environ)})["default"]


def test_without_redis_each_process_caches_in_its_own_memory():
    cache = caches_from_env({})["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert session_engine_from_env({}) == "django.contrib.sessions.backends.db"


def test_redis_url_makes_redis_the_shared_cache_and_sessions_read_through_it():
    config = caches_from_env({"REDIS_URL": "redis://cache.invalid:6379/1"})["default"]
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    cache = RedisCache(config["LOCATION"], {k: v for k, v in config.items() if k not in {"BACKEND", "LOCATION"}})
    assert cache._servers == ["redis://cache.invalid:6379/1"]  # built without connecting
    assert cache.make_key("x") == "sangtao:1:x"
    assert session_engine_from_env({"REDIS_URL": "redis://x"}) == "django.contrib.sessions.backends.cached_db"


def test_files_live_under_media_root_by_default():
    assert isinstance(_storage({}), FileSystemStorage)
    assert isinstance(_storage({"SANGTAO_STORAGE": "filesystem"}), FileSystemStorage)


def test_sangtao_storage_s3_stores_files_in_a_private_bucket():
    from storages.backends.s3 import S3Storage

    storage = _storage(S3_ENV)
    assert isinstance(storage, S3Storage)
    assert storage.bucket_name == "sangtao-media"
    assert storage.endpoint_url == "http://minio.invalid:9000"
    assert storage.default_acl is None and storage.querystring_auth and not storage.file_overwrite
    # A signed address, computed locally: the files are never public.
    assert "Signature=" in storage.url("evidence/minh-chung.pdf") or "X-Amz-Signature=" in storage.url(
        "evidence/minh-chung.pdf"
    )


def test_s3_without_a_bucket_is_refused_at_start():
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        default_storage_from_env({"SANGTAO_STORAGE": "s3"})


def test_production_settings_follow_the_environment():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | S3_ENV | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "kiem-tra-" + "x" * 60,
        "DATABASE_URL": "sqlite:///:memory:",
        "REDIS_URL": "redis://cache.invalid:6379/0",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.STORAGES['default']['BACKEND'])"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "storages.backends.s3.S3Storage",
    ]


def test_the_code_reaches_uploaded_files_only_through_the_storage_api():
    """A path on the local disk does not exist on S3: no `.path` of a file, no MEDIA_ROOT, no own storage."""
    forbidden = re.compile(r"MEDIA_ROOT|FileSystemStorage\(|\.(file|cover|image|docx|xlsx|pdf|document)\.path\b")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "sangtao").rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert offenders == []
