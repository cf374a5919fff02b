"""Settings for Uniform. Everything that differs per deployment comes from the environment.

Defaults are safe for production (DEBUG off, secure cookies) except where `DEBUG=1` is set,
which `make run` does for local development.
"""

import importlib.util
import os
import sys
from pathlib import Path

import csp.constants
import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import object_storage

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("UNIFORM_TESTING", False) or "pytest" in sys.modules  # running the test suite

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-only-for-local-use"  # noqa: S105
    else:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "tenancy",
    "web",
    "home",
    "catalogue",
    "schools",
    "childcare",
    "network",
    "internships",
    "evaluations",
    "training",
    "exports",
    "notifications",
    "reminders",
    "calendars",
    "placements",
    "audit",
    "retention",
    "privacy",
    "sso",
    "api",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "ninja",
]

MIDDLEWARE = [
    "web.observability.RequestMiddleware",  # request id, request log line, request metrics (ADR 0030)
    "web.replica.ReplicaMiddleware",  # who just wrote reads from the primary (ADR 0030)
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy (ADR 0010)
    "django_permissions_policy.PermissionsPolicyMiddleware",  # Permissions-Policy (ADR 0010)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (the feedback sheet: 98 KB of HTML, 10 KB gzipped; issue 20). Django's
    # GZipMiddleware pads each response at random against BREACH (Django 4.2+); static files
    # come compressed from WhiteNoise, and responses with a Content-Encoding are left alone.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # sets the cookie of a browser where someone logged in (tenancy.devices), on any response
    "tenancy.devices.DeviceCookieMiddleware",
    "tenancy.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "web.middleware.RequestSizeLimitMiddleware",  # before anything reads the body (ADR 0010)
    "web.middleware.CleanInputMiddleware",  # no NUL, control or bidi character reaches a view (#13); after the size cap, which must come before any read of the body
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "tenancy.middleware.RequireMFAMiddleware",
    "sso.middleware.ProviderFormActionMiddleware",  # the login page may redirect to a login provider (ADR 0026)
    "tenancy.middleware.StrongReauthenticationMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "web.context_processors.navigation",
                "notifications.context_processors.bell",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database (robustness, ADR 0010) ---------------------------------------------------------
# SQLite by default so `make run` works on a bare machine; DATABASE_URL selects PostgreSQL
# (postgres://user:password@host:5432/name). A wrong DATABASE_URL stops the start-up with a
# clear message (here for a malformed one, in config/wsgi.py and `manage.py check --database
# default` for an unreachable one) instead of a 500 on the first request.
SUPPORTED_DATABASE_ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}


def database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
    hint = "use postgres://user:password@host:5432/name or sqlite:////absolute/path/db.sqlite3"
    scheme = url.split("://", 1)[0] if "://" in url else "(none)"
    try:
        config = dj_database_url.parse(
            url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")), conn_health_checks=True
        )
    except dj_database_url.UnknownSchemeError:  # the URL holds a password: never echo it
        raise ImproperlyConfigured(f"DATABASE_URL has an unknown scheme {scheme!r}; {hint}.") from None
    except Exception as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a valid database URL ({type(exc).__name__}, scheme {scheme!r}); {hint}."
        ) from None
    if config["ENGINE"] not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(f"DATABASE_URL scheme {scheme!r} is not supported; {hint}.")
    if not config.get("NAME") or (config["NAME"] == ":memory:" and not TESTING):
        raise ImproperlyConfigured(f"DATABASE_URL names no database (scheme {scheme!r}); {hint}.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # Web requests and the task worker write to one file. BEGIN IMMEDIATE takes the write
        # lock when a transaction starts, so a service's read-then-write never fails with
        # "database is locked" (a DEFERRED transaction cannot wait to upgrade its lock); it
        # waits up to `timeout` seconds instead. WAL lets readers go on while one writes.
        config.setdefault("OPTIONS", {}).update(
            transaction_mode="IMMEDIATE",
            timeout=int(os.environ.get("SQLITE_TIMEOUT", "20")),
            init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        )
    return config


DATABASES = {"default": database_from_env()}
# --- end of Database -----------------------------------------------------------------------------

# --- Read replica and connection pooling (ADR 0030) -------------------------------------------
# DATABASE_REPLICA_URL: a read-only copy of the primary (PostgreSQL streaming replication).
# Only views that ask (web.replica.replica_reads: reports, dashboards, PDFs) read from it, and
# not for REPLICA_PIN_SECONDS after the same browser wrote (web/replica.py). In the test suite
# the alias is a mirror of the test database; REPLICA_ENABLED switches its use on per test.
DATABASE_ROUTERS = ["web.replica.ReplicaRouter"]
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))
REPLICA_ENABLED = not TESTING
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    _replica = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"].strip(),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")), conn_health_checks=True,
    )
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
elif TESTING:
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
# Behind PgBouncer in transaction mode a server-side cursor (QuerySet.iterator() on PostgreSQL)
# may outlive the transaction's server connection: DISABLE_SERVER_SIDE_CURSORS=1 turns them off.
if env_bool("DISABLE_SERVER_SIDE_CURSORS"):
    for _database in DATABASES.values():
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
# PostgreSQL (psycopg 3): parameters bound by the server, and each query that a connection runs a
# fifth time prepared there, so PostgreSQL parses and plans it once per connection instead of on
# every request (half of its CPU on a role home; ADR 0033). DATABASE_PREPARED_STATEMENTS=0 turns
# it off, e.g. behind PgBouncer in transaction mode before 1.21 (a prepared statement belongs to
# one server connection).
if env_bool("DATABASE_PREPARED_STATEMENTS", True) and importlib.util.find_spec("psycopg"):  # psycopg2 has neither option
    for _database in DATABASES.values():
        if _database["ENGINE"] == "django.db.backends.postgresql":
            _database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
# --- end of Read replica and connection pooling --------------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: allauth's rate limits need a shared cache. REDIS_URL selects Redis; otherwise the
# database cache table (shared between processes, created by `migrate` + createcachetable).
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "uniform_cache",
        }
    }
# Sessions: with Redis, read from the cache and written through to the database (cached_db), so
# any app server serves any request and a Redis restart logs nobody out (ADR 0028). Without it,
# Django's database sessions, shared by every process as well.
if os.environ.get("REDIS_URL") and not TESTING:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "uniform.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # Django's rules with our wording (tenancy/passwords.py: Dutch for every message).
    {"NAME": "tenancy.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "tenancy.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "tenancy.passwords.CommonPasswordValidator"},
    {"NAME": "tenancy.passwords.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: email is the login, no open sign-up (people join by invitation),
# login by emailed code for mentors who hate passwords, MFA available.
ACCOUNT_ADAPTER = "tenancy.adapters.AccountAdapter"
# Login with the school's account (ADR 0026): providers come from sso.LoginProvider rows.
SOCIALACCOUNT_ADAPTER = "sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Uniform] "
# Rate limits, all in the cache above: allauth's (its defaults plus these) and the app's own
# (tenancy.throttle reads them from here too). Failed logins count per real client IP (see the
# proxy settings below) and per account *from that IP* (tenancy.adapters keys them so): one
# person's typos or one guesser never lock out the others behind the same proxy; a guesser
# spread over many addresses meets the per-account ceiling (login by emailed code stays open).
# See docs/adr/0009-account-takeover-and-guessing.md.
UNIFORM_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login_failed_account": "100/h/key",
    "reset_password": "20/m/ip,5/m/key",
    # Password checks outside the login form (signing an evaluation, changing the password):
    # failures per person, one counter for all of them.
    "password_check": "5/5m/user,20/h/user",
    # Invitation links that match no invitation, per client IP.
    "invitation_token": "20/m/ip",
}
# The test suite logs in dozens of times a minute from one address, so it switches them off
# (``False`` is allauth's "no limits"; {} would mean its defaults); tests/test_account_security.py
# switches them on.
ACCOUNT_RATE_LIMITS = False if TESTING else UNIFORM_RATE_LIMITS
MFA_RATE_LIMITS = False if TESTING else {}
# Behind a reverse proxy every request comes from the proxy's address: say how many proxies
# (each appending to X-Forwarded-For) or which header (X-Real-IP) carries the client's address,
# so the limits count people, not the proxy. 0 and unset: REMOTE_ADDR (no proxy). README: Deploy.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER", "").strip() or None
# Changing addresses, the password or the second factor asks for a recent reauthentication with
# the strongest factor the account has (tenancy.reauth); the old address hears of every change.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_FORMS = {
    "change_password": "tenancy.forms.ChangePasswordForm",
    "request_login_code": "tenancy.forms.RequestLoginCodeForm",
}
# The browser where someone logged in before (tenancy.devices): its attempts are counted apart
# from strangers', so strangers holding an account's limits do not lock out its owner.
UNIFORM_DEVICE_COOKIE = "uniform_device"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Uniform"
# Coordinators, school and childcare admins and Django admin staff must set up TOTP before they
# can use the app. On by default in production; off for DEBUG (the demo logins of `make run`)
# and tests, which switch it on where they check it.
UNIFORM_REQUIRE_MFA = env_bool("UNIFORM_REQUIRE_MFA", default=not DEBUG and not TESTING)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Internationalisation: Dutch (Belgium) by default, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"

# The scheduler (ADR 0016): the hour (local) from which the day's reminders go out.
UNIFORM_REMINDER_HOUR = int(os.environ.get("UNIFORM_REMINDER_HOUR", "7"))
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "var" / "staticfiles")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Static files with hashed names, compressed, cached for a year (WhiteNoise's manifest storage,
# issue 20): always in production (collectstatic is part of a deployment), and under `make run`,
# which runs collectstatic first with UNIFORM_STATIC_MANIFEST=1. A DEBUG server uses them when
# collectstatic has run ("auto"); UNIFORM_STATIC_MANIFEST=0 serves the files as they are on disk
# (while editing static/). The test suite uses plain names (no collectstatic needed).
_STATIC_MANIFEST = os.environ.get("UNIFORM_STATIC_MANIFEST", "auto")
STATIC_HASHED = not TESTING and (
    _STATIC_MANIFEST == "1"
    or (not DEBUG and _STATIC_MANIFEST != "0")
    or (_STATIC_MANIFEST == "auto" and (STATIC_ROOT / "staticfiles.json").exists())
)
# Uploaded documents and exports: the local disk (MEDIA_ROOT), or a private bucket on
# S3-compatible object storage when S3_BUCKET is set (S3_ENDPOINT_URL, S3_ACCESS_KEY_ID,
# S3_SECRET_ACCESS_KEY, S3_REGION, S3_PREFIX, S3_DOWNLOAD_MODE=proxy|redirect,
# S3_PRESIGNED_SECONDS; config/object_storage.py, ADR 0029). The test suite stays on the disk
# and switches to its own S3 server where a test asks for it (tests/s3_server.py).
STORAGES = {
    "default": object_storage.default_storage({} if TESTING else os.environ),
    "staticfiles": {
        "BACKEND": (
            "config.static_storage.HashedStaticFilesStorage"
            if STATIC_HASHED
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Email. In development (no EMAIL_HOST) mails go to the console and are appended to
# var/mail.log so a login code can be read back.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Uniform <noreply@uniform.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "tenancy.mail.ConsoleAndFileBackend"
# Links in mails are absolute: the address the app is reached at (notifications, ADR 0015).
UNIFORM_BASE_URL = os.environ.get("UNIFORM_BASE_URL", "http://127.0.0.1:8000")
# Immediate notification mails go through the task worker; the test suite sends them in the
# request that made them (after its commit), so a test reads them from the outbox.
NOTIFICATIONS_SEND_INLINE = env_bool("NOTIFICATIONS_SEND_INLINE", TESTING)
MAIL_LOG_FILE = Path(os.environ.get("MAIL_LOG_FILE", BASE_DIR / "var" / "mail.log"))

# --- Background tasks (ADR 0028) -----------------------------------------------------------------
# TASK_QUEUE selects the queue: "database" (the default: django-tasks-db, the queue is a table of
# the app's own database) or "redis" (django-tasks-rq: RQ on Redis at TASK_QUEUE_URL, else
# REDIS_URL). `manage.py run_worker` starts the worker that fits; any number of them, anywhere.
TASK_QUEUE = os.environ.get("TASK_QUEUE", "database").strip().lower() or "database"
if TASK_QUEUE == "redis":
    TASK_QUEUE_URL = os.environ.get("TASK_QUEUE_URL", "").strip() or os.environ.get("REDIS_URL", "").strip()
    if not TASK_QUEUE_URL:
        raise ImproperlyConfigured("TASK_QUEUE=redis needs TASK_QUEUE_URL or REDIS_URL (redis://host:6379/0).")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    # A job that runs longer than DEFAULT_TIMEOUT is stopped by RQ (and then taken up again by the
    # scheduler's watchdog): an hour, far above the largest group's export.
    RQ_QUEUES = {"default": {"URL": TASK_QUEUE_URL, "DEFAULT_TIMEOUT": int(os.environ.get("TASK_TIMEOUT", "3600"))}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASK_QUEUE == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured(f"TASK_QUEUE must be 'database' or 'redis', not {TASK_QUEUE!r}.")
#: An export interrupted (its worker killed) is queued again by the scheduler's minute, up to this
#: many attempts in all; then it fails with a message (exports.services.requeue_abandoned).
EXPORT_AUTO_ATTEMPTS = int(os.environ.get("EXPORT_AUTO_ATTEMPTS", "3"))
#: A running export writes a heartbeat per PDF; none for this long means its worker died.
EXPORT_HEARTBEAT_STALE_SECONDS = int(os.environ.get("EXPORT_HEARTBEAT_STALE_SECONDS", "120"))
# --- end of Background tasks ---------------------------------------------------------------------

# Rater calibration (ADR 0019, 0021): a network's aggregates that take longer than this to count
# are kept in the cache and counted again every night; the test suite counts live (its own test
# switches the cache on).
CALIBRATION_CACHE_AFTER_SECONDS = float(os.environ.get("CALIBRATION_CACHE_AFTER_SECONDS") or (3600 if TESTING else 0.05))

# Where the accessibility statement (/accessibility/) asks people to report a problem.
ACCESSIBILITY_CONTACT = os.environ.get("ACCESSIBILITY_CONTACT", "").strip() or "toegankelijkheid@uniform.local"
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "14"))
EXPORT_RETENTION_DAYS = int(os.environ.get("EXPORT_RETENTION_DAYS", "7"))

# Security. Production defaults; DEBUG relaxes what needs HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG and not TESTING
CSRF_COOKIE_SECURE = not DEBUG and not TESTING
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if (DEBUG or TESTING) else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG and not TESTING)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
X_FRAME_OPTIONS = "DENY"

# --- Response headers and request size (robustness, ADR 0010) ------------------------------------
# Content-Security-Policy (django-csp): scripts and styles only from our own static files, or
# an inline block that carries the request's nonce ({{ CSP_NONCE }}); no inline event handlers,
# no style="" attributes, no eval (htmx's allowEval is off in base.html). data: images are the
# QR code of the authenticator set-up and Bootstrap's inline SVG icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.constants.SELF],
        "script-src": [csp.constants.SELF, csp.constants.NONCE],
        "style-src": [csp.constants.SELF, csp.constants.NONCE],
        "img-src": [csp.constants.SELF, "data:"],
        "font-src": [csp.constants.SELF],
        "connect-src": [csp.constants.SELF],
        "object-src": [csp.constants.NONE],
        "base-uri": [csp.constants.NONE],
        "form-action": [csp.constants.SELF],
        "frame-ancestors": [csp.constants.NONE],
    },
}
# Permissions-Policy (django-permissions-policy): the browser features a page could ask for and
# Uniform never uses are switched off for every page (and anything it embeds).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer", "autoplay", "browsing-topics", "camera",
        "display-capture", "encrypted-media", "geolocation", "gyroscope", "hid", "idle-detection",
        "magnetometer", "microphone", "midi", "payment", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    ]
}
# Request size. A body over MAX_REQUEST_SIZE is refused unread with a 413 page
# (web/middleware.py); form data over DATA_UPLOAD_MAX_MEMORY_SIZE gets the 400 page. The upload
# forms have smaller limits with a message on the form (documents 5 MB, imports 2 MB). The
# proxy in front refuses the same size (README: client_max_body_size / request_body max_size).
MAX_REQUEST_SIZE = int(os.environ.get("MAX_REQUEST_SIZE", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024 // 2)))
# /health/, /health/ready/ and /metrics are probed over plain HTTP by load balancers and the
# scraper (ADR 0030): no redirect to HTTPS for them.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
# --- end of Response headers and request size ----------------------------------------------------

# --- Logs, metrics, error reports (ADR 0030) -----------------------------------------------------
# LOG_FORMAT=json: one JSON object per line (time, level, logger, message, request_id; the
# request line adds method, route, status, duration_ms); the default stays readable text. Every
# line carries the request's id (web/observability.py), a task's lines "task:<id>".
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "web.observability.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "web.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every step of every PDF (and three on import) at INFO: noise in the
    # server's and the worker's log. Its warnings (a refused URL, a missing font) still show.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # The request line of every request (web.observability); LOG_REQUESTS=0 leaves it out.
        "uniform.request": {"level": "INFO" if env_bool("LOG_REQUESTS", True) else "WARNING"},
    },
}
# /metrics (web/metrics.py): answers only with "Authorization: Bearer <METRICS_TOKEN>"; no token
# set, no endpoint (404). Several gunicorn workers: PROMETHEUS_MULTIPROC_DIR (config/gunicorn.py).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "").strip()
# The installation-wide figures (queue, mails, exports) are counted at most once this often for
# all nodes (kept in the shared cache); 0 counts them on every scrape.
METRICS_CLUSTER_SECONDS = int(os.environ.get("METRICS_CLUSTER_SECONDS", "0" if TESTING else "15"))
# Optional error reports (web/sentry.py): nothing personal is sent; traces off unless asked.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    from web.sentry import init as _sentry_init

    _sentry_init(
        SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", ""),
        release=os.environ.get("SENTRY_RELEASE", ""),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
# --- end of Logs, metrics, error reports ---------------------------------------------------------
ADMIN_URL = os.environ.get("ADMIN_URL", "django-admin/")
SILENCED_SYSTEM_CHECKS = ["models.W047"]  # SQLite only; PostgreSQL enforces it
