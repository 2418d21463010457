"""Log in with a Thai mobile number in any spelling (staff keep their usernames)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        from trainees.identity import normalize_phone

        try:
            phone = normalize_phone(username)
        except Exception:
            return None
        user = get_user_model().objects.filter(phone=phone).first()
        if user and user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
