"""A small world for employer tests: two verified shops (one is a rival), graduates at each discoverability
level, openings indexed on real Elasticsearch, and logins with phone numbers so messages can be read back."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from employers.imports import import_graduates, import_openings
from employers.models import Employer, EmployerMember
from employers.services import employer_verify
from search import indexing
from tests.factories import reference_data
from tests.test_matching import GRAD_HEADER, OPEN_HEADER, grad, opening
from trainees.models import TraineeProfile

SHOP = "ร้านบ้านไผ่อีวี"
RIVAL = "ร้านคู่แข่ง"
PASSWORD = "ev-repair-2026"


def set_login(trainee: TraineeProfile, phone: str) -> TraineeProfile:
    user = trainee.user
    user.phone, user.username = phone, phone
    user.set_password(PASSWORD)
    user.save()
    return trainee


def build(*, verify=True, extra_graduates="", extra_openings="") -> dict:
    reference_data()
    graduates = (grad("G-STD", certified="ev.battery.safety") + grad("G-LIM", lat="16.1000", lon="102.7300")
                 + grad("G-HIDDEN", discoverable="false") + extra_graduates)
    result = import_graduates(GRAD_HEADER + graduates)
    assert result.imported, result.errors
    result = import_openings(OPEN_HEADER + opening("MINE") + opening("THEIRS").replace(SHOP, RIVAL) + extra_openings)
    assert result.imported, result.errors
    limited = TraineeProfile.objects.get(external_id="G-LIM")
    limited.discoverability = "limited"
    limited.save()
    indexing.rebuild("graduates")
    indexing.rebuild("openings")
    users = get_user_model().objects
    staff = users.create_user(username="officer", password="x" * 12, is_staff=True)
    owner = users.create_user(username="shop-owner", password=PASSWORD, phone="0811111111", email="shop@example.com")
    rival = users.create_user(username="rival-owner", password=PASSWORD, phone="0822222222")
    mine, theirs = Employer.objects.get(name=SHOP), Employer.objects.get(name=RIVAL)
    EmployerMember.objects.create(employer=mine, user=owner, role="owner")
    EmployerMember.objects.create(employer=theirs, user=rival, role="owner")
    if verify:
        employer_verify(employer=mine, method="visit", by=staff, note="ไปที่ร้านแล้ว")
    employer_verify(employer=theirs, method="phone", by=staff)
    return {
        "staff": staff, "owner": owner, "rival": rival, "mine": mine, "theirs": theirs,
        "std": set_login(TraineeProfile.objects.get(external_id="G-STD"), "0891234567"),
        "lim": set_login(TraineeProfile.objects.get(external_id="G-LIM"), "0897654321"),
        "hidden": set_login(TraineeProfile.objects.get(external_id="G-HIDDEN"), "0890000000"),
        "today": timezone.localdate(),
    }


def withdraw_consent(trainee: TraineeProfile) -> None:
    """What trainees' consent withdrawal records (the import does the same): the row is kept, marked withdrawn."""
    trainee.consents.filter(purpose="employers", withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
