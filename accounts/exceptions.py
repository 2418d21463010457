from django.utils.translation import gettext_lazy

from config.errors import SaphanError


class CodeError(SaphanError):
    message = gettext_lazy("รหัสไม่ถูกต้องหรือหมดอายุ กรุณาขอรหัสใหม่")


class TooManyCodes(SaphanError):
    message = gettext_lazy("ขอรหัสบ่อยเกินไป กรุณารอ 15 นาทีแล้วลองใหม่")
    status_code = 429


class WeakPassword(SaphanError):
    message = gettext_lazy("รหัสผ่านนี้เดาง่ายเกินไป")
