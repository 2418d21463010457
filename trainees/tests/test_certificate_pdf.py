"""The certificate as a document: Thai shaped and copyable exactly, long skills wrapped on one A4 landscape page,
the QR clear of the text, Thai and English, Buddhist Era dates for the Thai lines."""

import time
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from config.pdf import render_document
from tests.pdf_checks import (
    html_text,
    layout_problems,
    pdf_fonts,
    pdf_pages,
    pdf_text,
    save_first_page,
    squeeze,
    text_problems,
)
from trainees import graduation
from trainees.certificates import MAX_SKILLS, certificate_context, certificate_pdf
from trainees.models import Certificate, Enrollment
from trainees.tests.test_graduation import _cohort_with_learners, pass_every_skill

HOLDER = "ธนวัฒน์ ใจดี"
COURSE = "ผู้ช่วยช่างซ่อมบำรุงรถยนต์ไฟฟ้าและไฮบริด"
# Long names full of upper and lower vowels, tone marks and SARA AM (drawn as two glyphs)
SKILL_TH = "ความปลอดภัยในการทำงานกับระบบไฟฟ้าแรงดันสูงและการตรวจวินิจฉัยแบตเตอรี่ของรถยนต์ไฟฟ้า ชุดที่ {}"
SKILL_EN = "Working safely on high-voltage systems and diagnosing the traction battery of electric vehicles, unit {}"


def _certificate(skills: int) -> Certificate:
    return Certificate(
        code="SPH-TEST-0001", holder_name=HOLDER, course_title=COURSE,
        course_title_en="Electric and Hybrid Vehicle Maintenance Assistant", hours=120,
        started_on=date(2026, 9, 1), finished_on=date(2026, 11, 27), issuer="วิทยาลัยเทคนิคขอนแก่น",
        issued_on=date(2026, 12, 4),
        skills=[{"code": f"ev.safety.hv_procedures_{i}", "name_th": SKILL_TH.format(i + 1),
                 "name_en": SKILL_EN.format(i + 1), "level": 1 + i % 3} for i in range(skills)])


@pytest.mark.parametrize("skills", [3, 4, 8, MAX_SKILLS])  # 4: the most in one column
def test_certificate_text_is_what_was_put_in_on_one_clear_page(skills):
    certificate = _certificate(skills)
    context = certificate_context(certificate, base_url="https://saphan.example/")
    started = time.perf_counter()
    pdf = certificate_pdf(certificate, base_url="https://saphan.example/")
    seconds = time.perf_counter() - started
    picture = save_first_page(pdf, f"certificate-{skills}-skills")
    print(f"certificate with {skills} skills: {seconds:.2f} s, {len(pdf)} bytes, page 1 at {picture}")

    text = pdf_text(pdf)
    assert text_problems(text) == []
    assert pdf_fonts(pdf) == {"Laksaman", "Laksaman-Bold", "Kinnari", "Tlwg-Typo"}  # the TLWG Thai fonts, no fallback
    # every character of the page, in order: nothing lost, doubled or swapped (line breaks are the layout's)
    assert squeeze(text) == squeeze(html_text(render_to_string("trainees/certificate_pdf.html", context)))
    for exact in (HOLDER, COURSE, "1 กันยายน 2569 – 27 พฤศจิกายน 2569", "ออกให้ ณ วันที่ 4 ธันวาคม 2569",
                  "1 September 2026 – 27 November 2026", "Issued 4 December 2026", "ระดับชำนาญ",
                  "saphan.example/verify/\r\nSPH-TEST-0001"):
        assert exact in text, exact
    for i in range(skills):
        assert squeeze(SKILL_TH.format(i + 1)) in squeeze(text) and squeeze(SKILL_EN.format(i + 1)) in squeeze(text)
    assert "ev.safety" not in text and "hv_procedures" not in text  # internal codes stay internal

    assert pdf_pages(pdf) == 1
    document = render_document("trainees/certificate_pdf.html", context)
    page = document.pages[0]
    assert (round(page.width * 25.4 / 96), round(page.height * 25.4 / 96)) == (297, 210)  # A4 landscape
    assert layout_problems(document, image_role="qr") == []
    assert seconds < 10


def test_more_skills_than_fit_are_counted_not_crammed():
    pdf = certificate_pdf(_certificate(MAX_SKILLS + 3), base_url="https://saphan.example/")
    text = pdf_text(pdf)
    assert pdf_pages(pdf) == 1 and "และอีก 3 ทักษะ" in text and "and 3 more on the verification page" in text
    assert squeeze(SKILL_TH.format(MAX_SKILLS)) in squeeze(text)
    assert squeeze(SKILL_TH.format(MAX_SKILLS + 1)) not in squeeze(text)


@pytest.fixture
def staff():
    return get_user_model().objects.create_superuser(username="officer", password="x" * 12)


@pytest.mark.django_db
def test_downloaded_certificate_names_the_holder_and_the_issuer_in_both_languages(client, staff):
    cohort, (good,), _ = _cohort_with_learners(n=1)
    provider = cohort.course.provider
    provider.name_en = "Khon Kaen Technical College"
    provider.save()
    session = graduation.session_add(cohort=cohort, on=cohort.start_date)
    graduation.attendance_mark(session=session, present_ids={good.pk}, by=staff)
    pass_every_skill(good, staff)
    graduation.cohort_graduate(cohort=cohort, by=staff)
    certificate = Enrollment.objects.get(pk=good.pk).certificate

    client.force_login(good.trainee.user)
    response = client.get(f"/me/certificates/{certificate.code}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    save_first_page(response.content, "certificate-downloaded")
    assert text_problems(text) == []
    assert certificate.holder_name in text and certificate.issuer in text and "Khon Kaen Technical College" in text
    assert f"testserver/verify/{certificate.code}" in squeeze(text)
    for skill in certificate.skills:
        assert squeeze(skill["name_th"]) in squeeze(text) and skill["code"] not in text

    graduation.certificate_revoke(certificate=certificate, reason="ออกผิดคน", by=staff)
    assert "ถูกเพิกถอน · REVOKED" in pdf_text(client.get(f"/me/certificates/{certificate.code}.pdf").content)
