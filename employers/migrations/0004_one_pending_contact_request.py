"""At most one contact request waiting for an answer per employer and graduate. Older duplicates (several
openings asked about at once) are withdrawn first, keeping the newest."""

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def withdraw_older_duplicates(apps, schema_editor):
    ContactRequest = apps.get_model("employers", "ContactRequest")
    seen = set()
    for request in ContactRequest.objects.filter(status="sent").order_by("-created_at", "-pk"):
        key = (request.employer_id, request.trainee_id)
        if key in seen:
            ContactRequest.objects.filter(pk=request.pk).update(status="withdrawn", answered_at=timezone.now())
        seen.add(key)


class Migration(migrations.Migration):

    dependencies = [
        ('employers', '0003_every_opening_has_a_reference'),
        ('trainees', '0005_public_ref_for_every_graduate'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(withdraw_older_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='contactrequest',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'sent')), fields=('employer', 'trainee'), name='one_pending_contact_request'),
        ),
    ]
