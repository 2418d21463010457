"""Demo employers (verified repair shops across districts), their openings and discoverable graduates,
so `./run dev` shows meaningful matches. Demo shop login: shop.banphai / saphan-shop-2026. Idempotent."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from .imports import GRADUATE_COLUMNS, OPENING_COLUMNS, import_graduates, import_openings
from .models import Employer, EmployerMember, Verification

DISTRICTS = ["4001", "4010", "4005", "4013", "4018", "4007", "4016", "4002"]
SHOPS = [
    ("ร้านบ้านไผ่อีวีเซอร์วิส", "4010"), ("ขอนแก่นอีวีคอนเวอร์ชัน", "4001"), ("ชุมแพมอเตอร์ไฟฟ้า", "4005"),
    ("แวงใหญ่ยนต์การช่าง", "4013"), ("ชนบทอีวีช็อป", "4018"), ("น้ำพองไบค์แอนด์แบต", "4007"),
]
SKILL_SETS = [
    ("ev.battery.safety:2;ev.battery.test:1", "ev.bms.diagnose", "true"),
    ("ev.convert.install:1;ev.elec.wiring_diagram:1", "ev.convert.plan;ev.controller.wiring", "false"),
    ("moto.general.repair:2", "moto.brake.service;shop.customer.communicate", "false"),
    ("ev.motor.hub_replace:1;ev.controller.wiring:1", "ev.elec.measure", "false"),
]
ALL_SKILLS = ["ev.battery.safety", "ev.battery.test", "ev.bms.diagnose", "ev.convert.install", "ev.convert.plan",
              "ev.elec.wiring_diagram", "ev.controller.wiring", "moto.general.repair", "moto.brake.service",
              "ev.motor.hub_replace", "ev.elec.measure", "shop.customer.communicate", "ev.safety.hv_procedures"]
FIRST = ["สมชาย", "สมหญิง", "อนุชา", "กิตติ", "ณัฐพล", "วิภาวี", "ธนากร", "ปิยะพงษ์", "จิราพร", "อำนาจ"]
LAST = ["ศรีสุข", "แก้วมณี", "บุญมา", "ทองดี", "ใจดี", "พรหมมา"]


def _graduates_csv(rng: random.Random) -> str:
    today = timezone.localdate()
    lines = [",".join(GRADUATE_COLUMNS)]
    for n in range(40):
        skills = rng.sample(ALL_SKILLS, k=rng.randint(2, 4))
        levels = ";".join(f"{code}:{rng.randint(1, 3)}" for code in skills)
        certified = ";".join(code for code in skills if rng.random() < 0.5)
        birth = today.replace(year=today.year - rng.randint(20, 24)) - timedelta(days=rng.randint(0, 300))
        graduated = today - timedelta(days=rng.randint(5, 400))
        lines.append(",".join([
            f"DEMO-G{n:03d}", f"{rng.choice(FIRST)} {rng.choice(LAST)}", birth.isoformat(), rng.choice(DISTRICTS),
            "", "",
            str(rng.choice([10, 20, 30, 50])), levels, certified, graduated.isoformat(),
            "true" if rng.random() < 0.9 else "false", "true" if rng.random() < 0.85 else "false",
        ]))
    return "\n".join(lines) + "\n"


def _openings_csv() -> str:
    lines = [",".join(OPENING_COLUMNS)]
    for n, (shop, district) in enumerate(SHOPS):
        required, nice, hazardous = SKILL_SETS[n % len(SKILL_SETS)]
        lines.append(",".join([f"DEMO-O{n:02d}", shop, "ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", district, "", "", "50", required, nice,
                               hazardous, "400", "550", "day", "2"]))
    return "\n".join(lines) + "\n"


def load(stdout=None) -> str:
    rng = random.Random(2026)  # the same demo every time
    graduates = import_graduates(_graduates_csv(rng))
    openings = import_openings(_openings_csv())
    users = get_user_model().objects
    officer = users.filter(is_superuser=True).first() or users.filter(is_staff=True).first()
    for employer in Employer.objects.filter(name__in=[name for name, _ in SHOPS]):
        if not employer.verified_at and officer is not None:
            Verification.objects.create(employer=employer, method="visit", note="demo", verified_by=officer)
            employer.verified_at = timezone.now()
            employer.save(update_fields=["verified_at"])
    shop_user = users.filter(username="shop.banphai").first()
    if shop_user is None:
        shop_user = users.create_user(username="shop.banphai", password="saphan-shop-2026", first_name="ร้านบ้านไผ่")
    EmployerMember.objects.get_or_create(employer=Employer.objects.get(name=SHOPS[0][0]), user=shop_user,
                                         defaults={"role": "owner"})
    flows = _demo_flows(shop_user)
    return (f"{graduates.created + graduates.updated} graduates, {openings.created + openings.updated} openings, "
            f"{len(SHOPS)} shops; {flows}")


def _demo_flows(shop_user) -> str:
    """A contact request waiting for an answer, an accepted one, an application and a confirmed hire, so the
    employer and graduate pages are not empty. Uses the trainees demo (0800000001…) when it is there."""
    from decimal import Decimal

    from trainees.models import TraineeProfile

    from . import services
    from .models import Application, ContactRequest, Opening

    shop = Employer.objects.get(name=SHOPS[0][0])
    if not shop.phone:  # what a graduate who accepts sees of the shop
        shop.phone, shop.address = "0430000100", "99 ถ.มะลิวัลย์ ต.ในเมือง อ.บ้านไผ่ จ.ขอนแก่น"
        shop.save(update_fields=["phone", "address"])
    opening = Opening.objects.get(external_id="DEMO-O00")
    people = {p.user.phone: p for p in TraineeProfile.objects.filter(user__phone__in=[
        "0800000001", "0800000004", "0800000009"]).select_related("user")}
    if len(people) < 3 or ContactRequest.objects.filter(employer=shop).exists():
        return "contact/application demo already there" if people else "no demo trainees"
    waiting = services.contact_request_send(employer=shop, sent_by=shop_user, trainee=people["0800000001"],
                                            opening=opening, message="สนใจรับเข้าทำงานที่ร้านบ้านไผ่ครับ")
    accepted = services.contact_request_send(employer=shop, sent_by=shop_user, trainee=people["0800000004"],
                                             opening=opening, message="ร้านเปิดรับช่างแบตเตอรี่ 2 ตำแหน่ง")
    services.contact_request_answer(contact_request=accepted, by=people["0800000004"].user, accept=True)
    application = services.application_apply(trainee=people["0800000009"], opening=opening,
                                             message="จบหลักสูตรซ่อมรถจักรยานยนต์ไฟฟ้า พร้อมเริ่มงาน")
    placement = services.application_hire(application=application, by=shop_user, wage_thb=Decimal("450.00"),
                                          start_date=timezone.localdate() - timedelta(days=60))
    services.placement_confirm(placement=placement, by=people["0800000009"].user)
    return (f"requests {waiting.status}/{ContactRequest.objects.get(pk=accepted.pk).status}, application "
            f"{Application.objects.get(pk=application.pk).status}, placement confirmed")

