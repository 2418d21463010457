from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from config.dates import format_date
from config.errors import NotAllowed, SaphanError


class EmployerError(SaphanError):
    message = gettext_lazy("ข้อมูลนายจ้างหรือตำแหน่งงานไม่ถูกต้อง")


class WageBelowMinimum(EmployerError):
    message = gettext_lazy("ค่าจ้างต่ำกว่าค่าแรงขั้นต่ำจังหวัดขอนแก่น (357 บาท/วัน)")


class DiscriminatoryRequirement(EmployerError):
    message = gettext_lazy("ประกาศงานต้องไม่กำหนดเพศ ศาสนา หรือสถานภาพสมรส")


class NotVerified(NotAllowed):
    message = gettext_lazy("นายจ้างต้องได้รับการยืนยันตัวตนก่อนจึงจะค้นหาผู้สำเร็จการฝึกได้")


class NotMember(NotAllowed):
    message = gettext_lazy("คุณไม่ได้เป็นสมาชิกของร้านนี้")


class NotDiscoverable(EmployerError):
    message = gettext_lazy("ผู้สำเร็จการฝึกคนนี้ไม่ได้เปิดให้นายจ้างติดต่อ")


class ContactRequestError(EmployerError):
    message = gettext_lazy("ไม่สามารถดำเนินการกับคำขอติดต่อนี้ได้")


class DuplicateContactRequest(ContactRequestError):
    message = gettext_lazy("ร้านของคุณส่งคำขอติดต่อผู้สำเร็จการฝึกคนนี้ไว้แล้ว กำลังรอคำตอบ จึงส่งซ้ำไม่ได้")


class ApplicationError(EmployerError):
    message = gettext_lazy("ไม่สามารถดำเนินการกับใบสมัครนี้ได้")


class OpeningNotOpen(ApplicationError):
    message = gettext_lazy("ตำแหน่งงานนี้ปิดรับสมัครแล้ว")


class AlreadyApplied(ApplicationError):
    message = gettext_lazy("คุณสมัครตำแหน่งนี้ไว้แล้ว")


def _radii_words() -> str:
    from .models import OPENING_RADII_KM

    return gettext("%(list)s หรือ %(last)s กม.") % {"list": ", ".join(str(km) for km in OPENING_RADII_KM[:-1]),
                                                    "last": OPENING_RADII_KM[-1]}


def _radius_not_a_band() -> str:
    return gettext("รัศมีต้องเป็น %(radii)s") % {"radii": _radii_words()}


class RadiusNotABand(EmployerError):
    """A radius outside what openings match over; the message lists the radii there are (issue 22 item 11)."""

    def __init__(self, **context):
        super().__init__(lazy(_radius_not_a_band, str)(), **context)  # rendered in the language it is shown in


class ReachChangeLimited(EmployerError):
    """An opening's radius or district changed too often today; says from when it can change again."""

    status_code = 429
    message = gettext_lazy("เปลี่ยนรัศมีหรืออำเภอที่ทำงานของตำแหน่งนี้บ่อยเกินไป กรุณาลองใหม่ภายหลัง")

    def __init__(self, *, limit: int | None = None, next_at=None):
        self.limit, self.next_at = limit, next_at
        if limit is None or next_at is None:
            super().__init__()
            return

        def render() -> str:
            return gettext("เปลี่ยนรัศมีหรืออำเภอที่ทำงานของตำแหน่งนี้ได้ไม่เกิน %(limit)s ครั้งใน 24 ชั่วโมง "
                           "(เพื่อปกป้องที่อยู่ของผู้สำเร็จการฝึก) เปลี่ยนได้อีกครั้งตั้งแต่ %(when)s") % {
                "limit": limit, "when": format_date(next_at, "datetime")}

        super().__init__(lazy(render, str)())
