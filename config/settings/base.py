"""Settings shared by every environment. Everything that differs between machines comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# PyThaiNLP must never try to download anything at run time.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # our apps, bottom of the dependency chain first
    "accounts",
    "courses",
    "trainees",
    "employers",
    "payments",
    "partners",
    "agents",
    "search",
    "matching",  # employers' matching pages and job alerts: imports employers and search, never the reverse
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_celery_beat",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.sessions.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.AdminPreviewFramingMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "config.middleware.SaphanErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out log-in on any path into the lockout page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
            "builtins": ["config.template_builtins", "django.templatetags.i18n"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", "postgres://saphan:saphan@127.0.0.1:55432/saphan"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
# Prepared statements (opt-in): DB_SERVER_SIDE_BINDING=true makes Django bind parameters on the server, and psycopg
# then prepares a query after `prepare_threshold` runs on a connection. Off by default: Django's client-side binding
# works behind transaction-pooling proxies (PgBouncer) too.
# A connection kept between requests is checked before reuse, so web and workers recover by themselves after a
# PostgreSQL restart or failover instead of failing on a dead socket.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if env_bool("DB_SERVER_SIDE_BINDING", False):
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# django-axes first: a locked phone or address is refused on every log-in path before a password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend",
                           "accounts.backends.PhoneBackend", "accounts.backends.UsernameBackend"]

# Behind a reverse proxy that sets X-Forwarded-For (and gunicorn reachable only through it): TRUSTED_PROXY=true,
# TRUSTED_PROXY_COUNT = how many such proxies. Without it the header is ignored (config/client_ip.py).
TRUSTED_PROXY = env_bool("TRUSTED_PROXY", False)
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "1"))

# Failed log-ins (accounts/login_limits.py): per phone, per address, and how long a lock lasts.
SAPHAN_LOGIN_FAILURES_PER_PHONE = int(env("SAPHAN_LOGIN_FAILURES_PER_PHONE", "5"))
SAPHAN_LOGIN_FAILURES_PER_ADDRESS = int(env("SAPHAN_LOGIN_FAILURES_PER_ADDRESS", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("SAPHAN_LOGIN_LOCK_MINUTES", "30")))
AXES_HANDLER = "accounts.login_limits.PhoneAndAddressHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # the handler's order: phone first, then address
AXES_FAILURE_LIMIT = "accounts.login_limits.failure_limit"
AXES_USERNAME_CALLABLE = "accounts.login_limits.login_name"
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.login_limits.lockout_response"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # refused tries do not move the time we announced
AXES_DISABLE_ACCESS_LOG = True  # successful log-ins are not kept (phone + address per sign-in is personal data)
AXES_VERBOSE = False
# django-ratelimit (config/limits.py) reads the same client address.
RATELIMIT_IP_META_KEY = "config.client_ip.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Thai first, English second. Dates in Asia/Bangkok.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "site" / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded files (payment slips, Wagtail images and documents) go through Django's storage API only, so several web
# hosts can share them: MEDIA_STORAGE=s3 puts them in S3-compatible object storage (AWS S3, MinIO, Cloudflare R2,
# Huawei OBS...) through django-storages (`pip install -e '.[s3]'`). Files stay private: links are signed and expire.
if env("MEDIA_STORAGE", "filesystem") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION") or None,
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "location": env("S3_LOCATION", "media"),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": int(env("S3_LINK_SECONDS", "600")),
            "file_overwrite": False,
        },
    }

LOGIN_URL = "trainees:login"
LOGIN_REDIRECT_URL = "/"

# Wagtail
WAGTAIL_SITE_NAME = "Saphan สะพานอาชีพ"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("th", "ภาษาไทย"), ("en", "English")]
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin would fetch releases.wagtail.org from staff browsers (CSP blocks it)

# Redis and Celery
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:56379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task taken by a worker that then vanished (host lost, SIGKILL) goes back to the queue after the visibility
# timeout; a pool process that died is requeued at once (reject_on_worker_lost). Tasks are idempotent either way.
# Workers sweep for such tasks about every interval x throttle seconds (kombu's defaults: 10 x 10).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "3600")),
                                   "unacked_restore_interval": int(env("CELERY_RESTORE_INTERVAL", "10")),
                                   "unacked_restore_throttle": int(env("CELERY_RESTORE_THROTTLE", "10")),
                                   "socket_timeout": 5, "socket_connect_timeout": 5}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic jobs; apps add theirs in their own modules and register them here by name.
CELERY_BEAT_SCHEDULE = {
    "search-reconcile": {"task": "search.reconcile", "schedule": 300.0},
    "accounts-requeue-stuck": {"task": "accounts.requeue_stuck", "schedule": 300.0},
    "accounts-purge-codes": {"task": "accounts.purge_codes", "schedule": 600.0},
    "payments-expire-overdue": {"task": "payments.expire_overdue", "schedule": 600.0},
    "courses-publish-scheduled": {"task": "courses.publish_scheduled", "schedule": 60.0},
    "trainees-cohort-reminders": {"task": "trainees.cohort_reminders", "schedule": 3600.0},
    # daily at 09:00 Bangkok time; matching.alerts keeps it to one alert per person per 24 h, never a repeat
    # (the task lives in matching.tasks and keeps its first name, search.job_alerts, for queued messages)
    "search-job-alerts": {"task": "search.job_alerts", "schedule": crontab(hour=9, minute=0)},
    # anonymous search records are kept SEARCH_LOG_RETENTION_DAYS (docs/SEARCH.md)
    "search-purge-query-log": {"task": "search.purge_query_log", "schedule": crontab(hour=3, minute=30)},
    # just after midnight Bangkok time: birthdays crossing 15/18/20 reach the graduates index's age band
    "search-resync-age-bands": {"task": "search.resync_age_bands", "schedule": crontab(hour=0, minute=5)},
    "partners-remind-stuck-referrals": {"task": "partners.remind_stuck_referrals",
                                        "schedule": crontab(hour=8, minute=30)},
    "partners-send-placement-surveys": {"task": "partners.send_placement_surveys",
                                        "schedule": crontab(hour=10, minute=0)},
    "agents-flag-overdue-instalments": {"task": "agents.flag_overdue_instalments",
                                        "schedule": crontab(hour=9, minute=30)},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_timeout": 2, "socket_connect_timeout": 2},
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "saphan"),
    }
}

# Elasticsearch (ours; Wagtail admin search uses its database backend above)
# One URL, or a comma-separated list of a cluster's nodes: the client spreads requests over them and retries a
# request on another node when one is down.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", "http://127.0.0.1:59200")
# Elasticsearch runs with security on. The app signs in as its own least-privilege user saphan_app, never as the
# superuser elastic: the role (config/elasticsearch/saphan_app_role.json) allows cluster monitoring and the saphan-*
# indices only, so SEARCH_INDEX_PREFIX must start with "saphan". scripts/services makes the user and exports its
# password in .runtime/services.env; compose makes it in its elasticsearch-setup container. The credentials go here,
# or into the URL as http://user:password@host:9200; search/client.py uses them for every client the project makes.
# Empty password: anonymous (only an ES with security off answers).
ELASTICSEARCH_USERNAME = env("ELASTICSEARCH_USERNAME", "saphan_app")
ELASTICSEARCH_PASSWORD = env("ELASTICSEARCH_PASSWORD", "")
ELASTICSEARCH_TIMEOUT = float(env("ELASTICSEARCH_TIMEOUT", "5"))
ELASTICSEARCH_MAX_RETRIES = int(env("ELASTICSEARCH_MAX_RETRIES", "2"))
# Kept-alive connections per node and process: one per thread that may search at once (gunicorn threads, indexing's
# bulk threads); a thread finding none free waits for one.
ELASTICSEARCH_CONNECTIONS_PER_NODE = int(env("ELASTICSEARCH_CONNECTIONS_PER_NODE", "10"))
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", "saphan")
SEARCH_INDEX_SHARDS = int(env("SEARCH_INDEX_SHARDS", "1"))
# "auto" (default): replicas follow the cluster size, 0 on one node and 1 from two data nodes on
# (`index.auto_expand_replicas`), so losing any one node of a cluster loses no shard. A number fixes them.
SEARCH_INDEX_REPLICAS = env("SEARCH_INDEX_REPLICAS", "auto")
SEARCH_INDEX_MAX_REPLICAS = int(env("SEARCH_INDEX_MAX_REPLICAS", "1"))
# Answers of identical searches are reused until the index changes (search/result_cache.py); 0 turns it off.
SEARCH_RESULT_CACHE_SECONDS = int(env("SEARCH_RESULT_CACHE_SECONDS", "300"))
# Anonymous search records (search.models.SearchQueryLog) are deleted after this many days.
SEARCH_LOG_RETENTION_DAYS = int(env("SEARCH_LOG_RETENTION_DAYS", "365"))
# Search documents, by alias name → "module.path:DocumentSpec" (see search/registry.py).
SEARCH_DOCUMENTS = {
    "courses": "search.documents.courses:CourseDocumentSpec",
    "graduates": "search.documents.graduates:GraduateDocumentSpec",
    "openings": "search.documents.openings:OpeningDocumentSpec",
    "agents": "search.documents.agents:AgentDocumentSpec",
}

# The catalogue page (courses.CourseIndexPage) delegates to this view, so courses never imports search.
SAPHAN_CATALOGUE_VIEW = "search.views.catalogue_page"
# The course editor asks payments whether a provider can receive PromptPay money (courses never imports payments).
SAPHAN_PAYEE_EXISTS = "payments.selectors.payee_exists"
SAPHAN_STAFF_PAYEE_KEYS = "courses.permissions.provider_keys_for"  # a centre's staff see its invoices

# Demo data loaders run by `manage.py seed_demo`, in order (keeps courses ignorant of the apps above it).
SAPHAN_DEMO_LOADERS = [
    "courses.demo.load",
    "trainees.demo.load",
    "employers.demo.load",
    "payments.demo.load",
    "partners.demo.load",
    "agents.demo.load",
]

# Key of the certificate holder's name hash in badge.json (trainees.certificates.holder_hash): a secret, so a
# name cannot be recovered from a badge by hashing guesses. Defaults to one derived from SECRET_KEY.
SAPHAN_BADGE_HASH_KEY = env("SAPHAN_BADGE_HASH_KEY", "") or f"badge:{SECRET_KEY}"

# Each app's part of a person's data export and erasure (PDPA), lowest app first.
SAPHAN_PERSONAL_DATA = [
    "trainees.privacy.TraineeData",
    "employers.personal_data.EmployerSideData",
    "partners.personal_data.PartnerSideData",
    "agents.personal_data.AgentSideData",
]

# What an invoice can be for: kind → handler class (payments knows nothing of courses; see payments/payables.py).
PAYMENTS_PAYABLES = {"enrollment": "trainees.payables.EnrollmentPayable",
                     "fund_instalment": "agents.payables.InstalmentPayable"}

# Notifications (accounts/notifications.py): every message is an OutboundMessage row, delivered by a task.
SAPHAN_SMS_BACKEND = env("SAPHAN_SMS_BACKEND", "accounts.notifications.DatabaseSmsSender")
SAPHAN_SMS_GATEWAY_URL = env("SAPHAN_SMS_GATEWAY_URL", "")
SAPHAN_SMS_GATEWAY_TOKEN = env("SAPHAN_SMS_GATEWAY_TOKEN", "")
SAPHAN_SMS_SENDER_NAME = env("SAPHAN_SMS_SENDER_NAME", "Saphan")
SAPHAN_LINE_BACKEND = env("SAPHAN_LINE_BACKEND", "accounts.notifications.LineMessagingSender")
SAPHAN_LINE_CHANNEL_TOKEN = env("SAPHAN_LINE_CHANNEL_TOKEN", "")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Saphan <no-reply@saphan.local>")
# Absolute links in SMS/e-mail (invitations, surveys) start with this.
SAPHAN_PUBLIC_BASE_URL = env("SAPHAN_PUBLIC_BASE_URL", WAGTAILADMIN_BASE_URL)
# Per-sender limits (django-ratelimit, counted in the cache) on actions that send an SMS or answer about someone
# else's identity (issue 22 items 5 and 6).
SAPHAN_RATE_MEMBER_INVITES = env("SAPHAN_RATE_MEMBER_INVITES", "10/h")
SAPHAN_RATE_GUARDIAN_REQUESTS = env("SAPHAN_RATE_GUARDIAN_REQUESTS", "5/h")
SAPHAN_RATE_NATIONAL_ID = env("SAPHAN_RATE_NATIONAL_ID", "5/h")

# Partners: a referral with no progress for this many days is brought to the partner staff's attention (once).
SAPHAN_REFERRAL_STUCK_DAYS = int(env("SAPHAN_REFERRAL_STUCK_DAYS", "14"))
# Public impact page figures are cached this many seconds.
SAPHAN_IMPACT_CACHE_SECONDS = int(env("SAPHAN_IMPACT_CACHE_SECONDS", "300"))
# Extra sections of the public impact page from apps above partners: callable → context dict, and its template.
SAPHAN_IMPACT_SECTIONS = [("agents.selectors.conversions_by_district_month", "agents/_impact_conversions.html")]
# Agent applications: photos (JPEG/PNG/WebP) up to this size each.
SAPHAN_AGENT_PHOTO_MAX_BYTES = int(env("SAPHAN_AGENT_PHOTO_MAX_BYTES", str(5_000_000)))

# /health/ shows component details (which is down, exception text, each Elasticsearch node's view) only to staff
# sessions and to callers sending this value in the X-Health-Token header; empty = staff only.
HEALTH_TOKEN = env("HEALTH_TOKEN", "")

SESSION_COOKIE_HTTPONLY = True
# Shared phones (accounts/sessions.py): a session ends at browser close and after a few idle hours, unless the
# person ticks "remember me" at log-in; staff sessions are always short.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SAPHAN_SESSION_IDLE_SECONDS = int(env("SAPHAN_SESSION_IDLE_SECONDS", str(4 * 3600)))
SAPHAN_SESSION_REMEMBER_DAYS = int(env("SAPHAN_SESSION_REMEMBER_DAYS", "14"))
SAPHAN_STAFF_SESSION_IDLE_SECONDS = int(env("SAPHAN_STAFF_SESSION_IDLE_SECONDS", str(2 * 3600)))
SESSION_COOKIE_AGE = SAPHAN_SESSION_IDLE_SECONDS  # server-side end of a session that is not remembered
# Read from Redis, written through to PostgreSQL: one database query less on every signed-in request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"

# Content-Security-Policy (django-csp; config.middleware.ContentSecurityPolicyMiddleware). Scripts only from our
# own static files: no inline scripts, no event-handler attributes, no javascript: links. Inline style attributes
# stay allowed (they cannot run code). Uploaded images may come from object storage (MEDIA_STORAGE=s3).
_MEDIA_ORIGINS = (
    [env("S3_ENDPOINT_URL")] if env("MEDIA_STORAGE", "filesystem") == "s3" and env("S3_ENDPOINT_URL") else []
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *_MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],  # as X-Frame-Options DENY; Wagtail's preview is a /cms/ URL
    },
}
# Wagtail's admin and its preview: its pages still carry inline scripts and blob:/data: images; same origin only.
SAPHAN_CSP_ADMIN_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *_MEDIA_ORIGINS],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        "celery": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # not its seven progress steps for every PDF
    },
}
