"""Django settings, read from the environment (see README: DATABASE_URL, SECRET_KEY, DEBUG,
ALLOWED_HOSTS, EMAIL_URL-style variables). SQLite by default.

With DEBUG off the defaults are the secure ones (Secure cookies, HSTS, HTTPS redirect, a strict
Content-Security-Policy); ``CHISO_PLAIN_HTTP=true`` runs on plain HTTP on an intranet (no redirect,
no HSTS, cookies not Secure) and ``CHISO_BEHIND_PROXY=true`` trusts the X-Forwarded-Proto and
X-Forwarded-For headers of a reverse proxy (nginx) in front."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url

from .env import SettingError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("CHISO_DATA_DIR", str(Path.cwd() / "var")))

DEBUG = env_bool("DEBUG", False)
_secret = env_str("SECRET_KEY", "insecure-development-key-change-me" if DEBUG else "")
if not DEBUG and _secret == "":
    raise SettingError("SECRET_KEY is required when DEBUG is off")
SECRET_KEY = _secret
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'chiso.sqlite3'}"),
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        )
    }
except ValueError as exc:  # dj-database-url's message names the bad scheme or URL
    raise SettingError(f"DATABASE_URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two writers at once wait for each other (up to the timeout) instead of failing with "database is
    # locked"; IMMEDIATE takes the write lock when a transaction starts, so a transaction that reads and
    # then writes cannot be refused halfway; WAL lets pages be read while an import is written.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env_int("CHISO_SQLITE_TIMEOUT", 20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "chiso.web.people",
    "chiso.web.audit",
    "chiso.web.indexdata",
    "chiso.web.common",
    "chiso.web.imports",
    "chiso.web.pages",
    "chiso.web.steering",
    "chiso.web.plans",
    "chiso.web.demo",
    "ninja",  # its Swagger UI static files: the API docs page loads nothing from the internet
    "chiso.web.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "chiso.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chiso.web.common.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Refuses a too large upload from its Content-Length before anything reads the body (CSRF's check
    # reads it, but only in process_view, which runs after every middleware's __call__).
    "chiso.web.security.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "chiso.web.security.BusyDatabaseMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Login throttling (django-axes): after CHISO_LOGIN_FAILURES wrong passwords for one account, or from
# one address, that account or address is refused for CHISO_LOGIN_LOCK_MINUTES; a success resets it.
# Unlock by hand: `chiso manage axes_reset_username NAME`, `chiso manage axes_reset_ip ADDRESS`.
AUTHENTICATION_BACKENDS = [
    "chiso.web.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("CHISO_LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = env_int("CHISO_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CHISO_LOGIN_LOCK_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "chiso.web.security.locked_out"
AXES_CLIENT_IP_CALLABLE = "chiso.web.security.client_address"
AXES_ENABLE_ADMIN = False  # its admin pages are English only; the commands above unlock
AXES_VERBOSE = False

ROOT_URLCONF = "chiso.web.urls"
WSGI_APPLICATION = "chiso.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chiso.web.common.context_processors.chiso",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
# Stored files (Django's default storage); `chiso backup` archives them with the database.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Transport security. Secure by default with DEBUG off; CHISO_PLAIN_HTTP=true for a plain-HTTP intranet
# (and the demo). Each value can still be set on its own.
PLAIN_HTTP = env_bool("CHISO_PLAIN_HTTP", False)
BEHIND_PROXY = env_bool("CHISO_BEHIND_PROXY", False)
_https = not DEBUG and not PLAIN_HTTP
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _https)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _https)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes may come over plain HTTP from the host itself
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Deliberate: HSTS covers only chiso's own host name unless asked (a province's other sites under the
# same domain may still be plain HTTP), and an intranet application is not submitted to browsers'
# preload lists; so `check --deploy` is told these two are chosen, not forgotten.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: every script and style sheet is a static file of this site.
CHISO_CSP = env_str(
    "CHISO_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "chiso@localhost")

# Uploads: imports are small tables; a request whose Content-Length is above the limit (plus a margin
# for the multipart envelope and the other fields) is refused before its body is read (413).
CHISO_MAX_UPLOAD_BYTES = env_int("CHISO_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
CHISO_UPLOAD_MARGIN_BYTES = 256 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440  # the form fields other than files (Django's default, 2.5 MB)
FILE_UPLOAD_MAX_MEMORY_SIZE = min(CHISO_MAX_UPLOAD_BYTES, 2621440)  # bigger files go to a temporary file
MEDIA_ROOT = Path(env_str("CHISO_MEDIA_ROOT", str(DATA_DIR / "media")))

# Errors and warnings to stderr (the service manager keeps them: journald, docker logs), with the
# traceback of every 500; CHISO_LOG_FORMAT=json writes one JSON object a line.
_log_format = env_str("CHISO_LOG_FORMAT", "text")
if _log_format not in ("text", "json"):
    raise SettingError(f"CHISO_LOG_FORMAT={_log_format!r}: use text or json")
LOGGING_CONFIG = "chiso.web.logs.configure"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "chiso.web.logs.JsonFormatter"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": _log_format},
    },
    "root": {"handlers": ["stderr"], "level": env_str("CHISO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (console only with DEBUG on, mail to ADMINS) are replaced by the root's.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "axes": {"handlers": [], "level": "WARNING", "propagate": True},  # lockouts, not every attempt
    },
}
# The province this instance serves by default (Sơn La in the demo).
CHISO_HOME_PROVINCE = env_str("CHISO_HOME_PROVINCE", "14")
