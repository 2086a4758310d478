"""Relmap settings, read from environment variables.

Every value has a default that runs locally (SQLite, DEBUG off unless asked). Production sets
DATABASE_URL, SECRET_KEY and ALLOWED_HOSTS; see docs/install.md. A `.env` file at the project
root (`make run` writes one with DEBUG and a SECRET_KEY) fills in variables the environment
does not set.
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def read_env_file(path: Path) -> dict[str, str]:
    """Set the variables of a `.env` file that the environment does not already set.

    The file holds `KEY=VALUE` lines; blank lines and lines starting with `#` are skipped, and
    one pair of quotes around a value is removed. A missing file is no error. Returns the
    file's variables, including those the environment overrides.
    """
    if not path.is_file():
        return {}
    values = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key.isidentifier():
            # The line itself is left out of the message: it may hold a secret.
            raise ImproperlyConfigured(f"{path}, line {number}: expected KEY=VALUE")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key] = value
        os.environ.setdefault(key, value)
    return values


read_env_file(BASE_DIR / ".env")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn `postgres://user:pw@host:port/name?opt=v` or `sqlite:///path` into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path or BASE_DIR / "db.sqlite3"}
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # PostgreSQL's JIT compiler is off unless the URL says otherwise (?options=...):
            # it spends seconds compiling the correlated subqueries of pages whose estimated
            # cost is high but which run in milliseconds (docs/performance.md).
            "OPTIONS": {"options": "-c jit=off", **dict(parse_qsl(parts.query))},
            # None kept by default: the development server starts a thread per request, and
            # a connection kept by each would exhaust the server's. gunicorn's sync workers
            # keep theirs (deploy/gunicorn.conf.py sets DB_CONN_MAX_AGE): one per worker.
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 0),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported")


MAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def mailer_from_env(*, debug: bool) -> dict:
    """The default mailer from EMAIL_BACKEND and its variables: SMTP (when DEBUG is off) or the
    console (when it is on), a directory of files, or any backend's dotted path.

    Each backend gets only the options it takes: Django refuses the others.
    """
    name = env_str("EMAIL_BACKEND", "console" if debug else "smtp")
    backend = MAIL_BACKENDS.get(name, name)
    if "." not in backend:
        raise ImproperlyConfigured(
            f"EMAIL_BACKEND must be one of {', '.join(MAIL_BACKENDS)} or a dotted path, "
            f"got {name!r}"
        )
    if backend == MAIL_BACKENDS["smtp"]:
        use_tls, use_ssl = env_bool("EMAIL_USE_TLS"), env_bool("EMAIL_USE_SSL")
        if use_tls and use_ssl:
            raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both")
        options = {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 465 if use_ssl else 587 if use_tls else 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": use_tls,
            "use_ssl": use_ssl,
            # A mail server that does not answer must not hold a page for minutes.
            "timeout": env_int("EMAIL_TIMEOUT", 10),
        }
        return {"BACKEND": backend, "OPTIONS": options}
    if backend == MAIL_BACKENDS["file"]:
        if not env_str("EMAIL_FILE_PATH"):
            raise ImproperlyConfigured("EMAIL_BACKEND=file needs EMAIL_FILE_PATH, a directory")
        return {"BACKEND": backend, "OPTIONS": {"file_path": env_str("EMAIL_FILE_PATH")}}
    return {"BACKEND": backend}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not env_bool("RELMAP_INSECURE_DEV_KEY", False):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment "
            "(or DEBUG=true for local development)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    # Swagger UI's files for the API docs page (relmap/api/docs.py), served from here, no CDN.
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "core",
    "trust",
    "notifications",
    "stakeholders",
    "interventions",
    "exchange",
    "capture",
    "scorecard",
    "relmap",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.api.errors.ApiJsonErrorsMiddleware",
    "core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "trust.middleware.AuditContextMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "trust.middleware.NoStoreMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "trust.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "relmap.urls"
WSGI_APPLICATION = "relmap.wsgi.application"
ASGI_APPLICATION = "relmap.asgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers proceed while one writer writes; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }

# A read replica for the heavy reads that tolerate a little lag (the dashboard): see
# core/replica.py and docs/install.md. Writes and everything else stay on the primary.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_from_url(env_str("DATABASE_REPLICA_URL"))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]

# Shared by every app server: rate-limit counters and anything else cached. Redis when
# REDIS_URL is set; otherwise a table in the database (`manage.py createcachetable`).
# LOCAL_MEMORY_CACHE keeps it in the process, for a single process only (the test suite).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "relmap",
        }
    }
elif env_bool("LOCAL_MEMORY_CACHE", False):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "relmap_cache",
        }
    }

# Background work (relmap/tasks.py) runs in `manage.py worker`, from a queue in the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Imports (exchange/): files above RELMAP_IMPORT_MAX_BYTES are refused; files up to
# RELMAP_IMPORT_INLINE_BYTES run while the browser or client waits, bigger ones in the worker.
RELMAP_IMPORT_MAX_BYTES = env_int("RELMAP_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
RELMAP_IMPORT_INLINE_BYTES = env_int("RELMAP_IMPORT_INLINE_BYTES", 256 * 1024)

# Mail capture (capture/secrets.py): the Fernet key(s) that encrypt stored mailbox passwords,
# comma-separated; the first encrypts, every one decrypts (key rotation). See that module.
RELMAP_CAPTURE_KEY = env_list("RELMAP_CAPTURE_KEY")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed logins before a username is locked out from one address, and for how long (failures
# older than that no longer count).
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# E-mail: password reset links. Django 6.1 configures mail as MAILERS (its EMAIL_* settings
# are deprecated); the environment still speaks the familiar EMAIL_* names.
MAILERS = {"default": mailer_from_env(debug=DEBUG)}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "relmap@localhost")
# Where people reach Relmap: the links in e-mails (notifications, digests) start with it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "relmap" / "static"]

MESSAGE_TAGS = {}

# --- HTTPS and browser security ----------------------------------------------------------
# HTTPS=true in production: redirect to HTTPS, HSTS, cookies only over HTTPS.
HTTPS = env_bool("HTTPS", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
# Behind a proxy every request comes from the proxy's address: take the client's from the
# X-Forwarded-For entry the proxy appends (login lock-outs are per username and address).
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", env_bool("BEHIND_TLS_PROXY", False))
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", HTTPS)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)

# Nothing inline: scripts carry the per-request nonce, styles come from our stylesheet.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes anonymous requests 401, not 403.
        "trust.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["stakeholders.api.permissions.ApiPermission"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttling.TokenRateThrottle"],
}
# Requests each API token (or browser session) may make: "<n>/second|minute|hour|day".
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "1200/minute")

SPECTACULAR_SETTINGS = {
    "TITLE": "Relmap API",
    "DESCRIPTION": "Stakeholder relationship management: REST API v1.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.throttling.document_throttling",
        "core.api.schema.document_no_nul",
    ],
    "ENUM_NAME_OVERRIDES": {
        "TierEnum": "stakeholders.models.Tier",
        "SeniorityEnum": "stakeholders.models.Seniority",
        "RoleEnum": "stakeholders.models.Role",
        "LevelEnum": "stakeholders.models.Level",
        "SideEnum": "stakeholders.models.Assessment.Side",
        "RelationshipStatusEnum": "stakeholders.models.Relationship.Status",
        "InterventionStatusEnum": "interventions.models.Intervention.Status",
        "CommitmentStatusEnum": "interventions.models.Commitment.Status",
        "ImportKindEnum": "exchange.models.ImportBatch.Kind",
        "ImportStatusEnum": "exchange.models.ImportBatch.Status",
        "ScoreStatusEnum": "scorecard.scoring.STATUSES",
    },
}

# Surveys and the public feedback channel (docs/surveys-and-feedback.md): our organisation's
# name on the public pages and in the e-mails to stakeholders, how long a survey link works,
# when an unanswered one gets its reminder, and the requests one address may make to the
# public pages ("<n>/minute|hour|day"; counted in the shared cache).
RELMAP_ORGANISATION_NAME = env_str("RELMAP_ORGANISATION_NAME", "Relmap")
RELMAP_SURVEY_EXPIRY_DAYS = env_int("RELMAP_SURVEY_EXPIRY_DAYS", 30)
RELMAP_SURVEY_REMINDER_DAYS = env_int("RELMAP_SURVEY_REMINDER_DAYS", 7)
RELMAP_PUBLIC_RATE_LIMIT = env_str("RELMAP_PUBLIC_RATE_LIMIT", "30/hour")

# Mail and calendar capture (docs/capture.md): whether subjects are kept (off: only who and
# when), domains of ours besides our people's own e-mail domains (never suggested as
# contacts), how often the worker reads the IMAP mailboxes, and the largest file the capture
# page takes (`manage.py capture` has no limit).
RELMAP_CAPTURE_SUBJECTS = env_bool("RELMAP_CAPTURE_SUBJECTS", True)
RELMAP_CAPTURE_OUR_DOMAINS = env_list("RELMAP_CAPTURE_OUR_DOMAINS")
RELMAP_CAPTURE_EVERY_MINUTES = env_int("RELMAP_CAPTURE_EVERY_MINUTES", 5)
RELMAP_CAPTURE_MAX_UPLOAD_BYTES = env_int("RELMAP_CAPTURE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

# Per-tier number of days without an interaction after which a relationship counts as dormant.
RELMAP_DORMANT_DAYS = {
    "operational": env_int("RELMAP_DORMANT_DAYS_OPERATIONAL", 60),
    "executive": env_int("RELMAP_DORMANT_DAYS_EXECUTIVE", 90),
    "institutional": env_int("RELMAP_DORMANT_DAYS_INSTITUTIONAL", 180),
}

# Contact sync (docs/api-sync.md): tombstones leave the changes feed after this many days
# (cursors from before then get 410); Idempotency-Keys are remembered this many hours; a
# request that never finished (crash) blocks its key this many seconds.
RELMAP_SYNC_TOMBSTONE_RETENTION_DAYS = env_int("RELMAP_SYNC_TOMBSTONE_RETENTION_DAYS", 90)
RELMAP_IDEMPOTENCY_KEY_TTL_HOURS = env_int("RELMAP_IDEMPOTENCY_KEY_TTL_HOURS", 24)
RELMAP_IDEMPOTENCY_IN_FLIGHT_TIMEOUT_SECONDS = env_int(
    "RELMAP_IDEMPOTENCY_IN_FLIGHT_TIMEOUT_SECONDS", 300
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
