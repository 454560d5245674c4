"""Settings of the civil-service culture portal.

Every value comes from the environment (see the table in README.md and
`.env.example`). With nothing set the portal refuses to start unless DEBUG is
on; `make run` turns DEBUG on and then runs on an embedded SQLite database
with Celery tasks executed eagerly in-process.
"""

import datetime
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from culture_portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
# Runtime files (SQLite database, uploaded media, collected static files):
# one ignored folder so a clean checkout stays clean.
VAR_DIR = Path(env_str("VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off: set SECRET_KEY to a long random string "
            "(or DEBUG=1 for a local trial)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105  # nosec B105
elif not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long when DEBUG is off.")
# Previous keys, comma-separated, during a key rotation: sessions and sealed outbox e-mails made with them still read.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DEBUG is off (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address used in e-mails and on printed QR codes.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Widgets render with the project's templates too (templates/culture_portal/widgets/: the search pickers).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.forms",  # the widgets' own templates, for FORM_RENDERER below
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_include_bootstrap",
    "culture_portal.apps.CulturePortalConfig",
    "regulations.apps.RegulationsConfig",
    "inspections.apps.InspectionsConfig",
    "feedback.apps.FeedbackConfig",
    # Dashboards and reports read from every app, so they come after them.
    "culture_portal.leadership.apps.LeadershipConfig",
    # Seeding data at a province's scale and the leadership benchmark (commands only, no models).
    "culture_portal.scale.apps.ScaleConfig",
    "captcha",
    "django_ratelimit",
    "axes",
    # Two-factor authentication: TOTP apps and single-use recovery codes (culture_portal/two_factor/).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "culture_portal.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "culture_portal.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "culture_portal.middleware.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "culture_portal.middleware.StorageFailureMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Leadership, inspectors, feedback officers and administrators must pass the second factor (TWO_FACTOR_REQUIRED).
    "culture_portal.two_factor.TwoFactorRequiredMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "culture_portal.urls"
WSGI_APPLICATION = "culture_portal.wsgi.application"

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
                "culture_portal.navigation.navigation",
                "culture_portal.identity.identity",  # the portal's name in the header (issue 15)
                "culture_portal.notifications.bell",  # the header's notification bell (issue 14 §2)
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
_SUPPORTED_DATABASES = {"postgres", "postgresql", "pgsql", "sqlite"}
_database_url = env_str("DATABASE_URL")
if _database_url:
    _scheme = _database_url.split("://", 1)[0] if "://" in _database_url else ""
    if _scheme not in _SUPPORTED_DATABASES:
        raise ImproperlyConfigured(
            "DATABASE_URL must look like postgres://user:password@host:5432/name or sqlite:///path; "
            f"got a value with scheme {_scheme or 'missing'!r}."
        )
    try:
        _database = dj_database_url.parse(
            _database_url,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL could not be read: {exc}") from None
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _database = {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "db.sqlite3"}
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Celery ---------------------------------------------------------------
# No broker: tasks run eagerly in the web process, so a first run needs no Redis.
_broker_url = env_str("CELERY_BROKER_URL")
# "memory://" keeps kombu from looking for a broker on localhost while tasks run eagerly.
CELERY_BROKER_URL = _broker_url or "memory://"
CELERY_TASK_ALWAYS_EAGER = not _broker_url
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
# A task is acknowledged only after it finished, and a worker that dies
# mid-task hands it back to the queue: tasks are written to be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Rendering PDFs grows a process's memory slowly (WeasyPrint caches): prefork workers replace each child
# process after this many tasks, which keeps memory bounded over long batches.
# Rendering a notice is stopped after NOTICE_TIME_LIMIT_SECONDS; a delivery holds the notice for
# NOTICE_LEASE_SECONDS, which must be longer, so a redelivered copy never renders at the same time.
NOTICE_TIME_LIMIT_SECONDS = env_int("NOTICE_TIME_LIMIT_SECONDS", 300, minimum=30)
NOTICE_LEASE_SECONDS = env_int("NOTICE_LEASE_SECONDS", 600, minimum=31)
if NOTICE_LEASE_SECONDS <= NOTICE_TIME_LIMIT_SECONDS:
    raise ImproperlyConfigured("NOTICE_LEASE_SECONDS must be longer than NOTICE_TIME_LIMIT_SECONDS.")
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_MAX_TASKS_PER_CHILD", 100, minimum=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than any task may run, so a slow task is not handed out twice.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=10),
}
# autodiscover_tasks() imports each app's tasks.py only.
CELERY_IMPORTS = ["feedback.tasks_retention"]
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "culture_portal.tasks.worker_heartbeat", "schedule": 60.0},
    "campaign-reminders": {"task": "regulations.tasks.send_campaign_reminders", "schedule": crontab(hour=7, minute=0)},
    "requeue-pending-notices": {"task": "inspections.tasks.requeue_pending_notices", "schedule": 300.0},
    "corrective-action-reminders": {
        "task": "inspections.tasks.send_action_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    "flush-outbox": {"task": "culture_portal.tasks.flush_outbox", "schedule": 60.0},
    "purge-sign-in-data": {
        "task": "culture_portal.tasks.purge_expired_sign_in_data",
        "schedule": crontab(hour=3, minute=30),
    },
    "feedback-contact-retention": {
        "task": "feedback.tasks_retention.erase_expired_contact_details",
        "schedule": crontab(hour=3, minute=0),
    },
    "feedback-deadlines": {"task": "feedback.tasks.send_case_reminders", "schedule": crontab(hour=7, minute=30)},
    # The periodic report (issue 14 §4): reports left "being produced" are queued again; last month's figures are
    # e-mailed to leadership on the 1st (and again on the 2nd and 3rd if beat was down: sent once per month).
    "requeue-stale-reports": {"task": "culture_portal.leadership.tasks.requeue_stale_reports", "schedule": 300.0},
    "monthly-figures": {
        "task": "culture_portal.leadership.tasks.send_monthly_figures",
        "schedule": crontab(day_of_month="1-3", hour=7, minute=45),
    },
    # The dashboard's tallies, when a unit moved made them stale and the rebuild started then was lost.
    "rebuild-stale-tallies": {"task": "culture_portal.leadership.tasks.rebuild_stale_tallies", "schedule": 600.0},
}
if _broker_url and _database["ENGINE"].endswith("sqlite3"):
    # A real worker is a separate process: it can only see a test database on disk.
    _database["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

# --- Authentication -------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# A session ends after SESSION_COOKIE_AGE seconds without activity (culture_portal.middleware renews it).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 3600, minimum=300)

# Sign-in throttling (django-axes): an account, or a client address, is locked for AXES_COOLOFF_HOURS after
# AXES_FAILURE_LIMIT failed attempts. Administrators unlock in the back office (Axes → Access attempts:
# delete the rows) or with `python manage.py axes_reset_username <name>` / `axes_reset_ip <address>`.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(hours=env_int("AXES_COOLOFF_HOURS", 1, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "culture_portal.access.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Two-factor authentication (django-otp): leadership, inspectors, feedback officers and administrators confirm
# each sign-in with a code from an authenticator app (TOTP) or a single-use recovery code.
# TWO_FACTOR_RELAXED=1 lifts the requirement for a local trial; refused (culture_portal.W002) when DEBUG is off.
_two_factor_relaxed_asked = env_bool("TWO_FACTOR_RELAXED", default=False)
TWO_FACTOR_REQUIRED = not (_two_factor_relaxed_asked and DEBUG)
TWO_FACTOR_RELAXED_REFUSED = _two_factor_relaxed_asked and not DEBUG


def _totp_issuer(device) -> str:
    # The portal's name as an administrator words it (issue 15), read when a device is set up: django-otp calls a
    # callable issuer with the device. Imported here, not above: the models are not loaded while settings are read.
    from culture_portal.identity import totp_issuer

    return totp_issuer(device)


OTP_TOTP_ISSUER = _totp_issuer

# Content-Security-Policy (django-csp): scripts and styles only from this server, no inline script; nothing
# may frame the portal. Inline style attributes stay allowed (Bootstrap's progress bars use them).
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
PASSWORD_RESET_TIMEOUT = 3 * 3600

# --- Language, time and formats ------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["culture_portal.formats"]

# --- Static and media files ----------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "culture_portal.storage.MediaStorage"},  # removes what a failed write left
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Cache: rate limits of the public forms. Shared between web processes through Redis (CACHE_URL); a Redis
# that is down makes the limits lapse (they fail open) rather than turn citizens away.
_cache_url = env_str("CACHE_URL")
if _cache_url:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": _cache_url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True},
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    test_process = env_str("PYTEST_XDIST_WORKER") or env_str("TEST_PROCESS")
    if test_process:
        # Test isolation only: each pytest-xdist worker (gw0, gw1; inherited by the processes its tests start) and
        # `make test`'s process of real-worker tests (TEST_PROCESS=real-worker, beside them) keeps its own keys in
        # the shared Redis database and clears only those (tests/xdist_cache.py).
        CACHES["default"]["KEY_PREFIX"] = f"test-{test_process}"
        CACHES["default"]["OPTIONS"]["CLIENT_CLASS"] = "tests.xdist_cache.XdistWorkerClient"
else:
    # One process (the first run, the tests): an in-memory cache is enough.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_FAIL_OPEN = True

# Citizen feedback (feedback/).
FEEDBACK_HOTLINE = env_str("FEEDBACK_HOTLINE", "0239 3855 555")
# Submissions per client address per hour (a service centre's tablets share one address).
FEEDBACK_SUBMIT_RATE = env_str("FEEDBACK_SUBMIT_RATE", "20/h")
FEEDBACK_TRACK_RATE = env_str("FEEDBACK_TRACK_RATE", "10/10m")
FEEDBACK_MAX_ATTACHMENTS = 5
FEEDBACK_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
FEEDBACK_CONTACT_RETENTION_DAYS = env_int("FEEDBACK_CONTACT_RETENTION_DAYS", 5 * 365, minimum=30)

# CAPTCHA on the public forms (django-simple-captcha: images drawn by the server, no third party).
# CAPTCHA_TEST_MODE=1 makes every CAPTCHA accept "PASSED", for tests and demos; refused when DEBUG is off.
_captcha_test_mode_asked = env_bool("CAPTCHA_TEST_MODE", default=False)
CAPTCHA_TEST_MODE = _captcha_test_mode_asked and DEBUG
CAPTCHA_TEST_MODE_REFUSED = _captcha_test_mode_asked and not DEBUG
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 15  # minutes
CAPTCHA_IMAGE_SIZE = (150, 50)
CAPTCHA_FONT_SIZE = 32

# benchmark_pages starts the portal with PORTAL_BENCHMARK_REFERENCE=1 to route /benchmark/reference/, a bare view the
# pages' throughput is compared with; honoured only with DEBUG on, so production never routes it.
BENCHMARK_REFERENCE = env_bool("PORTAL_BENCHMARK_REFERENCE", default=False) and DEBUG

IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ---------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cổng văn hóa công vụ <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    # Production is served over HTTPS (directly or behind a TLS proxy).
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    if env_bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # /healthz is probed over plain HTTP by load balancers on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    # WeasyPrint logs every layout step at INFO, and warns on every PDF that it subsets fonts with
    # fontTools when HarfBuzz-Subset is missing (harmless: the fonts are still embedded).
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "WARNING"}},
}
