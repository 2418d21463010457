"""Pages whose slug Django's slugify mangled (Thai vowels and tone marks dropped) get the proper slug; the old
URLs keep working through a permanent redirect (wagtail.contrib.redirects) for the page and its descendants.

A page is rewritten only when its slug is exactly what the old slugify made of its title and that differs from
the new one: slugs an editor typed by hand are left alone."""

from django.db import migrations
from django.utils.text import slugify as django_slugify

from config.slugs import slugify_th


def _normalise(path: str) -> str:
    return path[:-1] if path.endswith("/") and len(path) > 1 else path


def _redirect_old_urls(apps, old_url_path: str, new_url_path: str) -> None:
    Page = apps.get_model("wagtailcore", "Page")
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    Site = apps.get_model("wagtailcore", "Site")
    roots = [(site, Page.objects.filter(pk=site.root_page_id).values_list("url_path", flat=True).first())
             for site in Site.objects.all()]
    for page in Page.objects.filter(url_path__startswith=new_url_path):
        old = old_url_path + page.url_path[len(new_url_path):]
        for site, root in roots:
            if root and old.startswith(root):
                Redirect.objects.get_or_create(
                    old_path=_normalise("/" + old[len(root):]), site=site,
                    defaults={"redirect_page": page, "is_permanent": True, "automatically_created": True})


def proper_slugs(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    for page in Page.objects.filter(depth__gt=1).order_by("depth", "path"):
        mangled, proper = django_slugify(page.title, allow_unicode=True), slugify_th(page.title, max_length=255)
        if page.slug != mangled or not proper or proper == mangled:
            continue
        siblings = Page.objects.filter(path__startswith=page.path[:-4], depth=page.depth).exclude(pk=page.pk)
        slug, n = proper, 2
        while siblings.filter(slug=slug).exists():
            slug, n = f"{proper}-{n}", n + 1
        old_url_path = page.url_path
        new_url_path = old_url_path[: -len(page.slug) - 1] + slug + "/"
        for node in Page.objects.filter(path__startswith=page.path):
            node.url_path = new_url_path + node.url_path[len(old_url_path):]
            node.save(update_fields=["url_path"])
        Page.objects.filter(pk=page.pk).update(slug=slug)
        for revision in Revision.objects.filter(object_id=str(page.pk), content__slug=page.slug):
            revision.content["slug"] = slug  # publishing an older draft must not bring the mangled slug back
            revision.save(update_fields=["content"])
        _redirect_old_urls(apps, old_url_path, new_url_path)


class Migration(migrations.Migration):

    dependencies = [
        ("courses", "0004_sponsor_eligibility"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(proper_slugs, migrations.RunPython.noop)]
