"""Categories that are the same trade under two names ("งานเชื่อม", "ช่างเชื่อมและโลหะ", "งานเชื่อมและโลหะ") become
one; courses move to the kept one (the demo's canonical slug, else the one with most courses)."""

from django.db import migrations

from courses.naming import merge_similar_categories

CANONICAL = ("ev-motorcycle", "small-engine", "electrical", "energy", "metal", "business", "services")


def merge(apps, schema_editor):
    merge_similar_categories(apps.get_model("courses", "Category"), apps.get_model("courses", "CoursePage"),
                             apps.get_model("wagtailcore", "Revision"), keep_slugs=CANONICAL)


class Migration(migrations.Migration):

    dependencies = [
        ("courses", "0006_thai_field_labels"),
    ]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
