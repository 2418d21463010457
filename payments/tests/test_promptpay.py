"""payments.promptpay against independent implementations' published vectors, round-trips and mutations.

Pure Python: no database, no Django needed.
"""

import string
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from payments.promptpay import (
    PromptPayError,
    build_bill_payment_payload,
    build_payload,
    build_slip_payload,
    crc16_ccitt_false,
    normalize_mobile,
    parse_payload,
)

# Vectors from other projects' own test files (compared byte for byte where their tag order is ours).
# kittinan/php-promptpay-qr, tests/PromptPayTest.php (KS\PromptPay):
KITTINAN = [
    ("0899999999", None, "00020101021129370016A000000677010111011300668999999995802TH53037646304FE29"),
    ("0891234567", None, "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1"),
    ("1234567890123", None, "00020101021129370016A000000677010111021312345678901235802TH53037646304EC40"),
    ("089-123-4567", "13371337.75",
     "00020101021229370016A000000677010111011300668912345675802TH5303764541113371337.756304B7D7"),
    ("1234567890123", "420", "00020101021229370016A000000677010111021312345678901235802TH53037645406420.006304BF7B"),
    ("004999000288505", None, "00020101021129390016A00000067701011103150049990002885055802TH530376463041521"),
    ("004999000288505", "100.25",
     "00020101021229390016A00000067701011103150049990002885055802TH53037645406100.256304369A"),
    ("004000006579718", "200.50",
     "00020101021229390016A00000067701011103150040000065797185802TH53037645406200.5063048A37"),
]
# A TypeScript parser's vitest fixtures generated with dtinth/promptpay-qr (phone/ID) or hand-signed (bill):
DTINTH_GENERATED = [
    ("0812345678", None, "00020101021129370016A000000677010111011300668123456785802TH530376463045D82"),
    ("0812345678", "100", "00020101021229370016A000000677010111011300668123456785802TH53037645406100.006304BB8A"),
]
# Other orders of tags (parsed and compared field by field):
OTHER_ORDER = [
    # a Java PromptPayPayload's README: tag 53 before 58
    ("00020101021129370016A0000006770101110113006681234567853037645802TH6304823E",
     {"kind": "credit_transfer", "target": "0812345678", "amount": None, "one_time": False}),
    # a Rust test: merchant category, name and city tags present
    ("00020101021129370016A0000006770101110113006689123456752046011530376454041.005802TH5913TEST MERCHANT"
     "6007BANGKOK63047594", {"kind": "credit_transfer", "target": "0891234567", "amount": Decimal("1.00")}),
    # the TypeScript fixtures' bill payment with a merchant name
    ("00020101021230490016A00000067701011201159999999999999990206REF00153037645406250.005802TH5913Bill Merchant"
     "63044697", {"kind": "bill_payment", "biller_id": "999999999999999", "ref1": "REF001",
                  "amount": Decimal("250.00"), "one_time": True}),
]
# Slip-verification mini-QRs from public projects' tests and fixtures (tag 00: api id, bank, transaction ref).
SLIPS = [
    ("0041000600000101030040220016218195650BPP038575102TH9104554A", "004", "016218195650BPP03857"),
    ("0041000600000101030040220016189200313CTF044255102TH9104CEB4", "004", "016189200313CTF04425"),
    ("004600060000010103002022520260906154344240043029085102TH91043C42", "002", "2026090615434424004302908"),
    ("0046000600000101030250225KSA00000000951560434407ac5102TH9104F69B", "025", "KSA00000000951560434407ac"),
    ("0039000600000101030690218TR02210131120044825102TH91043284", "069", "TR0221013112004482"),
]


@pytest.mark.parametrize(("target", "amount", "expected"), KITTINAN + DTINTH_GENERATED)
def test_build_matches_independent_vectors_byte_for_byte(target, amount, expected):
    assert build_payload(target, amount) == expected


@pytest.mark.parametrize(("target", "amount", "expected"), KITTINAN + DTINTH_GENERATED)
def test_parse_independent_vectors(target, amount, expected):
    parsed = parse_payload(expected)
    assert parsed.kind == "credit_transfer"
    digits = target.replace("-", "")
    assert parsed.target == digits
    assert parsed.amount == (Decimal(amount).quantize(Decimal("0.01")) if amount else None)
    assert parsed.one_time is (amount is not None)
    assert (parsed.currency, parsed.country) == ("764", "TH")


@pytest.mark.parametrize(("payload", "fields"), OTHER_ORDER)
def test_parse_vectors_with_other_tag_orders(payload, fields):
    parsed = parse_payload(payload)
    for name, value in fields.items():
        assert getattr(parsed, name) == value, name


@pytest.mark.parametrize(("payload", "bank", "ref"), SLIPS)
def test_parse_bank_slip_mini_qr(payload, bank, ref):
    parsed = parse_payload(payload)
    assert (parsed.kind, parsed.sending_bank, parsed.transaction_ref, parsed.api_id) == (
        "slip_verification", bank, ref, "000001")


def test_slip_builder_round_trips_and_matches_a_real_slip():
    assert build_slip_payload("004", "016218195650BPP03857") == SLIPS[0][0]
    tampered = SLIPS[0][0].replace("BPP03857", "BPP03858")
    with pytest.raises(PromptPayError, match="CRC"):
        parse_payload(tampered)


def test_crc_of_published_examples():
    assert crc16_ccitt_false("00020101021129370016A000000677010111011300660000000005802TH53037646304") == "8956"


@pytest.mark.parametrize("spelling", ["0812345678", "081-234-5678", "+66812345678", "66812345678", "+66 81 234 5678",
                                      "0066812345678"])
def test_mobile_spellings_are_one_person(spelling):
    assert normalize_mobile(spelling) == "0812345678"
    assert parse_payload(build_payload(spelling)).target == "0812345678"


@pytest.mark.parametrize(("target", "amount"), [
    ("081234567", None), ("0212345678", None), ("08123456789", None), ("abc", None), ("", None),
    ("0812345678", 10.5), ("0812345678", "1.005"), ("0812345678", "0"), ("0812345678", "-5"),
    ("0812345678", "ten"), ("0812345678", "NaN"), ("0812345678", "99999999999.00"),
])
def test_bad_build_input_raises_one_clear_error(target, amount):
    with pytest.raises(PromptPayError) as info:
        build_payload(target, amount)
    assert str(info.value) and info.value.message_th


@pytest.mark.parametrize("payload", [
    "", "   ", "hello", "000201", KITTINAN[0][2][:-1], KITTINAN[0][2][:-8], KITTINAN[0][2] + "00",
    "0002010102112937", "AB020101", "00020101021129370016A000000677010111011300668999999995802TH5303840630497AD",
    "ข้อมูล",
])
def test_malformed_payloads_raise(payload):
    with pytest.raises(PromptPayError):
        parse_payload(payload)


def test_bill_payment_validation():
    with pytest.raises(PromptPayError):
        build_bill_payment_payload("12345", "INV1")
    with pytest.raises(PromptPayError):
        build_bill_payment_payload("099400016550801", "ใบแจ้งหนี้")
    parsed = parse_payload(build_bill_payment_payload("0994000165508-01", "inv2027000123", "ev1", "1500.5"))
    assert (parsed.biller_id, parsed.ref1, parsed.ref2, parsed.amount) == (
        "099400016550801", "INV2027000123", "EV1", Decimal("1500.50"))


mobiles = st.builds(lambda p, rest: f"0{p}{rest}", st.sampled_from("689"),
                    st.text(string.digits, min_size=8, max_size=8))
ids13 = st.text(string.digits, min_size=13, max_size=13).filter(lambda s: not s.startswith("0066"))
ewallets = st.text(string.digits, min_size=15, max_size=15)
amounts = st.one_of(st.none(), st.integers(min_value=1, max_value=99_999_999).map(lambda n: Decimal(n) / 100))


@settings(max_examples=200, deadline=None)
@given(target=st.one_of(mobiles, ids13, ewallets), amount=amounts)
def test_round_trip_build_then_parse(target, amount):
    parsed = parse_payload(build_payload(target, amount))
    assert parsed.target == target
    assert parsed.amount == amount
    assert parsed.one_time is (amount is not None)


@settings(max_examples=100, deadline=None)
@given(ref1=st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=20), amount=amounts)
def test_round_trip_bill_payment(ref1, amount):
    parsed = parse_payload(build_bill_payment_payload("099400016550801", ref1, amount=amount))
    assert (parsed.ref1, parsed.amount) == (ref1, amount)


@pytest.mark.parametrize("payload", [KITTINAN[3][2], OTHER_ORDER[2][0], SLIPS[1][0]])
def test_any_single_changed_character_is_rejected(payload):
    alphabet = string.digits + string.ascii_uppercase + "."
    for position, original in enumerate(payload):
        replacement = next(c for c in alphabet if c != original.upper() and c != original)
        mutated = payload[:position] + replacement + payload[position + 1:]
        with pytest.raises(PromptPayError):
            parse_payload(mutated)


def test_command_line(tmp_path):
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-m", "payments.promptpay", "0812345678", "100"], capture_output=True,
                         text=True, cwd=root, timeout=60)
    assert run.returncode == 0
    assert run.stdout.strip() == DTINTH_GENERATED[1][2]
    svg = tmp_path / "qr.svg"
    run = subprocess.run([sys.executable, "-m", "payments.promptpay", "0812345678", "--svg", str(svg)],
                         capture_output=True, text=True, cwd=root, timeout=60)
    assert run.returncode == 0 and svg.read_text().startswith("<?xml")
    bad = subprocess.run([sys.executable, "-m", "payments.promptpay", "12345", "1.005"], capture_output=True,
                         text=True, cwd=root, timeout=60)
    assert bad.returncode == 2 and "error" in bad.stderr


# Reading what people bring: payloads from three more independent implementations' own test suites.
# maythiwat/promptparse, src/index.test.ts: a bill payment whose biller is a bare 13-digit tax ID with ref3 in
# tag 62, a TrueMoney e-wallet with a message tag, a BOT barcode turned into tag 30, and two slip mini-QRs.
PROMPTPARSE = [
    ("00020101021130620016A000000677010112011301122334455660211CUSTOMER0010306INV00153037645802TH62070703SCB6304780E",
     {"kind": "bill_payment", "biller_id": "0112233445566", "ref1": "CUSTOMER001", "ref2": "INV001", "ref3": "SCB",
      "amount": None}),
    ("00020101021229390016A000000677010111031514000080111111153037645802TH540510.05814800480065006C006C006F002000"
     "57006F0072006C006400216304F5A2",
     {"kind": "credit_transfer", "target_type": "ewallet", "target": "140000801111111", "amount": Decimal("10.05")}),
    ("00020101021130550016A0000006770101120115099999999999990021211122233344453037645802TH63043EE7",
     {"kind": "bill_payment", "biller_id": "099999999999990", "ref1": "111222333444", "ref2": None}),
    ("004100060000010103014022000111222233344ABCD125102TH910417DF",
     {"kind": "slip_verification", "sending_bank": "014", "transaction_ref": "00111222233344ABCD12", "country": "TH"}),
    ("004000060000010103002021900021231231212000115102TH91049C30",
     {"kind": "slip_verification", "sending_bank": "002", "transaction_ref": "0002123123121200011"}),
]
# dtinth/promptpay-qr, index.test.js (the reference generator): phone, +66 phone, national ID, tax ID, amount.
DTINTH = [
    ("00020101021129370016A000000677010111011300668012345675802TH530376463046197",
     {"target_type": "mobile", "target": "0801234567", "amount": None}),
    ("00020101021129370016A000000677010111011300668912345675802TH5303764630429C1",
     {"target_type": "mobile", "target": "0891234567"}),
    ("00020101021129370016A000000677010111021311111111111115802TH530376463047B5A",
     {"target_type": "national_id", "target": "1111111111111"}),
    ("00020101021129370016A000000677010111021301234567890125802TH530376463040CBD",
     {"target_type": "national_id", "target": "0123456789012"}),
    ("00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469",
     {"target_type": "mobile", "amount": Decimal("4.22"), "one_time": True}),
]
# A TypeScript Thai-QR builder's vitest suite (builder.test.ts, "bankAccount recipient"): tag 29 sub-tag 04,
# bank code 014 + account 1234567890.
BANK_ACCOUNT = [
    ("00020101021229370016A0000006770101110413014123456789053037645406100.005802TH6304901D",
     {"kind": "credit_transfer", "target_type": "bank_account", "target": "0141234567890",
      "amount": Decimal("100.00")}),
]


def _tlv(*pairs: tuple[str, str]) -> str:
    return "".join(f"{tag}{len(value):02d}{value}" for tag, value in pairs)


def _emv(merchant_tag: str, *merchant: tuple[str, str]) -> str:
    return _tlv(("00", "01"), ("01", "11"), (merchant_tag, _tlv(*merchant)), ("53", "764"), ("58", "TH"))


def _signed(body: str, crc_tag: str = "63") -> str:
    data = body + crc_tag + "04"
    return data + crc16_ccitt_false(data)


@pytest.mark.parametrize(("payload", "fields"), PROMPTPARSE + DTINTH + BANK_ACCOUNT)
def test_reads_payloads_of_independent_implementations(payload, fields):
    parsed = parse_payload(payload)
    assert {name: getattr(parsed, name) for name in fields} == fields


@pytest.mark.parametrize("amount_text", ["0", "0.00", "0.0"])
def test_amount_zero_means_the_payer_enters_it(amount_text):
    body = f"00020101021129370016A000000677010111011300668123456785802TH530376454{len(amount_text):02d}{amount_text}"
    parsed = parse_payload(_signed(body))
    assert parsed.amount is None and parsed.target == "0812345678"


def test_slip_from_abroad_keeps_its_country():
    parsed = parse_payload(_signed("004100060000010103014022000111222233344ABCD125102LA", crc_tag="91"))
    assert (parsed.kind, parsed.country, parsed.sending_bank) == ("slip_verification", "LA", "014")


@pytest.mark.parametrize(("body", "crc_tag", "english", "thai"), [
    # each structural defect has its own message, in English and Thai
    (_emv("30", ("00", "A000000677010112"), ("01", "099400016550"), ("02", "INV1")), "63", "biller", "Biller"),
    (_emv("30", ("00", "A000000677010112"), ("01", "099400016550801")), "63", "reference 1", "อ้างอิง 1"),
    (_emv("29", ("00", "A000000677010111"), ("04", "0141234X67890")), "63", "bank-account", "บัญชี"),
    (_tlv(("00", _tlv(("00", "000001"), ("01", "014"), ("02", "AB"))), ("51", "th")), "91", "country", "ประเทศ"),
    (_tlv(("00", _tlv(("00", "000001"), ("01", "014"))), ("51", "TH")), "91", "sub-tag", "เลขอ้างอิง"),
    (_tlv(("51", "TH")), "91", "tag 00", "ข้อมูลรายการ"),
])
def test_each_structural_defect_says_what_is_wrong(body, crc_tag, english, thai):
    with pytest.raises(PromptPayError) as info:
        parse_payload(_signed(body, crc_tag))
    assert english in str(info.value) and thai in info.value.message_th


def test_building_stays_strict():
    for biller in ("0112233445566", "01122334455"):  # a bare 13-digit tax ID is read, never built
        with pytest.raises(PromptPayError):
            build_bill_payment_payload(biller, "INV1")
    with pytest.raises(PromptPayError):
        build_payload("0812345678", "0.00")
    # CRC stays strict on what we now read leniently
    bank = BANK_ACCOUNT[0][0]
    with pytest.raises(PromptPayError, match="CRC"):
        parse_payload(bank[:-4] + ("0000" if bank[-4:] != "0000" else "1111"))
