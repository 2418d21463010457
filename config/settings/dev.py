"""Local development: safe defaults, never used in production."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = ["*"]
SAPHAN_SMS_BACKEND = env("SAPHAN_SMS_BACKEND", "accounts.notifications.ConsoleSmsSender")
