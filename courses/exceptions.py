"""Business-rule errors of the courses app (mapped to Thai/English messages at the edge)."""

from django.utils.translation import gettext_lazy

from config.errors import SaphanError


class ImportRejected(SaphanError):
    """A course CSV has invalid rows and nothing was imported."""

    message = gettext_lazy("ไฟล์มีแถวที่ไม่ถูกต้อง จึงยังไม่ได้นำเข้าข้อมูลใด ๆ")
