"""PromptPay QR payloads (EMVCo merchant-presented mode), in pure Python: importable without Django.

* `build_payload(target, amount=None)`: credit transfer (tag 29) to a mobile number, national/tax ID or e-wallet.
* `build_bill_payment_payload(biller_id, ref1, ref2=None, amount=None)`: bill payment (tag 30).
* `parse_payload(text)`: validates TLV structure, lengths, required tags and CRC; tags may come in any order
  (independent implementations order them differently). Reading accepts what real codes carry (a 13- or 15-digit
  biller ID, amount 0 meaning "payer enters it", a bank-account target, slips issued abroad); building stays
  strict. Also reads the slip-verification mini-QR printed on Thai bank transfer slips (tag 00 with API id /
  sending bank / transaction reference, country tag 51, CRC tag 91).

Amounts are `Decimal` (or a string) with at most two places; floats are refused because money is never float.
CRC is CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over the payload including the CRC tag and length,
written as four upper-case hex digits.

Run `python -m payments.promptpay TARGET [AMOUNT] [--svg FILE]` to print a payload (and write its QR).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal

from config.money import AmountError, parse_thb

AID_CREDIT_TRANSFER = "A000000677010111"
AID_BILL_PAYMENT = "A000000677010112"
CURRENCY_THB = "764"
COUNTRY_TH = "TH"
MAX_AMOUNT = Decimal("9999999999.99")  # tag 54 holds at most 13 characters

_TARGET_TAGS = {"01": "mobile", "02": "national_id", "03": "ewallet", "04": "bank_account"}
_REFERENCE = re.compile(r"^[A-Z0-9]{1,20}$")


class PromptPayError(ValueError):
    """Anything malformed: the message is English; `message_th` says the same in Thai."""

    def __init__(self, message: str, message_th: str | None = None):
        super().__init__(message)
        self.message_th = message_th or message


# ------------------------------------------------------------------ helpers
def crc16_ccitt_false(data: str) -> str:
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return f"{crc:04X}"


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise PromptPayError(f"value of tag {tag} is longer than 99 characters", f"ข้อมูลแท็ก {tag} ยาวเกิน 99 ตัวอักษร")
    return f"{tag}{len(value):02d}{value}"


def _digits(text: str) -> str:
    return re.sub(r"[\s\-().]", "", str(text))


def normalize_mobile(text: str) -> str:
    """Any common spelling of a Thai mobile number → 0812345678. Raises PromptPayError."""
    raw = _digits(text)
    if raw.startswith("+"):
        raw = raw[1:]
    if raw.startswith("0066"):
        raw = "0" + raw[4:]
    elif raw.startswith("66") and len(raw) == 11:
        raw = "0" + raw[2:]
    if not re.fullmatch(r"0[689]\d{8}", raw):
        raise PromptPayError(
            f"not a Thai mobile number: {text!r}", f"เบอร์มือถือไม่ถูกต้อง: {text} (ต้องเป็น 10 หลัก ขึ้นต้นด้วย 06 08 หรือ 09)"
        )
    return raw


def _format_amount(amount) -> str:
    try:
        return f"{parse_thb(amount, maximum=MAX_AMOUNT)}"
    except AmountError as exc:
        raise PromptPayError(exc.message_en, exc.message_th) from None


def _classify_target(target: str) -> tuple[str, str]:
    """(sub-tag, encoded value) for a credit-transfer target."""
    raw = _digits(target)
    plain = raw.lstrip("+")
    if plain.isdigit() and len(plain) == 13 and not plain.startswith("0066"):
        return "02", plain
    if plain.isdigit() and len(plain) == 15:
        return "03", plain
    mobile = normalize_mobile(target)
    return "01", "0066" + mobile[1:]


def _tail(amount) -> str:
    """Country, currency, amount — in the order of the most widely used implementation (dtinth/promptpay-qr),
    so our payloads are byte-identical to its test vectors."""
    tail = _tlv("58", COUNTRY_TH) + _tlv("53", CURRENCY_THB)
    if amount is not None:
        tail += _tlv("54", _format_amount(amount))
    return tail


def _finish(body: str) -> str:
    data = body + "6304"
    return data + crc16_ccitt_false(data)


# ------------------------------------------------------------------ builders
def build_payload(target: str, amount=None) -> str:
    """PromptPay credit transfer; static (reusable) without amount, dynamic (one-time) with one."""
    sub_tag, value = _classify_target(target)
    merchant = _tlv("00", AID_CREDIT_TRANSFER) + _tlv(sub_tag, value)
    body = _tlv("00", "01") + _tlv("01", "12" if amount is not None else "11") + _tlv("29", merchant)
    return _finish(body + _tail(amount))


def build_bill_payment_payload(biller_id: str, ref1: str, ref2: str | None = None, amount=None) -> str:
    """PromptPay bill payment: biller ID (13-digit tax ID + 2-digit suffix) with references ref1/ref2."""
    biller = _digits(biller_id)
    if not re.fullmatch(r"\d{15}", biller):
        raise PromptPayError("biller ID must be 15 digits (tax ID + suffix)",
                             "รหัสผู้รับชำระ (Biller ID) ต้องเป็นตัวเลข 15 หลัก")
    references = [("02", ref1)] + ([("03", ref2)] if ref2 else [])
    merchant = _tlv("00", AID_BILL_PAYMENT) + _tlv("01", biller)
    for tag, ref in references:
        ref = str(ref).strip().upper()
        if not _REFERENCE.fullmatch(ref):
            raise PromptPayError(
                f"reference {ref!r} must be 1–20 letters A–Z or digits",
                f"เลขอ้างอิง {ref} ต้องเป็นตัวอักษร A–Z หรือตัวเลข 1–20 ตัว",
            )
        merchant += _tlv(tag, ref)
    body = _tlv("00", "01") + _tlv("01", "12" if amount is not None else "11") + _tlv("30", merchant)
    return _finish(body + _tail(amount))


def build_slip_payload(sending_bank: str, transaction_ref: str, api_id: str = "000001") -> str:
    """The mini-QR printed on a bank transfer slip (used by banks' slip-verification API)."""
    if not re.fullmatch(r"\d{3}", sending_bank):
        raise PromptPayError("sending bank code must be 3 digits", "รหัสธนาคารผู้โอนต้องเป็นตัวเลข 3 หลัก")
    if not re.fullmatch(r"[A-Za-z0-9]{1,50}", transaction_ref):
        raise PromptPayError("transaction reference must be 1–50 letters or digits",
                             "เลขอ้างอิงรายการต้องเป็นตัวอักษรหรือตัวเลข")
    inner = _tlv("00", api_id) + _tlv("01", sending_bank) + _tlv("02", transaction_ref)
    data = _tlv("00", inner) + _tlv("51", COUNTRY_TH) + "9104"
    return data + crc16_ccitt_false(data)


# ------------------------------------------------------------------ parser
@dataclass(frozen=True)
class ParsedPayload:
    kind: str  # credit_transfer | bill_payment | slip_verification
    target_type: str | None = None  # mobile | national_id | ewallet | bank_account
    target: str | None = None
    amount: Decimal | None = None
    biller_id: str | None = None
    ref1: str | None = None
    ref2: str | None = None
    ref3: str | None = None  # bill payment: tag 62 sub-tag 07 (terminal label), as banks print it
    currency: str | None = None
    country: str | None = None
    one_time: bool = False
    api_id: str | None = None
    sending_bank: str | None = None
    transaction_ref: str | None = None
    extra: dict = field(default_factory=dict)


def _split_tlv(text: str, where: str = "payload") -> list[tuple[str, str]]:
    items, pos = [], 0
    while pos < len(text):
        if pos + 4 > len(text):
            raise PromptPayError(f"{where}: truncated tag at position {pos}", "ข้อมูล QR ไม่ครบ")
        tag, length = text[pos : pos + 2], text[pos + 2 : pos + 4]
        if not (tag.isdigit() and length.isdigit()):
            raise PromptPayError(f"{where}: malformed tag {tag!r} at position {pos}", "รูปแบบ QR ไม่ถูกต้อง")
        end = pos + 4 + int(length)
        if end > len(text):
            raise PromptPayError(f"{where}: tag {tag} says {length} characters but the data ends", "ข้อมูล QR ไม่ครบ")
        items.append((tag, text[pos + 4 : end]))
        pos = end
    return items


def _check_crc(text: str, crc_tag: str) -> str:
    marker = crc_tag + "04"
    if len(text) < 8 or text[-8:-4] != marker:
        raise PromptPayError(f"the payload must end with its CRC (tag {crc_tag})", "QR ไม่มีรหัสตรวจสอบ (CRC)")
    expected = crc16_ccitt_false(text[:-4])
    if text[-4:].upper() != expected:
        raise PromptPayError("CRC mismatch: the payload was altered or mistyped",
                             "รหัสตรวจสอบ (CRC) ไม่ตรง: ข้อมูล QR ถูกแก้ไขหรือพิมพ์ผิด")
    return text[:-8]


def _parse_slip(text: str) -> ParsedPayload:
    body = _check_crc(text, "91")
    tags = dict(_split_tlv(body))
    if "00" not in tags:
        raise PromptPayError("slip QR: tag 00 (slip data) is missing", "QR สลิปไม่มีข้อมูลรายการ")
    inner = dict(_split_tlv(tags["00"], "slip tag 00"))
    # Slips issued abroad (cross-border transfers) carry their own country code; the structure is the same.
    country = tags.get("51", "")
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise PromptPayError("slip QR: country (tag 51) must be two capital letters", "รหัสประเทศใน QR สลิปไม่ถูกต้อง")
    missing = sorted({"00", "01", "02"} - set(inner))
    if missing:
        raise PromptPayError(f"slip QR: tag 00 lacks sub-tag(s) {', '.join(missing)}",
                             "QR สลิปไม่มีข้อมูลธนาคารหรือเลขอ้างอิงรายการ")
    if not re.fullmatch(r"\d{3}", inner["01"]):
        raise PromptPayError("slip QR: sending bank code must be 3 digits", "รหัสธนาคารใน QR สลิปไม่ถูกต้อง")
    return ParsedPayload(
        kind="slip_verification", country=country, api_id=inner["00"], sending_bank=inner["01"],
        transaction_ref=inner["02"],
    )


def _unique_tags(body: str) -> dict[str, str]:
    """The top-level tags of a payload body; a tag given twice is refused (which one would a bank app read?)."""
    tags: dict[str, str] = {}
    for tag, value in _split_tlv(body):
        if tag in tags:
            raise PromptPayError(f"tag {tag} appears twice", "QR มีแท็กซ้ำ")
        tags[tag] = value
    return tags


def _common_fields(tags: dict[str, str]) -> dict:
    """Format indicator, initiation, currency and country checked; the fields both kinds of payload share
    (amount, currency, country, one_time, and `extra`: every tag this parser does not read itself)."""
    if tags.get("00") != "01":
        raise PromptPayError("payload format indicator (tag 00) must be 01", "รูปแบบ QR ไม่ใช่ EMVCo")
    initiation = tags.get("01")
    if initiation not in (None, "11", "12"):
        raise PromptPayError("point of initiation (tag 01) must be 11 or 12", "ประเภท QR ไม่ถูกต้อง")
    currency, country = tags.get("53"), tags.get("58")
    if currency != CURRENCY_THB:
        raise PromptPayError("currency (tag 53) must be 764 (THB)", "สกุลเงินต้องเป็นบาท (764)")
    if country not in (None, COUNTRY_TH):
        raise PromptPayError("country (tag 58) must be TH", "ประเทศต้องเป็น TH")
    known = {"00", "01", "29", "30", "53", "54", "58"}
    extra = {tag: value for tag, value in tags.items() if tag not in known}
    return {"amount": _amount(tags), "currency": currency, "country": country, "one_time": initiation == "12",
            "extra": extra}


def _amount(tags: dict[str, str]) -> Decimal | None:
    """Tag 54 as Decimal with two places; None when absent or zero (the payer enters the amount)."""
    if "54" not in tags:
        return None
    if not re.fullmatch(r"\d+(\.\d{1,2})?", tags["54"]):
        raise PromptPayError(f"malformed amount {tags['54']!r}", "จำนวนเงินใน QR ไม่ถูกต้อง")
    amount = Decimal(tags["54"]).quantize(Decimal("0.01"))
    if amount == 0:  # some wallets write "0" or "0.00" for "the payer enters the amount"
        return None
    return amount


def _transfer_target(sub: str, value: str) -> tuple[str, str]:
    """(target type, target as people write it) of a credit transfer's one target sub-tag."""
    target_type = _TARGET_TAGS[sub]
    if target_type == "bank_account":
        # 3-digit bank code + account number (Thai QR standard: at most 43 characters)
        if not re.fullmatch(r"\d{3}\d{1,40}", value):
            raise PromptPayError("bank-account target must be a 3-digit bank code and the account number",
                                 "เลขบัญชีธนาคารใน QR ไม่ถูกต้อง")
        return target_type, value
    if target_type == "mobile":
        if not re.fullmatch(r"0066\d{9}", value):
            raise PromptPayError("mobile target must be 0066 + 9 digits", "เบอร์พร้อมเพย์ใน QR ไม่ถูกต้อง")
        return target_type, "0" + value[4:]
    size = 13 if target_type == "national_id" else 15
    if not re.fullmatch(rf"\d{{{size}}}", value):
        raise PromptPayError(f"{target_type} target must be {size} digits", "เลขพร้อมเพย์ใน QR ไม่ถูกต้อง")
    return target_type, value


def _credit_transfer(tag29: str, common: dict) -> ParsedPayload:
    """Tag 29: PromptPay's credit-transfer AID and exactly one target."""
    merchant = dict(_split_tlv(tag29, "tag 29"))
    if merchant.get("00") != AID_CREDIT_TRANSFER:
        raise PromptPayError("tag 29 is not a PromptPay credit transfer", "QR ไม่ใช่พร้อมเพย์")
    found = [(sub, value) for sub, value in merchant.items() if sub in _TARGET_TAGS]
    if len(found) != 1:
        raise PromptPayError("a PromptPay transfer needs exactly one target", "QR พร้อมเพย์ต้องมีผู้รับเงินหนึ่งราย")
    target_type, target = _transfer_target(*found[0])
    return ParsedPayload(kind="credit_transfer", target_type=target_type, target=target, **common)


def _bill_payment(tag30: str, common: dict) -> ParsedPayload:
    """Tag 30: PromptPay's bill-payment AID, a biller ID and reference 1 (reference 2 and the terminal label of
    tag 62 when present)."""
    merchant = dict(_split_tlv(tag30, "tag 30"))
    if merchant.get("00") != AID_BILL_PAYMENT:
        raise PromptPayError("tag 30 is not a PromptPay bill payment", "QR ไม่ใช่การชำระบิลพร้อมเพย์")
    biller = merchant.get("01", "")
    # a 13-digit tax ID alone, or tax ID + 2-digit suffix: both are printed on real bills
    if not re.fullmatch(r"\d{13}(\d{2})?", biller):
        raise PromptPayError("bill payment needs a 13- or 15-digit biller ID",
                             "รหัสผู้รับชำระ (Biller ID) ใน QR ไม่ถูกต้อง")
    if not merchant.get("02"):
        raise PromptPayError("bill payment needs reference 1", "QR ชำระบิลไม่มีเลขอ้างอิง 1")
    extra = common["extra"]
    additional = dict(_split_tlv(extra["62"], "tag 62")) if "62" in extra else {}
    return ParsedPayload(
        kind="bill_payment", biller_id=biller, ref1=merchant["02"], ref2=merchant.get("03"),
        ref3=additional.get("07"), **common
    )


def parse_payload(text: str) -> ParsedPayload:
    """Validate and decode a PromptPay (or slip-verification) payload. Raises PromptPayError."""
    if not isinstance(text, str) or not text.strip():
        raise PromptPayError("empty payload", "ไม่มีข้อมูล QR")
    text = text.strip()
    if not text.isascii():
        raise PromptPayError("payload contains non-ASCII characters", "QR มีอักขระที่ไม่ถูกต้อง")
    if text[-8:-4] == "9104":
        return _parse_slip(text)
    tags = _unique_tags(_check_crc(text, "63"))
    common = _common_fields(tags)
    if "29" in tags:
        return _credit_transfer(tags["29"], common)
    if "30" in tags:
        return _bill_payment(tags["30"], common)
    raise PromptPayError("no PromptPay merchant information (tag 29 or 30)", "ไม่พบข้อมูลพร้อมเพย์ใน QR")


# ------------------------------------------------------------------ command line
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m payments.promptpay", description="Print a PromptPay QR payload.")
    parser.add_argument("target", help="mobile number, 13-digit national/tax ID or 15-digit e-wallet ID")
    parser.add_argument("amount", nargs="?", help="amount in THB, e.g. 150.00 (omit for a reusable QR)")
    parser.add_argument("--svg", metavar="FILE", help="also write the QR code as SVG")
    args = parser.parse_args(argv)
    try:
        payload = build_payload(args.target, args.amount)
    except PromptPayError as exc:
        print(f"error: {exc} / {exc.message_th}", file=sys.stderr)
        return 2
    print(payload)
    if args.svg:
        import segno

        segno.make(payload, error="m", micro=False).save(args.svg, scale=6, border=4)
    return 0


if __name__ == "__main__":
    sys.exit(main())
