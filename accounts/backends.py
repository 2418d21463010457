"""Log in with a Thai mobile number in any spelling (staff keep their usernames)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from .thai_ids import ThaiNumberError, normalize_mobile_th


class _SessionUser(ModelBackend):
    def get_user(self, user_id):
        """The signed-in user, or None for an id that is not one (missing, or not even a number)."""
        try:
            return super().get_user(user_id)
        except (ValueError, TypeError, ValidationError):
            return None


class PhoneBackend(_SessionUser):
    def authenticate(self, request, username=None, password=None, **kwargs):
        try:
            phone = normalize_mobile_th(username)
        except ThaiNumberError:
            return None
        user = get_user_model().objects.filter(phone=phone).first()
        if user and user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class UsernameBackend(_SessionUser):
    """Staff, centre officers and employers: username and password."""
