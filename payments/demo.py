"""Demo payees: the demo training providers receive PromptPay payments (numbers are test numbers)."""

from django.contrib.auth.models import Group

from .models import Payee

DEMO_PAYEES = [
    ("ipc5", "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5", "Industrial Promotion Center Region 5", "0994000165508", ""),
    ("kk-tech", "วิทยาลัยเทคนิคขอนแก่น", "Khon Kaen Technical College", "0994000165516", "099400016551601"),
    ("isan-ev-motors", "บริษัท อีสานอีวีมอเตอร์ จำกัด", "Isan EV Motors Co., Ltd.", "0812345678", ""),
    ("banphai-ic", "วิทยาลัยการอาชีพบ้านไผ่", "Ban Phai Industrial and Community Education College", "0994000165524", ""),
    # every demo provider with an intake where learners pay part of the fee must be able to receive it
    ("chumphae-tc", "วิทยาลัยเทคนิคชุมแพ", "Chum Phae Technical College", "0994000165532", ""),
    ("phon-ic", "วิทยาลัยการอาชีพพล", "Phon Industrial and Community Education College", "0994000165541", ""),
    ("dsd-kk", "สถาบันพัฒนาฝีมือแรงงาน 6 ขอนแก่น", "Institute for Skill Development Region 6 Khon Kaen",
     "0994000165559", ""),
    ("kk-youth", "มูลนิธิพัฒนาเยาวชนขอนแก่น", "Khon Kaen Youth Development Foundation", "0994000165567", ""),
]


def load(stdout=None) -> str:
    for key, name_th, name_en, target, biller in DEMO_PAYEES:
        group, _ = Group.objects.get_or_create(name=f"เจ้าหน้าที่การเงิน {key}")
        Payee.objects.update_or_create(
            key=key,
            defaults={
                "name_th": name_th, "name_en": name_en, "promptpay_target": target, "biller_id": biller,
                "matching": Payee.Matching.BILL_PAYMENT if biller else Payee.Matching.UNIQUE_AMOUNT,
                "staff_group": group,
            },
        )
    return f"{len(DEMO_PAYEES)} payees"
