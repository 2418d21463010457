"""What a certificate looks like outside the database: a Thai PDF with a QR to /verify/<code>, and an
Open Badges 3.0 credential (JSON) for wallets and job sites. Pure rendering; issuing is in graduation.py."""

import hashlib
import io

import segno
from django.urls import reverse
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from payments.documents import thai_font

from .models import Certificate

OB3_CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
LEVEL_TH = {1: "พื้นฐาน", 2: "ปฏิบัติได้", 3: "ชำนาญ"}


def _thai_date(d) -> str:
    months = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
    return f"{d.day} {months[d.month - 1]} {d.year + 543}" if d else "-"


def verify_url(certificate: Certificate, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("trainees:verify", args=[certificate.code])


def certificate_pdf(certificate: Certificate, *, base_url: str) -> bytes:
    font = thai_font()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Certificate {certificate.code}")
    pdf.setStrokeColorRGB(0.1, 0.35, 0.6)
    pdf.setLineWidth(4)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setFont(font, 16)
    pdf.drawCentredString(width / 2, height - 80, certificate.issuer)
    pdf.setFont(font, 30)
    pdf.drawCentredString(width / 2, height - 125, "ใบรับรองการผ่านการฝึกอบรม")
    pdf.setFont(font, 14)
    pdf.drawCentredString(width / 2, height - 148, "Certificate of Training Completion")
    pdf.setFont(font, 14)
    pdf.drawCentredString(width / 2, height - 185, "มอบให้ไว้เพื่อแสดงว่า / This certifies that")
    pdf.setFont(font, 26)
    pdf.drawCentredString(width / 2, height - 220, certificate.holder_name or "-")
    pdf.setFont(font, 14)
    pdf.drawCentredString(width / 2, height - 250, f"ได้ผ่านการฝึกอบรมหลักสูตร {certificate.course_title}")
    if certificate.course_title_en:
        pdf.drawCentredString(width / 2, height - 270, f"has completed {certificate.course_title_en}")
    pdf.drawCentredString(width / 2, height - 292, f"จำนวน {certificate.hours} ชั่วโมง / {certificate.hours} hours · "
                          f"{_thai_date(certificate.started_on)} – {_thai_date(certificate.finished_on)}")
    y = height - 325
    pdf.setFont(font, 12)
    pdf.drawString(70, y, "ทักษะที่ได้รับ / Skills:")
    for skill in certificate.skills[:8]:
        y -= 17
        pdf.drawString(90, y, f"• {skill['name_th']} ({skill['code']}) — ระดับ {skill['level']} "
                               f"{LEVEL_TH.get(skill['level'], '')} / {skill.get('name_en', '')}")
    pdf.drawString(70, 60, f"ออกให้ ณ วันที่ {_thai_date(certificate.issued_on)} · เลขที่ {certificate.code}")
    url = verify_url(certificate, base_url)
    pdf.setFont(font, 9)
    pdf.drawRightString(width - 60, 48, url)
    qr = io.BytesIO()
    segno.make(url, error="m").save(qr, kind="png", scale=4, border=1)
    qr.seek(0)
    pdf.drawImage(ImageReader(qr), width - 180, 60, width=120, height=120)
    pdf.drawCentredString(width - 120, 184, "สแกนเพื่อตรวจสอบ / scan to verify")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def open_badge(certificate: Certificate, *, base_url: str) -> dict:
    """An unsigned OpenBadgeCredential (OB 3.0 / VC 2.0). Its id is the public verification URL, which stays the
    authority on validity; the holder is identified by a salted hash of their name, never in clear."""
    base = base_url.rstrip("/")
    url = verify_url(certificate, base)
    salt = certificate.code
    name_hash = hashlib.sha256(f"{certificate.holder_name}{salt}".encode()).hexdigest()
    issuer_slug = hashlib.sha256(certificate.issuer.encode()).hexdigest()[:12]
    credential = {
        "@context": OB3_CONTEXT,
        "id": url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": f"{base}/issuers/{issuer_slug}", "type": ["Profile"], "name": certificate.issuer},
        "validFrom": f"{certificate.issued_on.isoformat()}T00:00:00+07:00",
        "name": certificate.course_title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": True,
                            "identityHash": f"sha256${name_hash}", "salt": salt}],
            "achievement": {
                "id": f"{url}#achievement",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.course_title,
                "description": f"{certificate.course_title_en or certificate.course_title}: {certificate.hours} hours",
                "criteria": {"narrative": "Attendance at or above the course threshold and every assessed skill passed."},
                "inLanguage": "th",
                "tag": [s["code"] for s in certificate.skills],
                "alignment": [{"type": ["Alignment"], "targetName": s.get("name_en") or s["name_th"],
                               "targetCode": s["code"], "targetType": "Skill",
                               "targetDescription": f"{s['name_th']} (level {s['level']})",
                               "targetUrl": f"{url}#skill-{s['code']}"} for s in certificate.skills],
            },
        },
    }
    if certificate.revoked_at:
        credential["validUntil"] = certificate.revoked_at.isoformat()
        credential["description"] = f"Revoked: {certificate.revoked_reason}"
    return credential
