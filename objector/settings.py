"""Django settings, all from the environment. Secrets also come from `NAME_FILE` (a file path).

OBJECTOR_ENV=production makes every required setting mandatory: a missing one fails at start-up.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    """NAME from the environment, or the contents of the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path}: {exc.strerror}") from None
    value = os.environ.get(name)
    return default if value in (None, "") else value


def required(name: str) -> str:
    value = env(name)
    if value is None:
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set in production")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false)")


def env_int(name: str, default: int, *, minimum: int = 1) -> int:
    value = env(name)
    if value is None:
        return default
    if not value.isdigit() or int(value) < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be a whole number, at least {minimum}")
    return int(value)


PRODUCTION = env("OBJECTOR_ENV", "development") == "production"
DEBUG = env_bool("OBJECTOR_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("OBJECTOR_DEBUG must be off in production")

DATA_DIR = Path(env("OBJECTOR_DATA_DIR") or BASE_DIR / "data").resolve()
# Everything the service writes (the database, its -wal and -shm, backups, the key-holder's
# socket, the secret key) is for this user only; SQLite creates its files under this umask.
os.umask(0o077)
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
# A data directory made before the service (`mkdir data`, an older version) under umask 022 let
# every local user list it: the names and sizes of the database, the backups' times, the
# throttle's files (red team, round 11). Ours is tightened; another user's is left alone.
_data_stat = DATA_DIR.stat()
if _data_stat.st_uid == os.getuid() and _data_stat.st_mode & 0o077:
    DATA_DIR.chmod(0o700)
for _name in ("objector.sqlite3", "objector.sqlite3-wal", "objector.sqlite3-shm"):
    _path = DATA_DIR / _name
    if _path.exists() and _path.stat().st_mode & 0o077:  # made 0644 by an older version
        _path.chmod(0o600)


def _development_secret_key() -> str:
    # Outside production a random key is kept in the data directory, so `make run` needs no
    # configuration and no key is ever committed.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = (
    required("OBJECTOR_SECRET_KEY")
    if PRODUCTION
    else (env("OBJECTOR_SECRET_KEY") or _development_secret_key())
)
ALLOWED_HOSTS = (
    required("OBJECTOR_ALLOWED_HOSTS")
    if PRODUCTION
    else env("OBJECTOR_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]") or ""
).split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "objector.service",
    "objector.accounts",
    "objector.intake",
    "objector.cases",
    "objector.vault",
    "objector.telegram",
    "objector.documents",
    "objector.filings",
    "objector.persons",
    "objector.stats",
]
# Argon2id cost of wrapping the organisation's private key under a passphrase (issue #4 asks
# for at least 0.5 s; 256 MiB and four passes take about 0.7 s here, see bench/vault.py).
VAULT_KDF = {"opslimit": 4, "memlimit": 256 * 1024 * 1024}
# Where the key-holder listens (objector/vault/keyholder.py); one per machine.
VAULT_SOCKET = Path(env("OBJECTOR_VAULT_SOCKET") or DATA_DIR / "vault.sock")
AUTH_USER_MODEL = "accounts.Staff"
STAFF_IDLE_MINUTES = env_int("OBJECTOR_STAFF_IDLE_MINUTES", 30)
# Closed cases are crypto-shredded this many days after closing (objector/cases/actions.py).
RETENTION_DAYS = env_int("OBJECTOR_RETENTION_DAYS", 365)

# The Telegram bot (objector/telegram, `objector telegram`). With a token it serves Telegram;
# OBJECTOR_TELEGRAM_API points it at another Bot API server, such as `objector fake-telegram`.
TELEGRAM_TOKEN = env("OBJECTOR_TELEGRAM_TOKEN") or ""
TELEGRAM_API = (env("OBJECTOR_TELEGRAM_API") or "https://api.telegram.org").rstrip("/")
# Set, the bot takes updates on {this URL} (/telegram/webhook) instead of long polling.
TELEGRAM_WEBHOOK_URL = env("OBJECTOR_TELEGRAM_WEBHOOK_URL") or ""
# Bot API calls a second, for all chats together (Telegram allows about 30); 0 means no limit.
TELEGRAM_RATE = env_int("OBJECTOR_TELEGRAM_RATE", 30, minimum=0)
# Messages one person may send a minute before the bot asks them to slow down.
# Messages one chat may send a minute (taps count). The questionnaire's common path takes 16
# since round 11 asked the date of birth: at 20 a quick person who then sent a few files was
# told to wait. 30 still slows a flood to one message every two seconds.
TELEGRAM_FLOOD = env_int("OBJECTOR_TELEGRAM_FLOOD", 30)
# A conversation left unfinished this many days is erased.
TELEGRAM_IDLE_DAYS = env_int("OBJECTOR_TELEGRAM_IDLE_DAYS", 14)
# Where requesters reach the web form; the bot's receipt links to it.
PUBLIC_URL = (env("OBJECTOR_PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/")
# Where `objector backup` writes, and which backups shredding scrubs.
BACKUP_DIR = Path(env("OBJECTOR_BACKUP_DIR") or DATA_DIR / "backups").resolve()
# The shred log (service/storage.py, shreds_record): which requests were shredded (their id and
# creation time, both on their clear row already), kept beside the database, outside it, so
# that `objector restore` shreds them again in a backup taken before (round 12).
SHRED_LOG = Path(env("OBJECTOR_SHRED_LOG") or DATA_DIR / "shredded-requests").resolve()
# Where the hourly task appends the audit log's head (objector/vault/audit.py): somewhere this
# server cannot rewrite, such as another machine's mount or an append-only file. Unset: none.
AUDIT_ANCHOR_FILE = env("OBJECTOR_AUDIT_ANCHOR_FILE") or ""
# Behind a reverse proxy that appends the client's address to X-Forwarded-For, set this so that
# sign-in and receipt-check limits count per client, not per proxy (objector/vault/throttle.py).
# The header is believed only from a peer on this machine or a private network.
TRUSTED_PROXY = env_bool("OBJECTOR_TRUSTED_PROXY", False)
OTP_TOTP_ISSUER = "Objector"
LOGIN_URL = "accounts:login"
# Argon2id for staff passwords; older hashes are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Only what the pages use: the language is chosen explicitly (query, session, staff profile),
# not by LocaleMiddleware from Accept-Language, and no page uses django.contrib.messages.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "objector.accounts.middleware.StaffIdleTimeoutMiddleware",
    "objector.accounts.middleware.StaffLanguageMiddleware",
    "objector.accounts.middleware.StaffNoStoreMiddleware",
    "objector.vault.middleware.VaultSealedMiddleware",
    "objector.service.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "objector.urls"
WSGI_APPLICATION = "objector.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "objector.accounts.texts.staff_texts",
            ],
        },
    },
]

# The embedded default is SQLite under the data directory: WAL so readers never block the writer,
# synchronous=FULL so an acknowledged commit survives power loss, IMMEDIATE transactions so
# writers queue on the busy timeout instead of failing on lock upgrade, secure_delete so
# deleted rows are overwritten, and journal_size_limit so that the -wal file is cut back after
# each checkpoint instead of keeping superseded pages at its old length.
SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=FULL;"
        "PRAGMA secure_delete=ON;"
        "PRAGMA journal_size_limit=4194304;"
        "PRAGMA foreign_keys=ON"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}

DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # A SQLite file named by URL gets the same pragmas and transactions as the default one.
        DATABASES["default"]["OPTIONS"] = {
            **SQLITE_OPTIONS,
            **DATABASES["default"].get("OPTIONS", {}),
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "objector.sqlite3"),
            "OPTIONS": SQLITE_OPTIONS,
            # Persistent connections: opening SQLite and running the pragmas on every request
            # costs more than the request's own queries.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            # On disk, not in memory, so the tests see the same pragmas as production.
            "TEST": {"NAME": str(DATA_DIR / "test-objector.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    # django_tasks_db's, storing its row with an INSERT built once per process (issue #13).
    "default": {"BACKEND": "objector.service.task_queue.DatabaseBackend", "QUEUES": ["default"]}
}

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
# gunicorn serves the one stylesheet itself, through WhiteNoise, straight from the installed
# package: no collectstatic step and no second web server to configure.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

# Intake forms are small: a larger body is an attack or a mistake, and is refused (413/400).
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
# Evidence uploads (objector/documents): each file up to this size, several files up to four
# times it in one upload, held in memory only, so that a client's file never lands on disk
# before it is encrypted. A larger upload is refused (413) by its Content-Length.
OBJECTOR_UPLOAD_MAX_BYTES = env_int("OBJECTOR_UPLOAD_MAX_MB", 25) * 1024 * 1024
OBJECTOR_MAX_PAGES = env_int("OBJECTOR_MAX_PAGES", 100)
# Each document is read and extracted in a child process with these limits (documents/sandbox.py):
# CPU seconds (wall clock: twice that, plus 5 s) and memory above what the worker already maps.
EXTRACT_SECONDS = env_int("OBJECTOR_EXTRACT_SECONDS", 120)
EXTRACT_MEMORY_MB = env_int("OBJECTOR_EXTRACT_MEMORY_MB", 1024)
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 4 * OBJECTOR_UPLOAD_MAX_BYTES + 64 * 1024

# Session rows are kept under a hash of the cookie's key, so a copy of the database holds no
# live session (objector/vault/sessions.py); expired rows are purged hourly.
SESSION_ENGINE = "objector.vault.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin, not no-referrer: no referrer ever leaves the site, but browsers send `Origin: null`
# on form posts under no-referrer, and Django's CSRF check (and on HTTPS its Referer check) then
# refuses every form. The real-browser intake test caught this.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Nothing runs and nothing loads from elsewhere: the pages are plain forms and one stylesheet.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("OBJECTOR_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Personal data never reaches the logs: requests are not logged with bodies, and errors go to
# stderr without local variables.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    # Django logs every 4xx as a warning. A refused sign-in, a wrong receipt, or a 405 is the
    # service working as meant, and under a flood a line for each one cost a quarter of the
    # refusal's CPU (issue #13). Server errors are still logged.
    "loggers": {"django.request": {"level": "ERROR"}},
}
