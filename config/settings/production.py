"""Production: every secret comes from the environment; no defaults for them, and no placeholders accepted.

SECRET_KEY also keys the national-ID and one-time-code hashes, so a guessable key is refused at start-up.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool

PLACEHOLDER_MARKERS = ("change-me", "changeme", "insecure", "dev-only", "test-only", "secret-key", "example")

SECRET_KEY = env("SECRET_KEY") or ""
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or any(m in SECRET_KEY.lower() for m in PLACEHOLDER_MARKERS):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')"
    )
for required in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "SAPHAN_PUBLIC_BASE_URL"):
    if not env(required):
        raise ImproperlyConfigured(f"{required} must be set in production")
# Elasticsearch holds graduates' profiles: a deployment talks to it with credentials. Only an operator who has put
# it behind something else that authenticates says so explicitly.
if not (env("ELASTICSEARCH_PASSWORD") or "@" in env("ELASTICSEARCH_URL")) and not env_bool(
        "ELASTICSEARCH_ALLOW_ANONYMOUS", False):
    raise ImproperlyConfigured(
        "ELASTICSEARCH_PASSWORD (with ELASTICSEARCH_USERNAME, default saphan_app) or credentials in ELASTICSEARCH_URL "
        "must be set in production; set ELASTICSEARCH_ALLOW_ANONYMOUS=true only for an Elasticsearch that "
        "authenticates its clients some other way"
    )
# Links in SMS and e-mail start with this: never localhost, never plain http.
SAPHAN_PUBLIC_BASE_URL = env("SAPHAN_PUBLIC_BASE_URL").rstrip("/")
if not SAPHAN_PUBLIC_BASE_URL.startswith("https://") or "localhost" in SAPHAN_PUBLIC_BASE_URL:
    raise ImproperlyConfigured("SAPHAN_PUBLIC_BASE_URL must be the public https:// address of the site")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", SAPHAN_PUBLIC_BASE_URL)

DEBUG = False
# Trust X-Forwarded-Proto only behind a proxy that sets it (and strips it from clients); otherwise anyone could
# claim https. Set TRUSTED_PROXY=true when gunicorn is reachable only through that proxy.
if TRUSTED_PROXY:  # noqa: F405 - base reads it; the client address for limits follows it too (config/client_ip.py)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Only a loopback load or fault test without TLS turns these off (README: production settings over plain HTTP).
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Nothing of ours is framed, except Wagtail's preview inside its own admin (config.middleware sets SAMEORIGIN there).
X_FRAME_OPTIONS = "DENY"
SAPHAN_SMS_BACKEND = env("SAPHAN_SMS_BACKEND", "accounts.notifications.HttpSmsSender")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
