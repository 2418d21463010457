"""Payment rule errors, each with a Thai and an English message (mapped once at the web/API edge)."""

from django.utils.translation import gettext_lazy

from config.errors import SaphanError


class PaymentError(SaphanError):
    message = gettext_lazy("ทำรายการชำระเงินไม่สำเร็จ")


class UnknownPayee(PaymentError):
    message = gettext_lazy("ไม่พบหน่วยงานผู้รับเงิน")


class InvalidAmount(PaymentError):
    message = gettext_lazy("จำนวนเงินไม่ถูกต้อง")


class NoFreeAmount(PaymentError):
    message = gettext_lazy("มีใบแจ้งหนี้ค้างชำระยอดนี้มากเกินไป กรุณาลองใหม่ภายหลัง")


class ReferenceAlreadyUsed(PaymentError):
    message = gettext_lazy("เลขอ้างอิงสลิปนี้ถูกใช้ยืนยันการชำระเงินไปแล้ว")
    status_code = 409


class InvoiceAlreadyPaid(PaymentError):
    message = gettext_lazy("ใบแจ้งหนี้นี้ชำระแล้ว")
    status_code = 409


class InvoiceNotOpen(PaymentError):
    message = gettext_lazy("ใบแจ้งหนี้นี้ไม่อยู่ในสถานะรอชำระ")
    status_code = 409


class StatementFormatError(PaymentError):
    message = gettext_lazy("ไฟล์รายการเดินบัญชีไม่ถูกต้อง")
