"""Overrides for the test suite: plain HTTP on the live server, a fast password hasher."""

import os

from .settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405  (the files' storages as configured: local, or S3 in its test)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Each pytest-xdist worker gets its own Redis database, so that clearing the cache between tests
# (allauth's rate-limit counters live there) never touches another worker's keys.
if str(CACHES["default"]["BACKEND"]).endswith("RedisCache"):  # noqa: F405
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    _url = str(CACHES["default"]["LOCATION"]).rsplit("/", 1)[0]  # noqa: F405
    CACHES["default"]["LOCATION"] = f"{_url}/{10 + int(_worker or 0)}"  # noqa: F405
