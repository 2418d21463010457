"""Payment rule errors, each with a Thai and an English message (mapped once at the web/API edge)."""

from config.errors import SaphanError


class PaymentError(SaphanError):
    message_th = "ทำรายการชำระเงินไม่สำเร็จ"
    message_en = "The payment could not be processed."


class UnknownPayee(PaymentError):
    message_th = "ไม่พบหน่วยงานผู้รับเงิน"
    message_en = "Unknown receiving organisation."


class InvalidAmount(PaymentError):
    message_th = "จำนวนเงินไม่ถูกต้อง"
    message_en = "Invalid amount."


class NoFreeAmount(PaymentError):
    message_th = "มีใบแจ้งหนี้ค้างชำระยอดนี้มากเกินไป กรุณาลองใหม่ภายหลัง"
    message_en = "Too many open invoices with this amount; try again later."


class ReferenceAlreadyUsed(PaymentError):
    message_th = "เลขอ้างอิงสลิปนี้ถูกใช้ยืนยันการชำระเงินไปแล้ว"
    message_en = "This slip reference has already been used."
    status_code = 409


class InvoiceAlreadyPaid(PaymentError):
    message_th = "ใบแจ้งหนี้นี้ชำระแล้ว"
    message_en = "This invoice is already paid."
    status_code = 409


class InvoiceNotOpen(PaymentError):
    message_th = "ใบแจ้งหนี้นี้ไม่อยู่ในสถานะรอชำระ"
    message_en = "This invoice is not open."
    status_code = 409


class StatementFormatError(PaymentError):
    message_th = "ไฟล์รายการเดินบัญชีไม่ถูกต้อง"
    message_en = "The bank statement file is not valid."
