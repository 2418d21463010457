"""What a certificate looks like outside the database: a Thai PDF with a QR to /verify/<code>, and an
Open Badges 3.0 credential (JSON) for wallets and job sites. Pure rendering; issuing is in graduation.py."""

import hashlib
import hmac

from django.conf import settings
from django.urls import reverse

from config.dates import format_date
from config.i18n import both_languages
from config.pdf import qr_data_uri, render_pdf
from courses.models import SKILL_LEVELS

from .models import Certificate

OB3_CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
def level_names(value) -> tuple[str, str]:
    """(Thai, English) name of a skill level for the bilingual certificate: "1 พื้นฐาน" → ("พื้นฐาน", "basic")."""
    label = dict(SKILL_LEVELS).get(value)
    if label is None:
        return "", ""
    return tuple(both_languages(label, lambda text: text.split(" ", 1)[-1]))
# What fits on the one page, however long the names; the rest are named on the verification page.
MAX_SKILLS = 12


def verify_url(certificate: Certificate, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("trainees:verify", args=[certificate.code])


def _issuer_en(certificate: Certificate) -> str:
    """The provider's English name, when the certificate still leads to it (the Thai name is the snapshot)."""
    enrollment = certificate.enrollment
    provider = enrollment.cohort.course.provider if enrollment else None
    return provider.name_en if provider and provider.name_th == certificate.issuer else ""


def certificate_context(certificate: Certificate, *, base_url: str) -> dict:
    """What the certificate shows, Thai first then English: skills by name and level (never internal codes),
    dates in the Buddhist Era for the Thai lines and CE for the English ones."""
    url = verify_url(certificate, base_url)
    skills = []
    for skill in certificate.skills:
        level_th, level_en = level_names(skill.get("level"))
        skills.append({"name_th": skill.get("name_th") or skill.get("name_en") or "",
                       "name_en": skill.get("name_en", ""),
                       "level": skill.get("level"), "level_th": level_th, "level_en": level_en})
    period = {
        lang: " – ".join(format_date(d, "long", lang) for d in (certificate.started_on, certificate.finished_on) if d)
        for lang in ("th", "en")
    }
    return {
        "certificate": certificate, "issuer_en": _issuer_en(certificate),
        "skills": skills[:MAX_SKILLS], "more_skills": max(len(skills) - MAX_SKILLS, 0),
        "period_th": period["th"], "period_en": period["en"],
        "issued_th": format_date(certificate.issued_on, "long", "th"),
        "issued_en": format_date(certificate.issued_on, "long", "en"),
        "verify_url": url, "qr": qr_data_uri(url),
        # printed on two lines, broken after the last "/" (never inside the code)
        "verify_url_lines": url.split("://", 1)[-1].rsplit("/", 1),
    }


def certificate_pdf(certificate: Certificate, *, base_url: str) -> bytes:
    """One A4 landscape page (see site/templates/trainees/certificate_pdf.html)."""
    return render_pdf("trainees/certificate_pdf.html", certificate_context(certificate, base_url=base_url))


def holder_hash(certificate: Certificate, name: str | None = None) -> str:
    """Keyed hash (HMAC-SHA256, key SAPHAN_BADGE_HASH_KEY) of a holder's name on one certificate. The old
    `sha256(name + public code)` let anyone with a list of Thai names recover the holder; without the key nobody
    can test a guess offline, and the only way to check a name is /verify/'s rate-limited form."""
    typed = " ".join((certificate.holder_name if name is None else name or "").split())
    key = settings.SAPHAN_BADGE_HASH_KEY.encode()
    return hmac.new(key, f"badge-holder:{certificate.code}:{typed}".encode(), hashlib.sha256).hexdigest()


def open_badge(certificate: Certificate, *, base_url: str) -> dict:
    """An unsigned OpenBadgeCredential (OB 3.0 / VC 2.0). Its id is the public verification URL, which stays the
    authority on validity; the holder is identified by a keyed hash of their name (`holder_hash`), never in
    clear and not reproducible from anything public: a verifier confirms a name they already have at /verify/."""
    base = base_url.rstrip("/")
    url = verify_url(certificate, base)
    name_hash = holder_hash(certificate)
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
                            "identityHash": f"hmac-sha256${name_hash}"}],
            "achievement": {
                "id": f"{url}#achievement",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.course_title,
                "description": f"{certificate.course_title_en or certificate.course_title}: {certificate.hours} hours",
                "criteria": {
                    "narrative": "Attendance at or above the course threshold and every assessed skill passed.",
                },
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
