"""Factories for the reference data, the catalogue and people (accounts, youth, partner officers, shop
owners) used across test suites. Keyword arguments only; the defaults are one believable Ban Phai case."""

import csv
import functools
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.models import Category, Cohort, CourseIndexPage, CoursePage, District, Provider, Skill, Sponsor
from courses.reference_data import DATA_DIR, load_districts, load_skills
from employers.services import employer_register
from partners.models import Partner, PartnerMembership
from trainees.services import trainee_sign_up


@functools.cache
def _reference_codes() -> tuple[frozenset[str], frozenset[str]]:
    """The district and skill codes shipped in data/, read once per process."""
    def codes(name):
        with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
            return frozenset(row["code"] for row in csv.DictReader(fh))

    return codes("khon_kaen_districts.csv"), codes("skills_ev_motorcycle.csv")


def reference_data() -> None:
    """Districts and skills from data/, written only when some are missing.

    Tests ask for them with the `reference_data` fixture (conftest.py): the session loads them once,
    committed, so a test finds them at the cost of two COUNT queries. A transaction=True test ends by
    emptying every table, so after one they are missing and the next that asks loads them again
    (update_or_create of each row). Call this function where the rows are needed at a point of a test's or
    helper's own choosing (a world builder, or after a flush inside a test)."""
    districts, skills = _reference_codes()
    if (District.objects.filter(code__in=districts).count() == len(districts)
            and Skill.objects.filter(code__in=skills).count() == len(skills)):
        return
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


def make_user(*, username: str | None = None, phone: str | None = None, password: str = "x" * 12, **fields):
    """An account. With a phone it signs in with it, as youth and shop owners do (the username is the phone
    unless given); without one it is a staff or partner login by username. Other fields (email, line_user_id,
    is_staff) go to the user as they are."""
    assert username or phone, "an account needs a username or a phone"
    if phone is not None:
        fields["phone"] = phone
    return get_user_model().objects.create_user(username=username or phone, password=password, **fields)


def make_trainee(*, phone: str = "0812345678", full_name: str = "สมศรี มีฝีมือ", age: int = 22, birth_date=None,
                 district: str = "4010", password: str = "x" * 12, out_of_school: bool = True):
    """A youth signed up through the real service (trainees.services.trainee_sign_up), born on 1 January `age`
    years ago unless `birth_date` is given; `out_of_school=False` marks them as still in school afterwards."""
    reference_data()
    born = birth_date or date(timezone.localdate().year - age, 1, 1)
    trainee = trainee_sign_up(phone=phone, password=password, full_name=full_name, birth_date=born,
                              district_code=district)
    if not out_of_school:
        trainee.out_of_school = False
        trainee.save(update_fields=["out_of_school"])
    return trainee


def make_officer(*, partner_name: str = "โรงเรียนบ้านไผ่", username: str = "officer", phone: str | None = None,
                 password: str = "pw-Secret-1"):
    """A referral officer of a new school partner; their partner is `officer.partner_membership.partner`."""
    partner = Partner.objects.create(name=partner_name, kind=Partner.Kind.SCHOOL)
    officer = make_user(username=username, phone=phone, password=password)
    PartnerMembership.objects.create(partner=partner, user=officer)
    return officer


def make_shop_owner(*, username: str = "owner-e", phone: str = "0811112222", password: str = "x" * 12,
                    shop_name: str = "ร้านทดสอบเชิญ", district: str = "4010"):
    """A shop registered by its owner through the real service, unverified until staff check it.
    Returns (owner, shop)."""
    reference_data()
    owner = make_user(username=username, phone=phone, password=password)
    shop = employer_register(user=owner, name=shop_name, kind="repair_shop", dbd_number=dbd_number(),
                             address="ถนนมิตรภาพ", district=District.objects.get(code=district))
    return owner, shop
