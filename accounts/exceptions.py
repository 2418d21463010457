from config.errors import SaphanError


class CodeError(SaphanError):
    message_th = "รหัสไม่ถูกต้องหรือหมดอายุ กรุณาขอรหัสใหม่"
    message_en = "The code is wrong or has expired; ask for a new one."


class TooManyCodes(SaphanError):
    message_th = "ขอรหัสบ่อยเกินไป กรุณารอ 15 นาทีแล้วลองใหม่"
    message_en = "Too many codes requested; wait 15 minutes and try again."
    status_code = 429


class WeakPassword(SaphanError):
    message_th = "รหัสผ่านนี้เดาง่ายเกินไป"
    message_en = "This password is too easy to guess."
