"""Test settings: the product's settings with test defaults. DATABASE_URL (if set) picks PostgreSQL."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("CHISO_DATA_DIR", tempfile.mkdtemp(prefix="chiso-test-"))
os.environ.setdefault("CHISO_PLAIN_HTTP", "true")  # the test client speaks plain HTTP

from chiso.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F405
WHITENOISE_USE_FINDERS = True
