from django.utils.translation import gettext_lazy

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
