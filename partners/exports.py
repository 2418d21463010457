"""Bank bulk-transfer file of a grant's disbursements (UTF-8 with BOM so Excel shows Thai)."""

import csv
import io

from .models import Disbursement

HEADER = ["no", "promptpay_id", "recipient_name", "amount_thb", "reference", "paid_on", "scheme"]


def disbursement_csv(*, grant_id: int, paid_on=None) -> str:
    rows = Disbursement.objects.filter(scheme__grant_id=grant_id).select_related("scheme").order_by("paid_on", "id")
    if paid_on:
        rows = rows.filter(paid_on=paid_on)
    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(HEADER)
    for i, d in enumerate(rows, 1):
        w.writerow([i, d.promptpay_id, d.recipient_name, f"{d.amount:.2f}", d.reference, d.paid_on.isoformat(),
                    d.scheme.name])
    return out.getvalue()
