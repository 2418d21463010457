from contextlib import nullcontext

from django.utils.translation import gettext, override

from config.dates import format_date
from config.errors import NotAllowed, SaphanError


class EmployerError(SaphanError):
    message_th = "ข้อมูลนายจ้างหรือตำแหน่งงานไม่ถูกต้อง"
    message_en = "Invalid employer or opening data."


class WageBelowMinimum(EmployerError):
    message_th = "ค่าจ้างต่ำกว่าค่าแรงขั้นต่ำจังหวัดขอนแก่น (357 บาท/วัน)"
    message_en = "Wage below the Khon Kaen minimum wage (357 THB/day)."


class DiscriminatoryRequirement(EmployerError):
    message_th = "ประกาศงานต้องไม่กำหนดเพศ ศาสนา หรือสถานภาพสมรส"
    message_en = "Openings cannot ask for gender, religion or marital status."


class NotVerified(NotAllowed):
    message_th = "นายจ้างต้องได้รับการยืนยันตัวตนก่อนจึงจะค้นหาผู้สำเร็จการฝึกได้"
    message_en = "Only verified employers can search graduates."


class NotMember(NotAllowed):
    message_th = "คุณไม่ได้เป็นสมาชิกของร้านนี้"
    message_en = "You are not a member of this employer."


class NotDiscoverable(EmployerError):
    message_th = "ผู้สำเร็จการฝึกคนนี้ไม่ได้เปิดให้นายจ้างติดต่อ"
    message_en = "This graduate does not accept contact from employers."


class ContactRequestError(EmployerError):
    message_th = "ไม่สามารถดำเนินการกับคำขอติดต่อนี้ได้"
    message_en = "This contact request cannot be changed."


class DuplicateContactRequest(ContactRequestError):
    message_th = "ร้านของคุณส่งคำขอติดต่อผู้สำเร็จการฝึกคนนี้ไว้แล้ว กำลังรอคำตอบ จึงส่งซ้ำไม่ได้"
    message_en = "Your business already has a request to this graduate waiting for an answer."


class ApplicationError(EmployerError):
    message_th = "ไม่สามารถดำเนินการกับใบสมัครนี้ได้"
    message_en = "This application cannot be changed."


class OpeningNotOpen(ApplicationError):
    message_th = "ตำแหน่งงานนี้ปิดรับสมัครแล้ว"
    message_en = "This opening is no longer taking applications."


class AlreadyApplied(ApplicationError):
    message_th = "คุณสมัครตำแหน่งนี้ไว้แล้ว"
    message_en = "You have already applied to this opening."


def _in_language(language: str | None):
    """Translate in `language`, or in the active language when None."""
    return override(language) if language else nullcontext()


def _radii_words() -> str:
    from .models import OPENING_RADII_KM

    return gettext("%(list)s หรือ %(last)s กม.") % {"list": ", ".join(str(km) for km in OPENING_RADII_KM[:-1]),
                                                    "last": OPENING_RADII_KM[-1]}


class RadiusNotABand(EmployerError):
    """A radius outside what openings match over; the message lists the radii there are (issue 22 item 11)."""

    def user_message(self, language: str | None = None) -> str:
        with _in_language(language):
            return gettext("รัศมีต้องเป็น %(radii)s") % {"radii": _radii_words()}


class ReachChangeLimited(EmployerError):
    """An opening's radius or district changed too often today; says from when it can change again."""

    status_code = 429

    def __init__(self, *, limit: int, next_at):
        self.limit, self.next_at = limit, next_at
        super().__init__()

    def user_message(self, language: str | None = None) -> str:
        with _in_language(language):
            return gettext("เปลี่ยนรัศมีหรืออำเภอที่ทำงานของตำแหน่งนี้ได้ไม่เกิน %(limit)s ครั้งใน 24 ชั่วโมง "
                           "(เพื่อปกป้องที่อยู่ของผู้สำเร็จการฝึก) เปลี่ยนได้อีกครั้งตั้งแต่ %(when)s") % {
                "limit": self.limit, "when": format_date(self.next_at, "datetime")}
