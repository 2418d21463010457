"""Every graduate gets one public reference (issue 16: links built from external_id broke for anyone who signed
up on the site). Imported rows keep their spreadsheet id as their reference when it is URL-safe and free, so
links and CSVs staff already hold keep working; everyone else gets a fresh random "G-XXXXXXXX"."""

import re

from django.db import migrations, models

import trainees.models


def backfill(apps, schema_editor):
    TraineeProfile = apps.get_model("trainees", "TraineeProfile")
    taken = set()
    pattern = re.compile(trainees.models.PUBLIC_REF_PATTERN)
    for profile in TraineeProfile.objects.order_by("pk").only("pk", "external_id").iterator():
        ref = profile.external_id
        if not ref or not pattern.fullmatch(ref) or ref in taken:
            ref = trainees.models.new_public_ref()
            while ref in taken:
                ref = trainees.models.new_public_ref()
        taken.add(ref)
        TraineeProfile.objects.filter(pk=profile.pk).update(public_ref=ref)


class Migration(migrations.Migration):

    dependencies = [
        ("trainees", "0004_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="traineeprofile",
            name="public_ref",
            field=models.CharField(max_length=32, null=True, editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="traineeprofile",
            name="public_ref",
            field=models.CharField(default=trainees.models.new_public_ref, editable=False,
                                   help_text="The graduate's reference in every URL, API, CSV and search document",
                                   max_length=32, unique=True),
        ),
        migrations.AlterField(
            model_name="traineeprofile",
            name="external_id",
            field=models.CharField(blank=True, help_text="Spreadsheet import key only (re-import matches on it)",
                                   max_length=64, null=True, unique=True),
        ),
    ]
