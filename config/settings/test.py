"""Tests: real PostgreSQL, Redis, Elasticsearch and Celery worker; only speed-ups and isolation here."""

import os

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Index names are suffixed per test session (and per xdist worker) so runs never collide.
SEARCH_INDEX_PREFIX = "{}-test-{}{}".format(
    env("SEARCH_INDEX_PREFIX", "saphan"), os.getpid(), os.environ.get("PYTEST_XDIST_WORKER", "")
)
# Parallel runs against one PostgreSQL (e.g. several checkouts) each name their own test database.
if env("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = SEARCH_INDEX_PREFIX  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".runtime" / "test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
