"""The chaos tests' hands inside the system under test: run as a separate process with the chaos stack's
environment (production settings, its own PostgreSQL, Redis and Elasticsearch cluster), it writes through the
same services a user's request would and reads the state back. The last line it prints is JSON.

    python tests/chaos_driver.py seed --graduates 1500
    python tests/chaos_driver.py touch --count 200          # change graduates: each enqueues a search sync
    python tests/chaos_driver.py notify --count 20 --kind chaos-a
    python tests/chaos_driver.py signup --count 30 --prefix 0861
    python tests/chaos_driver.py state --kind chaos-a
    python tests/chaos_driver.py reconcile                  # report only: missing/stale/extra per index
    python tests/chaos_driver.py repayment-setup            # a disbursed agent loan with one instalment invoice
    python tests/chaos_driver.py repayment-pay --invoice 7  # confirm it paid: enqueues payments.notify_payable_paid
    python tests/chaos_driver.py redeliver --invoice 7      # that task once more, as a duplicate delivery would
    python tests/chaos_driver.py ledger --instalment 3      # the fund's repayment rows for that instalment
"""

import argparse
import importlib.util
import json
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")


def _seed(args):
    from courses.demo import load as load_courses

    load_courses()  # the demo catalogue (the other demo loaders are not needed here, and slow)
    spec = importlib.util.spec_from_file_location("bench_matching", ROOT / "scripts" / "bench_matching.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.generate(args.graduates, 50, random.Random(20))
    return {"seeded": args.graduates}


def _graduate_ids(count):
    from trainees.models import TraineeProfile

    return list(TraineeProfile.objects.filter(external_id__startswith="BG", consents__purpose="employers")
                .order_by("pk").values_list("pk", flat=True)[:count])


def _touch(args):
    """Change graduates one transaction at a time, as profile edits would: each commit enqueues a search sync."""
    from django.db import transaction

    from trainees.models import TraineeProfile
    from trainees.signals import announce_graduate_changed

    touched = []
    for pk in _graduate_ids(args.count):
        with transaction.atomic():
            profile = TraineeProfile.objects.select_for_update().get(pk=pk)
            profile.max_commute_km = 5 + (profile.max_commute_km + 5) % 50
            profile.save()
            announce_graduate_changed(pk)
        touched.append(pk)
        if args.delay:
            time.sleep(args.delay)
    return {"touched": len(touched)}


def _notify(args):
    from django.db import transaction

    from accounts.notifications import Text, notify

    ids = []
    for i in range(args.count):
        with transaction.atomic():
            messages = notify(kind=args.kind, text=Text(f"สะพานอาชีพ: ทดสอบ {i}", f"Saphan: test {i}"),
                              phone=f"0899{i:06d}")
        ids += [m.pk for m in messages]
    return {"ids": ids}


def _signup(args):
    """Sign youths up one after another; a failure (database gone) is counted, never half-written."""
    from trainees.services import trainee_sign_up

    done = failed = 0
    for i in range(args.count):
        try:
            trainee_sign_up(phone=f"{args.prefix}{i:06d}", password="chaos-pass-2024", full_name=f"ทดสอบ {i}",
                            birth_date=date(2007, 1, 1), district_code="4001")
            done += 1
        except Exception:
            failed += 1
            from django.db import connection

            connection.close_if_unusable_or_obsolete()
        if args.delay:
            time.sleep(args.delay)
    return {"done": done, "failed": failed}


def _state(args):
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from accounts.models import OutboundMessage

    by_status = dict(OutboundMessage.objects.filter(kind=args.kind).values_list("status").annotate(n=Count("pk")))
    users = get_user_model().objects.filter(username__startswith=args.prefix) if args.prefix else None
    return {
        "messages": by_status,
        "users": users.count() if users is not None else None,
        "users_without_profile": users.filter(trainee__isnull=True).count() if users is not None else None,
    }


def _reconcile(args):
    from search import indexing
    from search.registry import all_specs

    report = {}
    for alias in all_specs():
        result = indexing.reconcile(alias, fix=args.fix)
        report[alias] = {"missing": len(result.missing), "stale": len(result.stale), "extra": len(result.extra),
                         "layout": result.layout_changes}
    return report


def _answers(args):
    """What the site answers: row counts, catalogue searches and matches for a few openings (restore check)."""
    from django.contrib.auth import get_user_model

    from employers.models import Opening
    from search import catalogue as cat
    from search.matching import match_opening, match_query_for
    from trainees.models import Enrollment, TraineeProfile

    out = {"counts": {"users": get_user_model().objects.count(), "graduates": TraineeProfile.objects.count(),
                      "openings": Opening.objects.count(), "enrolments": Enrollment.objects.count()},
           "catalogue": {}, "matches": {}}
    for q in ["ซ่อมมอไซค์ไฟฟ้า", "แบตเตอรี่", "EV", "ไฟฟ้า", "motorcycle"]:
        result = cat.catalogue(cat.CatalogueQuery.from_params({"q": q}), language="th")
        assert not result.degraded, "search answered from the database fallback"
        # equal scores come back in index order, which a rebuild may change: compare the answers as score groups,
        # leaving out the lowest score on the page (its ties may continue on the next page)
        lowest = min((round(h.score, 3) for h in result.hits), default=0)
        out["catalogue"][q] = [result.count, sorted((round(h.score, 3), h.external_id) for h in result.hits
                                                    if round(h.score, 3) > lowest)]
    for opening in Opening.objects.filter(external_id__startswith="BO").order_by("pk")[:5]:
        found = match_opening(match_query_for(opening), top=10)
        lowest = min((round(m.score, 3) for m in found), default=0)
        out["matches"][opening.external_id] = sorted((round(m.score, 3), m.graduate) for m in found
                                                     if round(m.score, 3) > lowest)
    return out


def _repair(args):
    """What the periodic jobs do after a fault: re-enqueue lost deliveries, re-sync drifted documents."""
    from accounts.notifications import requeue_stuck

    requeued = requeue_stuck(older_than_seconds=args.older_than)
    return {"requeued": requeued, "reconcile": _reconcile(argparse.Namespace(fix=True))}


def _repayment_setup(args):
    """An approved agent with a disbursed one-instalment loan and that instalment's open invoice: paying it makes
    the Celery task `payments.notify_payable_paid` write the fund's repayment ledger row (agents.FundEntry)."""
    from agents import services
    from agents.models import FundEntry
    from agents.tests.world import approved_agent, disbursed_loan, fund, staff
    from payments.models import Payee

    suffix = args.suffix
    the_fund = fund(capital="100000", suffix=suffix)
    # invoice numbers are counted per payee but unique over all payees: a prefix of its own keeps them apart here
    Payee.objects.filter(key=the_fund.payee_key).update(invoice_prefix="AGT")
    agent = approved_agent(phone=f"08611{suffix[-5:]:0>5}",
                           reviewers=(staff(f"rev-a-{suffix}"), staff(f"rev-b-{suffix}")))
    loan = disbursed_loan(agent, the_fund, (staff(f"ok-a-{suffix}"), staff(f"ok-b-{suffix}")), amount="9000",
                          instalments=1)
    instalment = loan.schedule.get()
    invoice = services.instalment_invoice(instalment=instalment, user=agent.user)
    return {"fund": the_fund.pk, "instalment": instalment.pk, "invoice": invoice.pk,
            "amount": str(invoice.amount), "entries": FundEntry.objects.filter(fund=the_fund).count()}


def _repayment_pay(args):
    from payments.models import Invoice, Payment
    from payments.services import invoice_confirm

    invoice = Invoice.objects.get(pk=args.invoice)
    invoice_confirm(invoice_id=invoice.pk, amount=invoice.amount, method=Payment.Method.SLIP,
                    reference=f"chaos-slip-{invoice.pk}")
    return {"paid": invoice.pk}


def _redeliver(args):
    from config.celery import app

    return {"task": app.send_task("payments.notify_payable_paid", args=[args.invoice]).id}


def _ledger(args):
    from agents.models import FundEntry, Instalment

    instalment = Instalment.objects.get(pk=args.instalment)
    rows = FundEntry.objects.filter(fund_id=instalment.loan.fund_id, kind=FundEntry.Kind.REPAYMENT)
    return {"repayments": [[row.reference, str(row.amount), row.instalment_id] for row in rows.order_by("pk")],
            "instalment_paid": instalment.paid_at is not None}


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("seed").add_argument("--graduates", type=int, default=1500)
    touch = sub.add_parser("touch")
    touch.add_argument("--count", type=int, default=100)
    touch.add_argument("--delay", type=float, default=0.0)
    notify = sub.add_parser("notify")
    notify.add_argument("--count", type=int, default=10)
    notify.add_argument("--kind", default="chaos")
    signup = sub.add_parser("signup")
    signup.add_argument("--count", type=int, default=10)
    signup.add_argument("--prefix", default="0861")
    signup.add_argument("--delay", type=float, default=0.0)
    state = sub.add_parser("state")
    state.add_argument("--kind", default="chaos")
    state.add_argument("--prefix", default="")
    sub.add_parser("reconcile").add_argument("--fix", action="store_true")
    sub.add_parser("repair").add_argument("--older-than", type=int, default=0)
    sub.add_parser("answers")
    sub.add_parser("repayment-setup").add_argument("--suffix", default="00001")
    sub.add_parser("repayment-pay").add_argument("--invoice", type=int, required=True)
    sub.add_parser("redeliver").add_argument("--invoice", type=int, required=True)
    sub.add_parser("ledger").add_argument("--instalment", type=int, required=True)
    args = parser.parse_args()

    import django

    django.setup()
    handler = {"seed": _seed, "touch": _touch, "notify": _notify, "signup": _signup, "state": _state,
               "reconcile": _reconcile, "repair": _repair,
               "answers": _answers, "repayment-setup": _repayment_setup, "repayment-pay": _repayment_pay,
               "redeliver": _redeliver, "ledger": _ledger}[args.command]
    print(json.dumps(handler(args), ensure_ascii=False))  # noqa: T201


if __name__ == "__main__":
    main()
