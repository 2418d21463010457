"""The user model, alone in its app.

It cannot live in trainees: Wagtail's migrations depend on AUTH_USER_MODEL while our page models depend on
Wagtail's, and trainees depends on courses, which would make the migration graph circular.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Everyone who logs in. Youth log in with a Thai mobile number stored in one normal form (0812345678)."""

    phone = models.CharField(max_length=10, unique=True, null=True, blank=True)
    phone_verified_at = models.DateTimeField(null=True, blank=True)
