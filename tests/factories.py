"""factory_boy factories for the reference data and catalogue used across test suites."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from courses.models import Category, Cohort, CourseIndexPage, CoursePage, District, Provider, Sponsor
from courses.reference_data import load_districts, load_skills


def reference_data():
    """Districts and skills from data/ (idempotent)."""
    load_districts()
    load_skills()


def dbd_number(prefix: str = "010555300123") -> str:
    """A 13-digit company number of the Department of Business Development with a valid check digit."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(prefix))
    return prefix + str((11 - total % 11) % 10)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("slug",)

    name_th = factory.Sequence(lambda n: f"ศูนย์ฝึกอบรม {n}")
    name_en = factory.Sequence(lambda n: f"Training centre {n}")
    slug = factory.Sequence(lambda n: f"provider-{n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name_th = "ยานยนต์ไฟฟ้า"
    name_en = "Electric vehicles"
    slug = "ev-motorcycle"


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsor
        django_get_or_create = ("slug",)

    name_th = "กองทุนเพื่อความเสมอภาคทางการศึกษา (กสศ.)"
    name_en = "Equitable Education Fund"
    slug = "eef"


def catalogue_root() -> CourseIndexPage:
    """The home page and catalogue page, created once per database."""
    from courses.demo import _catalogue, _site_root

    return _catalogue(_site_root())


def make_course(*, title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", title_en="EV motorcycle repair", summary_th="ซ่อมมอเตอร์ไซค์ไฟฟ้า",
                external_id=None, publish=True, district="4001", fee=Decimal("0.00"), sponsor_share=Decimal("0.00"),
                seats=20, provider=None, category=None, start_in_days=30, **extra) -> CoursePage:
    """A course page under the catalogue with one open cohort; published unless publish=False."""
    index = catalogue_root()
    page = CoursePage(
        title=title, title_en=title_en, summary_th=summary_th, summary_en=extra.pop("summary_en", ""),
        external_id=external_id, provider=provider or ProviderFactory(), category=category or CategoryFactory(),
        hours=extra.pop("hours", 60), **extra,
    )
    index.add_child(instance=page)
    today = timezone.localdate()
    page.cohorts.add(
        Cohort(
            start_date=today + timedelta(days=start_in_days), end_date=today + timedelta(days=start_in_days + 30),
            district=District.objects.get(code=district), seats=seats, fee_thb=fee, sponsor_share_thb=sponsor_share,
            sponsor=SponsorFactory() if sponsor_share else None, status=Cohort.Status.OPEN,
        )
    )
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        page.unpublish() if page.live else None
    page.refresh_from_db()
    return page
