from config.errors import SaphanError


class LedgerError(SaphanError):
    message_th = "บันทึกรายการเงินไม่ได้"
    message_en = "The ledger entry was refused."


class InsufficientBalance(LedgerError):
    message_th = "ยอดคงเหลือของทุนไม่พอ"
    message_en = "The grant or scheme balance is not enough."
