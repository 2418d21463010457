"""Trainee rule errors, each with a Thai and an English message."""

from config.errors import SaphanError


class TraineeError(SaphanError):
    message_th = "ทำรายการไม่สำเร็จ"
    message_en = "The request could not be completed."


class InvalidPhone(TraineeError):
    message_th = "เบอร์มือถือไม่ถูกต้อง (ตัวอย่าง 081-234-5678)"
    message_en = "Invalid Thai mobile number (e.g. 081-234-5678)."


class InvalidNationalId(TraineeError):
    message_th = "เลขประจำตัวประชาชนไม่ถูกต้อง (13 หลัก)"
    message_en = "Invalid Thai national ID (13 digits)."


class NotEligible(TraineeError):
    message_th = "ไม่สามารถสมัครรุ่นนี้ได้"
    message_en = "You cannot apply to this cohort."


class IllegalTransition(TraineeError):
    message_th = "ไม่สามารถเปลี่ยนสถานะการสมัครแบบนี้ได้"
    message_en = "This enrolment cannot change to that state."
    status_code = 409


class ConsentRequired(TraineeError):
    message_th = "ต้องได้รับความยินยอมก่อน"
    message_en = "Consent is required first."
    status_code = 403


class PhoneNotVerified(TraineeError):
    """A seat (and, for a paid cohort, a unique PromptPay amount reserved for 48 h) is held only for an account
    whose phone answered a code: otherwise throw-away sign-ups could hold every seat (issue 22 item 6)."""

    message_th = "กรุณายืนยันเบอร์มือถือก่อนจองที่นั่ง"
    message_en = "Verify your mobile number before taking a seat."
    status_code = 403
