"""Small builders for the agent-programme tests: a graduate with a Saphan certificate, staff, the fund."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from agents import services
from agents.models import ToolItem
from payments.models import Payee
from tests.factories import reference_data
from trainees.models import Certificate
from trainees.services import trainee_sign_up

TOOL_CODES = ["lift", "insulated-tools", "battery-area"]


def checklist():
    for i, code in enumerate(TOOL_CODES):
        ToolItem.objects.get_or_create(code=code, defaults={"label_th": f"เครื่องมือ {code}", "label_en": code,
                                                            "required": True, "order": i})
    ToolItem.objects.get_or_create(code="diagnostic", defaults={"label_th": "เครื่องอ่านค่า", "required": False})


def graduate(phone="0861110001", name="ธนวัฒน์ ศรีบ้านไผ่", district="4010"):
    reference_data()
    trainee = trainee_sign_up(phone=phone, password="ev-Secret-2026", full_name=name,
                              birth_date=dt.date(2003, 5, 1), district_code=district)
    cert = Certificate.objects.create(trainee=trainee, holder_name=name, course_title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า",
                                      hours=120, issuer="ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5",
                                      issued_on=timezone.localdate())
    return trainee, cert


def staff(username, **extra):
    """Programme staff with Wagtail admin access."""
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user(username=username, password="staff-Secret-2026", is_staff=True,
                                                **extra)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="agents", codename__in=[
        "change_agent", "change_loan", "view_fund"]))  # the programme's screens (agents.admin_views)
    return user


def payee():
    return Payee.objects.get_or_create(key="isan-ev-motors", defaults={
        "name_th": "บริษัท อีสานอีวีมอเตอร์ จำกัด", "promptpay_target": "0812345678"})[0]


def fund(capital="200000", **kw):
    payee()
    return services.fund_create(name="กองทุนหมุนเวียนทดสอบ", capital=capital, payee_key="isan-ev-motors",
                                reference=f"CAP-{capital}-{kw.get('suffix', '')}", **{k: v for k, v in kw.items()
                                                                                       if k != "suffix"})


def apply(trainee, cert, **kw):
    checklist()
    args = dict(user=trainee.user, shop_name="บ้านไผ่อีวี", phone="0861110001", address="12 ถนนมิตรภาพ",
                district_code=trainee.district_id, services=["conversion", "repair"],
                opening_hours="จ.–ส. 08:30–17:30", certificate_ids=[cert.pk], tool_codes=TOOL_CODES)
    args.update(kw)
    return services.agent_apply(**args)


def approved_agent(phone="0861110001", district="4010", reviewers=None):
    trainee, cert = graduate(phone=phone, district=district)
    agent = apply(trainee, cert, phone=phone)
    one, two = reviewers or (staff(f"rev-a-{phone}"), staff(f"rev-b-{phone}"))
    services.agent_review(agent=agent, to_status="site_visit", by=one)
    return services.agent_review(agent=agent, to_status="approved", by=two)


def disbursed_loan(agent, the_fund, approvers, amount="30000", instalments=3, paid_on=None):
    loan = services.loan_apply(agent=agent, fund=the_fund, user=agent.user, amount=amount, purpose="kits",
                               instalments=instalments)
    for member in approvers:
        services.loan_approve(loan=loan, by=member)
    services.loan_disburse(loan=loan, by=approvers[0], promptpay_id=agent.phone, reference=f"TRX-{loan.pk}",
                           paid_on=paid_on or timezone.localdate())
    loan.refresh_from_db()
    return loan


D = Decimal
