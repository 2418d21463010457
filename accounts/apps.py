from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = gettext_lazy("บัญชีผู้ใช้")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sessions import on_log_in

        user_logged_in.connect(on_log_in, dispatch_uid="accounts.sessions.on_log_in")
