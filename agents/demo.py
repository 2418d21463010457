"""Demo data for the agent programme, run by `manage.py seed_demo` after partners. Idempotent.

The revolving fund with 200,000 THB of capital from the motorcycle company (payee `isan-ev-motors`), the tools
checklist, two approved agents (demo graduates 080-000-0001 and 080-000-0002) with a loan each and a few
conversions, and one suspended agent (080-000-0004). Fund committee: `fund.committee1` / `fund.committee2`,
password saphan-fund-2026 (staff, at /cms/agents/)."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from trainees.models import Certificate

from . import services
from .models import Agent, Conversion, Fund, ToolItem

FUND_NAME = "กองทุนหมุนเวียนตัวแทนแปลงรถจักรยานยนต์ไฟฟ้า ขอนแก่น"
TOOLS = [
    ("lift", "แท่นยกรถจักรยานยนต์", "Motorcycle lift", True),
    ("insulated-tools", "ชุดเครื่องมือหุ้มฉนวนสำหรับงานไฟฟ้าแรงดันสูง", "Insulated high-voltage tool set", True),
    ("multimeter", "มัลติมิเตอร์และแคลมป์มิเตอร์", "Multimeter and clamp meter", True),
    ("battery-area", "พื้นที่เก็บ/ชาร์จแบตเตอรี่ที่มีอากาศถ่ายเทและถังดับเพลิง",
     "Ventilated battery storage/charging area with extinguisher", True),
    ("workspace", "พื้นที่ซ่อมอย่างน้อย 3×4 เมตร มีหลังคา", "Covered work area of at least 3×4 m", True),
    ("diagnostic", "เครื่องอ่านค่าคอนโทรลเลอร์", "Controller diagnostic tool", False),
]
SHOPS = [  # phone of the demo graduate, shop, district, services, final status
    ("0800000001", "บ้านไผ่อีวีคอนเวอร์ชัน", "4010", ["conversion", "repair", "battery"], "approved"),
    ("0800000002", "ช่างกมลแปลงไฟ ในเมือง", "4001", ["conversion", "repair"], "approved"),
    ("0800000004", "ศิริพรมอเตอร์ ชุมแพ", "4013", ["repair"], "suspended"),
]


def _staff(username):
    users = get_user_model().objects
    user = users.filter(username=username).first()
    if user is None:
        user = users.create_user(username=username, password="saphan-fund-2026", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="agents", codename__in=[
        "change_agent", "change_loan", "view_fund"]))  # the programme's screens (agents.admin_views)
    return user


def load(stdout=None) -> str:
    for order, (code, th, en, required) in enumerate(TOOLS):
        ToolItem.objects.update_or_create(code=code, defaults={"label_th": th, "label_en": en, "required": required,
                                                               "order": order})
    one, two = _staff("fund.committee1"), _staff("fund.committee2")
    fund = Fund.objects.filter(name=FUND_NAME).first() or services.fund_create(
        name=FUND_NAME, capital=Decimal("200000.00"), payee_key="isan-ev-motors", reference="DEMO-FUND-CAPITAL",
        by=one, applicants_may_borrow=False, source="บริษัท อีสานอีวีมอเตอร์ จำกัด",
        note="เงินตั้งต้นของกองทุน ร่วมกับศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5")
    made = 0
    for phone, shop, district, offered, final in SHOPS:
        cert = Certificate.objects.filter(trainee__user__phone=phone, revoked_at__isnull=True).first()
        if cert is None or Agent.objects.filter(user=cert.trainee.user).exists():
            continue
        user = cert.trainee.user
        agent = services.agent_apply(
            user=user, shop_name=shop, phone=phone, address=f"เลขที่ {10 + made} ถนนมิตรภาพ", district_code=district,
            services=offered, opening_hours="จ.–ส. 08:30–17:30", certificate_ids=[cert.pk],
            tool_codes=[t[0] for t in TOOLS])
        services.agent_review(agent=agent, to_status="site_visit", by=one)
        services.agent_review(agent=agent, to_status="approved", by=two)
        made += 1
        if final == "suspended":
            services.agent_review(agent=agent, to_status="suspended", by=one,
                                  reason="ผลตรวจติดตาม: พื้นที่เก็บแบตเตอรี่ไม่ปลอดภัย รอแก้ไข")
            continue
        loan = services.loan_apply(agent=agent, fund=fund, user=user, amount=Decimal("30000.00"), purpose="kits",
                                   instalments=10, purpose_detail="ชุดแปลง 3 ชุด")
        services.loan_approve(loan=loan, by=one)
        services.loan_approve(loan=loan, by=two)
        start = timezone.localdate() - dt.timedelta(days=75)
        services.loan_disburse(loan=loan, by=one, promptpay_id=phone, reference=f"DEMO-LOAN-{agent.pk}", paid_on=start)
        for n, kind in enumerate(["family", "scooter", "family"]):
            Conversion.objects.create(agent=agent, district_id=district, motorcycle_type=kind, kit="ชุดแปลง 2kW 72V",
                                      converted_on=timezone.localdate() - dt.timedelta(days=10 + 20 * n))
    services.instalments_flag_overdue()
    return f"fund {fund.name}: {made} agents added"
