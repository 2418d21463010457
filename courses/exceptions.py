"""Business-rule errors of the courses app (mapped to Thai/English messages at the edge)."""

from config.errors import SaphanError


class ImportRejected(SaphanError):
    """A course CSV has invalid rows and nothing was imported."""

    message_th = "ไฟล์มีแถวที่ไม่ถูกต้อง จึงยังไม่ได้นำเข้าข้อมูลใด ๆ"
    message_en = "The file has invalid rows, so nothing was imported."
