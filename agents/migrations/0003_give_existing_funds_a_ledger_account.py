"""Funds made before the funding ledger carried them get their ledger account now: a grant (capital so far, from
the first capital's source) holding one revolving scheme, and a ledger row for every payout and repayment
already made, linked from its FundEntry, so selectors.ledger_agrees holds for old funds as for new ones."""

import datetime as dt
from decimal import Decimal

from django.db import migrations
from django.db.models import Sum


def forwards(apps, schema_editor):
    Fund = apps.get_model("agents", "Fund")
    FundEntry = apps.get_model("agents", "FundEntry")
    Grant = apps.get_model("partners", "Grant")
    SupportScheme = apps.get_model("partners", "SupportScheme")
    Disbursement = apps.get_model("partners", "Disbursement")
    SchemeReturn = apps.get_model("partners", "SchemeReturn")
    for fund in Fund.objects.filter(scheme__isnull=True):
        entries = FundEntry.objects.filter(fund=fund).select_related("loan__agent").order_by("on", "id")
        capital = entries.filter(kind="capital")
        first = capital.first()
        start = first.on if first else dt.date.today()
        amount = capital.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
        if amount <= 0:
            continue  # a grant must hold money; a fund with no capital has nothing to show yet
        grant = Grant.objects.create(
            sponsor_name=(first.source if first and first.source else fund.name), title=f"กองทุนหมุนเวียน: {fund.name}",
            amount=amount, period_start=start, period_end=start.replace(year=start.year + 10, day=min(start.day, 28)),
            purpose="บัญชีของกองทุนหมุนเวียน (ให้กู้และรับชำระคืน) / a revolving fund's account")
        scheme = SupportScheme.objects.create(grant=grant, name=fund.name, allocated=amount, revolving=True,
                                              requires_out_of_school=False)
        fund.scheme = scheme
        fund.save(update_fields=["scheme"])
        for entry in entries.exclude(kind="capital"):
            shop = entry.loan.agent.shop_name if entry.loan_id else fund.name
            if entry.kind == "disbursement" and entry.disbursement_id is None:
                reference = entry.reference
                if Disbursement.objects.filter(reference=reference).exists():
                    reference = f"fund{fund.pk}:{entry.reference}"[:64]
                entry.disbursement = Disbursement.objects.create(
                    scheme=scheme, recipient_name=shop, promptpay_id=entry.promptpay_id or "-", amount=entry.amount,
                    paid_on=entry.on, reference=reference, recorded_by_id=entry.recorded_by_id)
                entry.save(update_fields=["disbursement"])
            elif entry.kind == "repayment" and entry.ledger_return_id is None:
                reference = entry.reference
                if SchemeReturn.objects.filter(reference=reference).exists():
                    reference = f"fund{fund.pk}:{entry.reference}"[:64]
                entry.ledger_return = SchemeReturn.objects.create(
                    scheme=scheme, payer_name=shop, amount=entry.amount, returned_on=entry.on, reference=reference,
                    recorded_by_id=entry.recorded_by_id)
                entry.save(update_fields=["ledger_return"])


class Migration(migrations.Migration):

    dependencies = [
        ("agents", "0002_fund_ledger_account_and_capital_source"),
        ("partners", "0006_revolving_schemes_and_returns"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
