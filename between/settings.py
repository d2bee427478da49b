"""Django settings, read from the environment through ``between.conf.env``.

The defaults make a fresh clone run with nothing to start: SQLite in ``./var``, tasks in
the database, the demo practice. Every value an operator may set is listed in the
README's settings table; ``between.conf.tests`` fails when one is missing from it.
"""

from __future__ import annotations

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
    "django_tasks",
    "django_tasks_db",
    "between.accounts",
    "between.practices",
    "between.clients",
    "between.policies",
    "between.messaging",
    "between.audit",
    "between.web",
    "between.demo",
    "between.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "between.practices.middleware.PracticeTimezoneMiddleware",
]

ROOT_URLCONF = "between.urls"
WSGI_APPLICATION = "between.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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


def _database(url: str | None) -> dict[str, Any]:
    if url is None:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "between.sqlite3",
            "OPTIONS": {
                # WAL lets the web process read while the worker writes; the timeout makes
                # a writer wait for the lock instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as exc:
        raise SettingError("DATABASE_URL", str(exc)) from None
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise SettingError("DATABASE_URL", "only postgresql:// URLs are supported")
    return config


DATABASES = {"default": _database(env.text("DATABASE_URL"))}
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
BETWEEN_LOGIN_WINDOW_SECONDS = env.integer("BETWEEN_LOGIN_WINDOW_SECONDS", 900, minimum=60)
BETWEEN_LOGIN_MAX_DELAY_SECONDS = env.integer("BETWEEN_LOGIN_MAX_DELAY_SECONDS", 900, minimum=1)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.integer("BETWEEN_SESSION_SECONDS", 8 * 3600, minimum=300)
SESSION_COOKIE_SECURE = not DEBUG and BETWEEN_BASE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
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
    },
}
