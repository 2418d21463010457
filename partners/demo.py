"""Demo data of the partners app, run by `manage.py seed_demo` after the catalogue's. Idempotent.

Seeds the provincial grant with the three per-head schemes of a real report, whose stated total is 875,000 THB
above what the per-head figures give, so the ledger page shows the gap; plus a few disbursements.
Then an outcomes population so the dashboard (/cms/outcomes/) and /impact/ mean something: three partners with
officer logins (partner.banphai / saphan-partner-2026 …), a programme officer (programme.officer /
saphan-programme-2026), four past cohorts of the demo courses with attendance, certificates, jobs, surveys and
referrals spread over the last year, plus referrals still waiting for the youth to sign up."""

import datetime as dt
import random
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from .models import Disbursement, Grant, Partner, PartnerMembership, PlacementSurvey, Referral
from .services import add_months, disbursement_record, grant_create, scheme_create

TITLE = "ทุนเยาวชนนอกระบบ จังหวัดขอนแก่น 2569"
SCHEMES = [("เด็กเล็ก 800 บาท/คน", 800, 1872, False), ("เยาวชนนอกระบบ 4,000 บาท/คน", 4000, 178, True),
           ("ช่วยเหลือฉุกเฉิน 600 บาท/คน", 600, 1580, False)]


def load(stdout=None) -> str:
    grant = Grant.objects.filter(title=TITLE).first()
    if grant is None:
        grant = grant_create(sponsor_name="กสศ. และจังหวัดขอนแก่น", title=TITLE, amount="11204470",
                             period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
                             purpose="พาเยาวชนนอกระบบกลับสู่การเรียนรู้และงาน", reported_total="4032600",
                             staff_group=Group.objects.get_or_create(name=PROGRAMME_GROUP)[0])
        for name, per_head, n, oos in SCHEMES:
            scheme_create(grant=grant, name=name, per_head_amount=per_head, stated_recipients=n,
                          allocated=Decimal(per_head * n), requires_out_of_school=oos)
        emergency = grant.schemes.get(name=SCHEMES[2][0])
        for i in range(12):
            disbursement_record(scheme=emergency, recipient_name=f"ผู้รับทุนสาธิต {i + 1}",
                                promptpay_id=f"08{i:08d}", amount="600",
                                paid_on=dt.date(2026, 2, 1) + dt.timedelta(days=7 * i),
                                reference=f"DEMO-EA-{i + 1:03d}")
    n = Disbursement.objects.filter(scheme__grant=grant).count()
    outcomes = load_outcomes()
    return (f"grant {grant.pk} with {grant.schemes.count()} schemes, {n} disbursements "
            f"(/partners/ledger/{grant.pk}/); {outcomes}")


PARTNERS = [("กศน.อำเภอบ้านไผ่", Partner.Kind.GOVERNMENT, "partner.banphai"),
            ("โรงเรียนชุมแพศึกษา", Partner.Kind.SCHOOL, "partner.chumphae"),
            ("อบต.ท่าพระ", Partner.Kind.LOCAL_ADMIN, "partner.thapra")]
PROGRAMME_GROUP = "ผู้ดูแลโครงการ / Programme officers"
# (code, days ago the cohort started, district, youth)
COHORTS = [("DEMO-OUT-1", 360, "4001", 22), ("DEMO-OUT-2", 270, "4010", 18), ("DEMO-OUT-3", 180, "4005", 20),
           ("DEMO-OUT-4", 100, "4001", 16)]
FIRST = ["ต้น", "ฟ้า", "บอส", "แนน", "เจได", "มุก", "ภูมิ", "ใบเตย", "กัน", "น้ำ", "ปอนด์", "ขวัญ"]
LAST = ["ศรีสุข", "แก้วมณี", "บุญมา", "ทองดี", "ใจดี", "พรหมมา", "สายสุด", "คำภา"]


def _users_and_partners() -> list[Partner]:
    users = get_user_model().objects
    partners = []
    for name, kind, username in PARTNERS:
        partner, _ = Partner.objects.get_or_create(name=name, defaults={"kind": kind})
        user = users.filter(username=username).first()
        if user is None:
            user = users.create_user(username=username, password="saphan-partner-2026",
                                     email=f"{username}@saphan.local")
        PartnerMembership.objects.get_or_create(user=user, defaults={"partner": partner})
        partners.append(partner)
    group, _ = Group.objects.get_or_create(name=PROGRAMME_GROUP)
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_outcome_reports"]))
    officer = users.filter(username="programme.officer").first()
    if officer is None:
        officer = users.create_user(username="programme.officer", password="saphan-programme-2026", is_staff=True)
    officer.groups.add(group)
    return partners


def _demo_employers() -> list:
    """Up to six existing shops to place youth with (three demo shops when there are none)."""
    from employers.models import Employer

    employers = list(Employer.objects.order_by("pk")[:6])
    if not employers:
        employers = [Employer.objects.create(name=n, district_id=d) for n, d in
                     [("ร้านบ้านไผ่อีวีเซอร์วิส (สาธิต)", "4010"), ("ขอนแก่นอีวีคอนเวอร์ชัน (สาธิต)", "4001"),
                      ("ชุมแพมอเตอร์ไฟฟ้า (สาธิต)", "4005")]]
    return employers


def _past_cohort(course, code: str, start: dt.date, district: str):
    """A finished 30-day cohort of `course` (sponsored like the course's sponsored cohort, if any) with 12 sessions."""
    from courses.models import Cohort
    from trainees.models import CohortSession

    sponsored = course.cohorts.exclude(sponsor=None).first()
    cohort = Cohort.objects.create(course=course, code=code, start_date=start, end_date=start + dt.timedelta(days=30),
                                   district_id=district, seats=25, status=Cohort.Status.FINISHED,
                                   fee_thb=Decimal("4500.00"), sponsor_share_thb=Decimal("4500.00"),
                                   sponsor=sponsored.sponsor if sponsored else None)
    sessions = [CohortSession.objects.create(cohort=cohort, date=start + dt.timedelta(days=2 * i),
                                             topic=f"บทที่ {i + 1}") for i in range(12)]
    return cohort, sessions


def _demo_youth(phone: str, name: str, district: str, today: dt.date, rng: random.Random):
    """A youth aged 16–23 with a login (their phone number), living in the cohort's district or Mueang."""
    from courses.models import District
    from trainees.models import TraineeProfile

    user = get_user_model().objects.create_user(username=phone, phone=phone, password=secrets.token_urlsafe(12))
    return TraineeProfile.objects.create(
        user=user, full_name=name, district=District.objects.get(code=rng.choice([district, district, "4012"])),
        birth_date=today.replace(year=today.year - rng.randint(16, 23)) - dt.timedelta(days=rng.randint(0, 300)))


def _demo_enrolment(youth, cohort, sessions: list, rng: random.Random):
    """Enrolment (applied 5–25 days before the start) that ended completed, not completed or withdrawn, with its
    attendance; returns it and the sessions attended (None when withdrawn)."""
    from trainees.models import Attendance, Enrollment

    roll = rng.random()
    status = ("withdrawn" if roll < 0.08 else "not_completed" if roll < 0.2 else "completed")
    enrolment = Enrollment.objects.create(trainee=youth, cohort=cohort, status=status)
    Enrollment.objects.filter(pk=enrolment.pk).update(
        created_at=timezone.make_aware(dt.datetime.combine(cohort.start_date - dt.timedelta(days=rng.randint(5, 25)),
                                                           dt.time(10))))
    if status == "withdrawn":
        return enrolment, None
    attended = rng.randint(11, 12) if status == "completed" else rng.randint(4, 9)
    Attendance.objects.bulk_create([Attendance(session=s, enrollment=enrolment, present=i < attended)
                                    for i, s in enumerate(sessions)])
    return enrolment, attended


def _demo_certificate(youth, enrolment, cohort) -> None:
    from trainees.models import Certificate

    course = cohort.course
    Certificate.objects.create(trainee=youth, enrollment=enrolment, holder_name=youth.full_name,
                               course_title=course.title, course_title_en=course.title_en,
                               hours=course.hours, issuer="สะพานอาชีพ (สาธิต)", issued_on=cohort.end_date,
                               started_on=cohort.start_date, finished_on=cohort.end_date)


def _demo_job(youth, cohort, employers: list, today: dt.date, rng: random.Random) -> None:
    """A job 3–45 days after the course (if that is not in the future): a day or monthly wage, a quarter of the
    older ones ended, with the 3- and 6-month surveys that fell due while it lasted answered "still working"."""
    from employers.models import Placement

    job_start = cohort.end_date + dt.timedelta(days=rng.randint(3, 45))
    if job_start > today:
        return
    monthly = rng.random() < 0.4
    ended = None
    if rng.random() < 0.25 and (today - job_start).days > 60:
        ended = job_start + dt.timedelta(days=rng.randint(30, (today - job_start).days))
    placement = Placement.objects.create(
        trainee=youth, employer=rng.choice(employers), start_date=job_start,
        wage_unit="month" if monthly else "day", ended_on=ended,
        wage_thb=Decimal(rng.randrange(9000, 13500, 250) if monthly else rng.randrange(350, 520, 10)))
    for months in (3, 6):
        due = add_months(job_start, months)
        if due <= today and (ended is None or ended >= due):
            PlacementSurvey.objects.create(
                placement=placement, months=months, token=secrets.token_urlsafe(16)[:22],
                sent_at=timezone.make_aware(dt.datetime.combine(due, dt.time(10))),
                answered_at=timezone.make_aware(dt.datetime.combine(due, dt.time(18))),
                still_working=True)


def _demo_referral(youth, phone: str, cohort, partners: list, rng: random.Random) -> None:
    """A partner's referral of the youth 20–40 days before the cohort, contacted and confirmed by the youth."""
    referral = Referral.objects.create(
        partner=rng.choice(partners), full_name=youth.full_name, phone=phone,
        consent_by=rng.choice(["self", "guardian"]), consent_at=timezone.now(), token=secrets.token_urlsafe(16)[:22],
        trainee=youth, confirmed_at=timezone.now())  # demo youth confirmed their referral on /me/referrals/
    referred = timezone.make_aware(dt.datetime.combine(cohort.start_date - dt.timedelta(days=rng.randint(20, 40)),
                                                       dt.time(9)))
    Referral.objects.filter(pk=referral.pk).update(created_at=referred, consent_at=referred,
                                                    contacted_at=referred + dt.timedelta(minutes=1),
                                                    confirmed_at=referred + dt.timedelta(days=2))


def _waiting_referrals(partners: list, rng: random.Random) -> None:
    """Referred youth who have not signed up yet (some stuck for weeks)."""
    for i in range(14):
        phone = f"0896{i:06d}"
        referral = Referral.objects.create(partner=partners[i % len(partners)], phone=phone, consent_by="self",
                                           full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                                           consent_at=timezone.now(), token=secrets.token_urlsafe(16)[:22])
        when = timezone.now() - dt.timedelta(days=rng.randint(1, 60))
        Referral.objects.filter(pk=referral.pk).update(created_at=when, consent_at=when,
                                                        contacted_at=when if i % 3 else None)


@transaction.atomic
def load_outcomes() -> str:
    from courses.models import Cohort, CoursePage
    from trainees.models import Enrollment

    partners = _users_and_partners()
    if Cohort.objects.filter(code=COHORTS[0][0]).exists():
        enrolments = Enrollment.objects.filter(cohort__code__startswith="DEMO-OUT").count()
        return f"outcomes demo already loaded ({enrolments} enrolments; /cms/outcomes/, /impact/)"
    courses = list(CoursePage.objects.live().order_by("path")[:2])
    if not courses:
        return "outcomes demo skipped: no courses (run the courses demo first)"
    rng = random.Random(7)
    today = timezone.localdate()
    employers = _demo_employers()
    n = 0
    for k, (code, ago, district, size) in enumerate(COHORTS):
        course = courses[k % len(courses)]
        cohort, sessions = _past_cohort(course, code, today - dt.timedelta(days=ago), district)
        pct = course.completion_min_attendance_pct or 80
        for _ in range(size):
            n += 1
            phone = f"0897{n:06d}"
            youth = _demo_youth(phone, f"{rng.choice(FIRST)} {rng.choice(LAST)}", district, today, rng)
            enrolment, attended = _demo_enrolment(youth, cohort, sessions, rng)
            completed = enrolment.status == "completed"
            if completed and attended * 100 >= pct * len(sessions) and rng.random() < 0.9:
                _demo_certificate(youth, enrolment, cohort)
            if completed and rng.random() < 0.7:
                _demo_job(youth, cohort, employers, today, rng)
            if rng.random() < 0.75:
                _demo_referral(youth, phone, cohort, partners, rng)
    _waiting_referrals(partners, rng)
    return (f"outcomes demo: {n} youth in {len(COHORTS)} past cohorts, {len(PARTNERS)} partners "
            "(/cms/outcomes/, /impact/)")
