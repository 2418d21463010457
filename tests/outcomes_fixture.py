"""A known population for outcome reports, built directly with the ORM (dates relative to today).

Course A (attendance rule 80 %), cohort C1 in Mueang (4001), sponsored by EEF, started 300 days ago, 10 sessions:
  t1–t6 completed (attended 9/10), t7 not completed (5/10), t8 confirmed (8/10: exactly the threshold),
  t9 waitlisted, t10 withdrawn. Valid certificates t1–t5; t6's certificate is revoked.
Course B, cohort C2 in Ban Phai (4010), no sponsor, started 100 days ago, no sessions: t11, t12 completed.
Jobs (start relative to today, wage): t1 −250 d 400/day; t2 −250 d 420/day ended after 100 d; t3 −250 d
10,400/month (=400/day) ended after 30 d; t4 −120 d 13,000/month (=500/day); t5 −30 d 380/day;
t6 a job that started before the cohort (not counted); t7 −200 d 357/day; t11 −60 d 9,100/month (=350/day).
Referrals: partner P1 referred t1–t6 and two youth who never signed up; partner P2 referred t7 and t1.

Expected (no filter): referred 9, applied 12, enrolled 10, attended 7, completed 8, certified 5, placed 7;
retention 3 m 4/5, 6 m 2/4; median daily wage 400.00; median days from graduation to a job 20.
"""

import datetime as dt
import secrets
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.models import Cohort, District
from employers.models import Employer, Placement
from partners.models import Partner, PartnerMembership, Referral
from tests.factories import SponsorFactory, make_course, reference_data
from trainees.models import Attendance, Certificate, CohortSession, Enrollment, TraineeProfile


def trainee(phone: str, name: str, district="4001") -> TraineeProfile:
    user = get_user_model().objects.create_user(username=phone, phone=phone, password="x-Secret-123")
    return TraineeProfile.objects.create(user=user, full_name=name, birth_date=dt.date(2006, 1, 1),
                                         district=District.objects.get(code=district))


def officer(partner: Partner, username: str, email: str = "") -> object:
    user = get_user_model().objects.create_user(username=username, password="pw-Secret-1", email=email)
    PartnerMembership.objects.create(partner=partner, user=user)
    return user


def refer(partner, name, phone, t=None) -> Referral:
    return Referral.objects.create(partner=partner, full_name=name, phone=phone, consent_by="self",
                                   consent_at=timezone.now(), token=secrets.token_urlsafe(16)[:22], trainee=t)


def build() -> SimpleNamespace:
    reference_data()
    today = timezone.localdate()
    d = lambda n: today - dt.timedelta(days=n)  # noqa: E731
    course_a = make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", completion_min_attendance_pct=80)
    course_b = make_course(title="ช่างติดตั้งโซลาร์เซลล์", title_en="Solar installer", district="4010")
    eef = SponsorFactory()
    c1 = Cohort.objects.create(course=course_a, code="EV-C1", start_date=d(300), end_date=d(270),
                               district_id="4001", seats=20, fee_thb=Decimal("4500.00"),
                               sponsor_share_thb=Decimal("4500.00"), sponsor=eef, status=Cohort.Status.FINISHED)
    c2 = Cohort.objects.create(course=course_b, code="SOL-C2", start_date=d(100), end_date=d(70),
                               district_id="4010", seats=20, status=Cohort.Status.FINISHED)
    sessions = [CohortSession.objects.create(cohort=c1, date=d(300 - i)) for i in range(10)]
    ts = {i: trainee(f"08155500{i:02d}", f"เยาวชน {i}") for i in range(1, 13)}
    statuses = {1: "completed", 2: "completed", 3: "completed", 4: "completed", 5: "completed", 6: "completed",
                7: "not_completed", 8: "confirmed", 9: "waitlisted", 10: "withdrawn"}
    present = {1: 9, 2: 9, 3: 9, 4: 9, 5: 9, 6: 9, 7: 5, 8: 8}
    enrolments = {}
    for i, status in statuses.items():
        e = Enrollment.objects.create(trainee=ts[i], cohort=c1, status=status)
        enrolments[i] = e
        for j, s in enumerate(sessions):
            if i in present:
                Attendance.objects.create(session=s, enrollment=e, present=j < present[i])
    for i in (11, 12):
        enrolments[i] = Enrollment.objects.create(trainee=ts[i], cohort=c2, status="completed")
    for i in range(1, 7):
        Certificate.objects.create(trainee=ts[i], enrollment=enrolments[i], holder_name=ts[i].full_name,
                                   course_title=course_a.title, issuer="ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5",
                                   issued_on=c1.end_date, started_on=c1.start_date, finished_on=c1.end_date,
                                   revoked_at=timezone.now() if i == 6 else None)
    shop = Employer.objects.create(name="ร้านซ่อมบ้านไผ่", district_id="4010")
    city = Employer.objects.create(name="ศูนย์อีวีขอนแก่น", district_id="4001")
    jobs = {1: (shop, d(250), "400", "day", None), 2: (shop, d(250), "420", "day", d(150)),
            3: (city, d(250), "10400", "month", d(220)), 4: (city, d(120), "13000", "month", None),
            5: (shop, d(30), "380", "day", None), 6: (city, d(400), "450", "day", None),
            7: (city, d(200), "357", "day", None), 11: (shop, d(60), "9100", "month", None)}
    placements = {i: Placement.objects.create(trainee=ts[i], employer=emp, start_date=start, wage_thb=Decimal(w),
                                              wage_unit=unit, ended_on=ended)
                  for i, (emp, start, w, unit, ended) in jobs.items()}
    p1 = Partner.objects.create(name="โรงเรียนบ้านไผ่", kind=Partner.Kind.SCHOOL)
    p2 = Partner.objects.create(name="อบต.ในเมือง", kind=Partner.Kind.LOCAL_ADMIN)
    refs = {i: refer(p1, ts[i].full_name, ts[i].user.phone, ts[i]) for i in range(1, 7)}
    unlinked = [refer(p1, "ยังไม่สมัคร 1", "0861111111"), refer(p1, "ยังไม่สมัคร 2", "0862222222")]
    r7 = refer(p2, ts[7].full_name, ts[7].user.phone, ts[7])
    r1b = refer(p2, ts[1].full_name, ts[1].user.phone, ts[1])
    return SimpleNamespace(today=today, course_a=course_a, course_b=course_b, c1=c1, c2=c2, eef=eef, trainees=ts,
                           enrolments=enrolments, placements=placements, p1=p1, p2=p2, refs=refs, unlinked=unlinked,
                           r7=r7, r1b=r1b, shop=shop, city=city)
