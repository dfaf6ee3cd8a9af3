"""Settings for the Jin-Ping-Jia portal.

One module, configured from the environment (12-factor). Every variable is listed in README.md.
Defaults give a development setup that needs no services: SQLite, local-memory cache and
Celery's filesystem broker.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


DEBUG = env_bool("DEBUG", False)
# The fallback key is for development only; `check --deploy` flags it in production.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-development-only-key"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "auditlog",
    "csp",
    "django_celery_beat",
    "core",
    "courts",
    "activities",
    "casegroups",
    "symposia",
    "training",
    "publicity",
    "reports",
    "library",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.ReadAheadMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.StaffMFAMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Database ---------------------------------------------------------------------------
# Set on every PostgreSQL session (see below): no JIT, random_page_cost for memory or SSD.
POSTGRES_SESSION_SETTINGS = "-c jit=off -c random_page_cost=1.1"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the embedded Celery worker share the file: wait for locks and let
    # readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the portal's queries are short; on a filtered export at volume PostgreSQL spent
    # 16 ms compiling a plan that ran in 30. random_page_cost 1.1 (the default 4 is for
    # spinning disks; the portal's tables live in memory or on SSD): at 4 the court filter
    # hashed every co-hosted activity of the court (23,000 rows, 6 ms, ten times as many at ten
    # times the volume) instead of probing the unique index for the few rows it looks at.
    # Through PgBouncer in transaction mode (DATABASE_POOLER=pgbouncer; deploy/): a server
    # connection is lent for one transaction at a time, so nothing may outlive one — no
    # prepared statements (psycopg prepares a query run five times on a connection), no named
    # cursors held across transactions (.iterator()), and no per-connection settings: PgBouncer
    # refuses the `options` start-up parameter; its `connect_query` sets the same two
    # (deploy/pgbouncer/pgbouncer.ini, bench/pgbouncer.py).
    POOLER = os.environ.get("DATABASE_POOLER", "")
    if POOLER not in ("", "pgbouncer"):
        raise ImproperlyConfigured("DATABASE_POOLER is empty or pgbouncer")
    if POOLER == "pgbouncer":
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    else:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = POSTGRES_SESSION_SETTINGS
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when configured (allauth's rate limits need a real cache) --------------
REDIS_URL = os.environ.get("REDIS_URL", "")


def _cache_url(url: str) -> str:
    """The Redis database the cache uses: the one in ``url``, except under pytest-xdist, where
    each test process gets its own (1, 2, ...) — the suite empties the cache before every test,
    and a shared database let one process wipe or serve the other's kept pages mid-test."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw") or not worker[2:].isdigit():
        return url
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(url)._replace(path=f"/{int(worker[2:]) % 12 + 1}"))


if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": _cache_url(REDIS_URL),
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "jpj"),
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_connect_timeout": 2,
                "socket_timeout": 2,
                # Sign-in lockout and other rate limits go on counting here while Redis is down.
                "RATE_LIMIT_FALLBACK": "ratelimit",
            },
        }
    }
elif os.environ.get("CACHE_DIR"):
    # `make run`: the web process and the Celery worker share the generations of kept answers
    # (core.generations) through files; a cache in one process's memory would let the worker's
    # writes go unseen by the web process.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["CACHE_DIR"],
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The database cache (table created by core's migration 0007) that counts rate limits while
# Redis is down.
CACHES["ratelimit"] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "jpj_ratelimit_cache",
    "TIMEOUT": 3600,
}

# --- Authentication (django-allauth) ------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "courts.adapters.ClosedSignupAccountAdapter"
# allauth's messages and pages name people, not usernames ("以 王芳 的身份成功登录").
ACCOUNT_USER_DISPLAY = "courts.permissions.display_name"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_FORMS = {"login": "courts.forms.PortalLoginForm"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# Behind a load balancer (deploy/compose.cluster.yml) every request comes from its address:
# the rate limits count the client named in X-Forwarded-For by the proxies counted here (HAProxy
# appends one; the court's TLS proxy in front of it may append another). 0: REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "金平嘉毗邻党建"
# When on, staff users must set up TOTP before they may use the Django admin.
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", False)

# Idle sessions expire: the expiry moves forward with every request.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format per language everywhere (portal/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Attachments of members-only records: outside MEDIA_ROOT, served only through a view.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Files go through Django's storage API only. By default the local disk: "default" (images of
# published items, served by a view) under MEDIA_ROOT, "private" (attachments, papers,
# materials, clippings) under PRIVATE_MEDIA_ROOT. FILE_STORAGE=s3 puts both in an
# S3-compatible object store (MinIO, a court's own) through django-storages, so that several
# machines share them: private objects are never public (no ACL, signed URLs only), and the
# portal streams them through its own views after checking access — no bucket link is shown.
FILE_STORAGE = os.environ.get("FILE_STORAGE", "local")


def _s3(location: str) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", "jpj-files"),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
            "region_name": os.environ.get("S3_REGION", "us-east-1"),
            "location": location,
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": (
        _s3("media")
        if FILE_STORAGE == "s3"
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "private": (
        _s3("private")
        if FILE_STORAGE == "s3"
        else {"BACKEND": "core.files.PrivateFileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail ------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "金平嘉毗邻党建平台 <noreply@jpj.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[金平嘉] "

# --- Celery ------------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        "control_folder": str(_broker_dir / "control"),
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "socket_keepalive": True,
        "health_check_interval": 10,
        "retry_on_timeout": True,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# When Redis goes away the worker keeps trying to reconnect, forever, instead of exiting after
# the default 100 tries; tasks running when the connection is lost are cancelled and, being
# acknowledged late, delivered again (core.reminders claims rows, so nothing is sent twice
# beyond the one in flight). A supervisor restarts the worker whatever else happens: compose's
# restart policy, deploy/systemd/*.service (Restart=always), `make run`'s restart loop.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "record-heartbeat": {"task": "core.tasks.record_heartbeat", "schedule": 60.0},
    # The one reminder sweep: every minute, reading what is due from the database.
    "send-due-reminders": {
        "task": "core.tasks.send_due_reminders",
        "schedule": float(env_int("REMINDER_SWEEP_SECONDS", 60)),
    },
    "send-notice-emails": {
        "task": "core.tasks.send_notice_emails",
        "schedule": float(env_int("REMINDER_SWEEP_SECONDS", 60)),
    },
    "extend-meeting-series": {
        "task": "activities.tasks.extend_meeting_series",
        "schedule": 60 * 60.0,
    },
    # Seats of a court's quota it has not used go to the other courts' waiting lists.
    "release-training-quotas": {
        "task": "training.tasks.release_due_quotas",
        "schedule": 10 * 60.0,
    },
    "reindex-stale-cases": {
        "task": "casegroups.tasks.reindex_stale_cases",
        "schedule": 10 * 60.0,
    },
    # Each court's figures of the month that ended, to its secretaries (planned once a month;
    # hourly, so that a beat that was down on the 1st catches up).
    # Each court's secretaries hear of their branches behind the rhythm of 三会一课.
    "plan-rhythm-reminders": {
        "task": "activities.tasks.plan_rhythm_reminders",
        "schedule": 60 * 60.0,
    },
    "plan-monthly-figures": {
        "task": "reports.tasks.plan_monthly_figures",
        "schedule": 60 * 60.0,
    },
    "purge-old-audit-entries": {
        "task": "core.tasks.purge_old_audit_entries",
        "schedule": 24 * 60 * 60.0,
    },
}

# --- Case-study groups ------------------------------------------------------------------
# Judges join the cross-region case-study groups; on: any staff member may ask to join.
CASEGROUPS_ALL_STAFF_MAY_JOIN = env_bool("CASEGROUPS_ALL_STAFF_MAY_JOIN", False)

# --- Publicity ------------------------------------------------------------------------------
# Any member of staff writes publicity items (otherwise the Party secretaries only).
PUBLICITY_ALL_STAFF_MAY_WRITE = env_bool("PUBLICITY_ALL_STAFF_MAY_WRITE", False)
PUBLICITY_IMAGE_MAX_BYTES = env_int("PUBLICITY_IMAGE_MAX_MB", 10) * 1024 * 1024

# --- Training programme ------------------------------------------------------------------
# How many days before the enrolment deadline a court's unused quota is released to the others.
TRAINING_QUOTA_RELEASE_DAYS = env_int("TRAINING_QUOTA_RELEASE_DAYS", 3)
# Fonts for the certificates' PDF, the first one found is used: a TrueType font with Chinese
# glyphs, installed by the project's setup (Debian's fonts-wqy-microhei; see README).
TRAINING_CERTIFICATE_FONTS = env_list("TRAINING_CERTIFICATE_FONTS") or [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
]

# --- Audit trail (django-auditlog) ------------------------------------------------------
# China's Cybersecurity Law asks for at least six months of logs; a system check refuses less.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365)
AUDITLOG_INCLUDE_ALL_MODELS = False

# --- Security ----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy (django-csp): no inline or outside scripts, no outside anything.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logging: never a stack trace to the user, always one in the log --------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The portal's own address, for links in e-mails and robot messages.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000")
# The release's name (a build's commit), under which kept answers are stored: two releases
# serving at once during a rolling deploy never read each other's (core.generations.release;
# unset: a digest of the code, templates and translations).
PORTAL_RELEASE = os.environ.get("PORTAL_RELEASE", "")
PORTAL_NAME = _("Jin-Ping-Jia Joint Party-Building Portal")
PAGINATE_BY = env_int("PAGINATE_BY", 20)
