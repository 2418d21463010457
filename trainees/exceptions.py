"""Trainee rule errors, each with a Thai and an English message."""

from django.utils.translation import gettext_lazy

from config.errors import SaphanError


class TraineeError(SaphanError):
    message = gettext_lazy("ทำรายการไม่สำเร็จ")


class InvalidPhone(TraineeError):
    message = gettext_lazy("เบอร์มือถือไม่ถูกต้อง (ตัวอย่าง 081-234-5678)")


class InvalidNationalId(TraineeError):
    message = gettext_lazy("เลขประจำตัวประชาชนไม่ถูกต้อง (13 หลัก)")


class NotEligible(TraineeError):
    message = gettext_lazy("ไม่สามารถสมัครรุ่นนี้ได้")


class IllegalTransition(TraineeError):
    message = gettext_lazy("ไม่สามารถเปลี่ยนสถานะการสมัครแบบนี้ได้")
    status_code = 409


class ConsentRequired(TraineeError):
    message = gettext_lazy("ต้องได้รับความยินยอมก่อน")
    status_code = 403


class PhoneNotVerified(TraineeError):
    """A seat (and, for a paid cohort, a unique PromptPay amount reserved for 48 h) is held only for an account
    whose phone answered a code: otherwise throw-away sign-ups could hold every seat (issue 22 item 6)."""

    message = gettext_lazy("กรุณายืนยันเบอร์มือถือก่อนจองที่นั่ง")
    status_code = 403
