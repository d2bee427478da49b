"""Django settings, read from the environment through ``between.conf.env``.

The defaults make a fresh clone run with nothing to start: SQLite in ``./var``, tasks in
the database, the demo practice. Every value an operator may set is listed in the
README's settings table; ``between.conf.tests`` fails when one is missing from it.
"""

from __future__ import annotations

import re
import secrets
import tempfile
from pathlib import Path
from typing import Any

import dj_database_url

from between.conf.env import Env, SettingError
from between.conf.secrets import dev_secret, encryption_keys, new_encryption_key

env = Env()
BASE_DIR = Path(__file__).resolve().parent

DEBUG = env.flag("DEBUG", default=False)
# Set by the `between` command for commands that store nothing (policy, simulate, triage,
# bench, keygen): missing secrets are then made up in memory and never written anywhere.
STANDALONE = env.flag("BETWEEN_STANDALONE", default=False)
# Servers refuse to start with DEBUG off when the crisis reader cannot load, unless this
# says the practice knowingly runs on the rules alone.
CRISIS_RULES_ONLY = env.flag("BETWEEN_CRISIS_RULES_ONLY", default=False)
DATA_DIR = env.path(
    "BETWEEN_DATA_DIR",
    Path(tempfile.gettempdir()) / "between-standalone" if STANDALONE else Path.cwd() / "var",
)

_secret_key = env.secret("BETWEEN_SECRET_KEY")
if _secret_key is None and STANDALONE:
    _secret_key = secrets.token_urlsafe(50)
if _secret_key is None:
    if not DEBUG:
        raise SettingError(
            "BETWEEN_SECRET_KEY", "required when DEBUG is off (or set BETWEEN_SECRET_KEY_FILE)"
        )
    _secret_key = dev_secret(DATA_DIR / "secret-key")
SECRET_KEY = _secret_key

# Keys for client content at rest: the first encrypts, all of them decrypt (rotation).
_encryption_key = env.secret("BETWEEN_ENCRYPTION_KEY")
if _encryption_key is None and STANDALONE:
    _encryption_key = new_encryption_key()
BETWEEN_ENCRYPTION_KEYS = encryption_keys(_encryption_key, debug=DEBUG, data_dir=DATA_DIR)

BETWEEN_HOST = env.text("BETWEEN_HOST", "127.0.0.1") or "127.0.0.1"
BETWEEN_PORT = env.integer("BETWEEN_PORT", 8000, minimum=1, maximum=65535)
BETWEEN_BASE_URL = (
    env.text("BETWEEN_BASE_URL", f"http://{BETWEEN_HOST}:{BETWEEN_PORT}") or ""
).rstrip("/")
ALLOWED_HOSTS = env.items("BETWEEN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.items("BETWEEN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    # Bootstrap 5.3 (django-bootstrap-static): static/bootstrap/css and js, served locally.
    "bootstrap",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "between.accounts",
    "between.practices",
    "between.clients",
    "between.policies",
    "between.messaging",
    "between.audit",
    "between.reports",
    "between.web",
    "between.demo",
    "between.bench",
    "between.triage",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "between.web.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "between.practices.middleware.PracticeTimezoneMiddleware",
    "between.accounts.session_limits.SessionLimitsMiddleware",
    "between.accounts.two_factor.TwoFactorMiddleware",
]

ROOT_URLCONF = "between.urls"
WSGI_APPLICATION = "between.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Channel packages are not apps; their templates sit beside their code.
        "DIRS": [BASE_DIR / "templates", *sorted((BASE_DIR / "channels").glob("*/templates"))],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "between.practices.context.membership",
            ],
        },
    },
]
# Every form in Bootstrap's classes (form-control, form-select, is-invalid …): see
# between/web/form_renderer.py and its templates in between/web/templates/django/forms/.
FORM_RENDERER = "between.web.form_renderer.BootstrapFormRenderer"


_CONN_MAX_AGE = 60  # seconds a thread keeps its database connection


def _database(url: str | None) -> dict[str, Any]:
    if url is None:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "between.sqlite3",
            # Keep each thread's connection between requests and SMTP commands: opening
            # one costs about a millisecond (a quarter of what storing a text costs).
            "CONN_MAX_AGE": _CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets the web process read while the worker writes; the timeout makes
                # a writer wait for the lock instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    try:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=_CONN_MAX_AGE, conn_health_checks=True)
        )
    except ValueError as exc:
        raise SettingError("DATABASE_URL", str(exc)) from None
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise SettingError("DATABASE_URL", "only postgresql:// URLs are supported")
    return config


# Set by `between simulate`: a fresh SQLite file for this run only, whatever DATABASE_URL
# says, so a simulation can never touch real data.
THROWAWAY_STORE = env.flag("BETWEEN_THROWAWAY_STORE", default=False)
if THROWAWAY_STORE:
    DATA_DIR = Path(tempfile.mkdtemp(prefix="between-simulate-"))
DATABASES = {"default": _database(None if THROWAWAY_STORE else env.text("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASK_BACKEND = env.choice("BETWEEN_TASK_BACKEND", "database", ("database", "rq", "immediate"))
REDIS_URL = env.text("REDIS_URL", "redis://127.0.0.1:6379/0") or ""
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
TASKS = {"default": _TASK_BACKENDS[TASK_BACKEND]}
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}
if TASK_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")

# -- email channel --
# In: `between smtpd` listens here for mail pointed at Between; `between imap-poll` reads
# an existing mailbox (imaps://user:password@host:993/INBOX). Out: replies and pages go
# through Django's email backend; `smtp` sends automatic replies with MAIL FROM:<>.
BETWEEN_SMTP_HOST = env.text("BETWEEN_SMTP_HOST", "127.0.0.1") or "127.0.0.1"
BETWEEN_SMTP_PORT = env.integer("BETWEEN_SMTP_PORT", 2525, minimum=1, maximum=65535)
BETWEEN_SMTP_MAX_BYTES = env.integer("BETWEEN_SMTP_MAX_BYTES", 26214400, minimum=1024)
BETWEEN_IMAP_URL = env.secret("BETWEEN_IMAP_URL")
EMAIL_HOST = env.text("EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = env.integer("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.text("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env.secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.flag("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise SettingError("EMAIL_USE_SSL", "set EMAIL_USE_TLS (STARTTLS) or EMAIL_USE_SSL, not both")
EMAIL_TIMEOUT = 30  # seconds; Django's default waits forever on a silent server
DEFAULT_FROM_EMAIL = env.text("BETWEEN_EMAIL_FROM", "between@localhost") or "between@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_EMAIL_BACKENDS = {
    "smtp": "between.channels.email.backend.EmailBackend",
    "console": "between.channels.email.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_BACKEND = _EMAIL_BACKENDS[
    env.choice("BETWEEN_EMAIL_BACKEND", "console" if DEBUG else "smtp", tuple(_EMAIL_BACKENDS))
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inbox"
LOGOUT_REDIRECT_URL = "login"

# Failed sign-ins: after this many within the window, each further attempt for the same
# account or address waits twice as long as the last, up to the cap.
BETWEEN_LOGIN_FREE_FAILURES = env.integer("BETWEEN_LOGIN_FREE_FAILURES", 5, minimum=1)
BETWEEN_LOGIN_ACCOUNT_FREE_FAILURES = env.integer(
    "BETWEEN_LOGIN_ACCOUNT_FREE_FAILURES", 50, minimum=1
)
BETWEEN_LOGIN_ADDRESS_FREE_FAILURES = env.integer(
    "BETWEEN_LOGIN_ADDRESS_FREE_FAILURES", 20, minimum=1
)
BETWEEN_LOGIN_WINDOW_SECONDS = env.integer("BETWEEN_LOGIN_WINDOW_SECONDS", 900, minimum=60)
BETWEEN_LOGIN_MAX_DELAY_SECONDS = env.integer("BETWEEN_LOGIN_MAX_DELAY_SECONDS", 900, minimum=1)

# Two-factor sign-in (django-otp): a code from an authenticator app after the password.
# Wrong codes are slowed down by between.accounts.throttle, in scopes of their own: per
# account from one address (BETWEEN_LOGIN_FREE_FAILURES), per address, and per account
# from anywhere after the allowance below (lower than the password's: whoever guesses
# codes already knows the password). django-otp's own per-device delay has no cap, so a
# stranger could lock the rightful user out with it: a factor of 0 turns it off.
BETWEEN_TWO_FACTOR_ACCOUNT_FREE_FAILURES = 10
OTP_TOTP_ISSUER = "Between"
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # no secret key or recovery code in the admin

# The client portal: how long a signed link works, and how many messages a client may
# send through it per hour (a safety valve against loops and floods, not a quota).
BETWEEN_PORTAL_LINK_DAYS = env.integer("BETWEEN_PORTAL_LINK_DAYS", 30, minimum=1, maximum=365)
BETWEEN_PORTAL_MAX_PER_HOUR = env.integer("BETWEEN_PORTAL_MAX_PER_HOUR", 10, minimum=1)
# Intake and re-acknowledgement links: single use, and they stop working after this.
BETWEEN_INTAKE_LINK_DAYS = env.integer("BETWEEN_INTAKE_LINK_DAYS", 14, minimum=1, maximum=90)

# -- sms and voice channels --
# Twilio: the account that sends texts and whose auth token signs every webhook. While
# the token is unset every SMS and voice webhook is refused (403) and texts cannot be
# sent. The API address can point at a stand-in for tests and staging. BETWEEN_SMS_FROM
# overrides the number texts are sent from (default: the number the client wrote to, or
# the text number of the policy in force).
TWILIO_ACCOUNT_SID = env.text("TWILIO_ACCOUNT_SID", "") or ""
TWILIO_AUTH_TOKEN = env.secret("TWILIO_AUTH_TOKEN") or ""
# Texts and pages by text: through Twilio, or printed on standard output (development).
BETWEEN_SMS_BACKEND = env.choice(
    "BETWEEN_SMS_BACKEND",
    "console" if DEBUG and not TWILIO_ACCOUNT_SID else "twilio",
    ("twilio", "console"),
)
BETWEEN_TWILIO_API_URL = (
    env.text("BETWEEN_TWILIO_API_URL", "https://api.twilio.com") or ""
).rstrip("/")
if not BETWEEN_TWILIO_API_URL.startswith(("https://", "http://")):
    raise SettingError("BETWEEN_TWILIO_API_URL", "must start with https:// or http://")
BETWEEN_SMS_FROM = env.text("BETWEEN_SMS_FROM", "") or ""
if BETWEEN_SMS_FROM and not re.fullmatch(r"\+[1-9]\d{6,14}", BETWEEN_SMS_FROM):
    raise SettingError("BETWEEN_SMS_FROM", "must be an E.164 number such as +12125550100")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.integer("BETWEEN_SESSION_SECONDS", 8 * 3600, minimum=300)
BETWEEN_SESSION_IDLE_SECONDS = env.integer("BETWEEN_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_COOKIE_SECURE = not DEBUG and BETWEEN_BASE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Served over HTTPS (BETWEEN_BASE_URL says so, DEBUG off): plain HTTP is redirected and
# browsers are told to use HTTPS only, for a year. Behind a proxy that ends TLS, the
# proxy must say so in X-Forwarded-Proto and BETWEEN_BEHIND_HTTPS_PROXY=true must trust
# it, or every request would look like plain HTTP and be redirected for ever.
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if SESSION_COOKIE_SECURE else 0
# Between's host and any host under it: client data is never served over plain HTTP.
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = SESSION_COOKIE_SECURE
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer's probe speaks plain HTTP
if env.flag("BETWEEN_BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app folders so `between serve` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOG_LEVEL = env.choice("BETWEEN_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # SQL parameters may hold client data; never log them, whatever the level.
        "django.db.backends": {"level": "WARNING", "propagate": True},
        # aiosmtpd's session log and imapclient's protocol log echo addresses and, at
        # DEBUG, whole messages (and IMAP credentials).
        "mail.log": {"level": "WARNING", "propagate": True},
        "imapclient": {"level": "WARNING", "propagate": True},
    },
}
