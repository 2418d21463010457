"""Slip and statement references of one bank transfer share one key ("tx:<REF>"), so it is counted once."""

from django.db import migrations


def to_transfer_keys(apps, schema_editor):
    Payment = apps.get_model("payments", "Payment")
    StatementLine = apps.get_model("payments", "StatementLine")
    for model in (Payment, StatementLine):
        field = "reference" if model is Payment else "line_key"
        for row in model.objects.filter(**{f"{field}__regex": r"^(slip|stmt):"}).only("pk", field):
            key = "tx:" + "".join(getattr(row, field).split(":", 1)[1].split()).upper()
            if model is Payment and model.objects.filter(reference=key).exclude(pk=row.pk).exists():
                continue  # one transfer already recorded twice: keep both rows visible for staff
            model.objects.filter(pk=row.pk).update(**{field: key})


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [migrations.RunPython(to_transfer_keys, migrations.RunPython.noop)]
