"""No opening without a public reference: rows saved without one get the site's old "O-<employer>-<pk>" form, and
new rows get a generated "O-XXXXXXXX" when built."""

from django.db import migrations, models

import employers.models


def backfill(apps, schema_editor):
    Opening = apps.get_model("employers", "Opening")
    for opening in Opening.objects.filter(external_id__isnull=True).only("pk", "employer_id"):
        Opening.objects.filter(pk=opening.pk).update(external_id=f"O-{opening.employer_id}-{opening.pk}")


class Migration(migrations.Migration):

    dependencies = [
        ("employers", "0002_contacts_applications_alerts"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="opening",
            name="external_id",
            field=models.CharField(default=employers.models.new_opening_ref,
                                   help_text="Public reference in every URL, API, CSV and search document",
                                   max_length=64, unique=True),
        ),
    ]
