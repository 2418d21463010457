"""Names cannot be recovered from badges (issue 22): badge.json carries a keyed hash, /verify/ shows no part of
the name, and a verifier confirms a name they already have, rate-limited per certificate."""

import hashlib
import hmac
import json
from datetime import date

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.factories import reference_data
from trainees import services
from trainees.certificates import holder_hash
from trainees.models import Certificate

NAME = "สมหญิง ใจดี"


def _certificate(name=NAME):
    reference_data()
    trainee = services.trainee_sign_up(phone="0815550091", password="x-Secret-123", full_name=name,
                                       birth_date=date(2007, 3, 3), district_code="4010")
    return Certificate.objects.create(trainee=trainee, holder_name=name, course_title="ช่างซ่อมรถไฟฟ้า",
                                      issuer="ศูนย์ฝึก ขอนแก่น", issued_on=date(2026, 9, 1), hours=60)


def _public_strings(badge: dict) -> list[str]:
    """Everything a badge.json exposes, as strings: what an attacker could use as salt or key."""
    out = []

    def walk(value):
        if isinstance(value, dict):
            for k, v in value.items():
                out.append(str(k))
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        else:
            out.append(str(value))
    walk(badge)
    return out


@pytest.mark.django_db
def test_badge_hash_cannot_be_reproduced_from_public_data(client):
    cert = _certificate()
    badge = client.get(f"/verify/{cert.code}/badge.json").json()
    identity = badge["credentialSubject"]["identifier"][0]
    assert identity["hashed"] is True and "salt" not in identity
    scheme, digest = identity["identityHash"].split("$")
    assert scheme == "hmac-sha256" and digest == holder_hash(cert)
    assert NAME not in json.dumps(badge, ensure_ascii=False) and "สมหญิง" not in json.dumps(badge, ensure_ascii=False)
    # the old attack: hash the guessed name with every public string as salt, plain and keyed
    for public in _public_strings(badge) + [cert.code, ""]:
        for guess in (f"{NAME}{public}", f"{public}{NAME}", f"badge-holder:{public}:{NAME}"):
            assert hashlib.sha256(guess.encode()).hexdigest() != digest
        assert hmac.new(public.encode(), f"badge-holder:{cert.code}:{NAME}".encode(),
                        hashlib.sha256).hexdigest() != digest
    with override_settings(SAPHAN_BADGE_HASH_KEY="another-secret"):  # the key, not the data, makes the hash
        assert holder_hash(cert) != digest


@pytest.mark.django_db
def test_verify_shows_no_part_of_the_name_and_checks_a_typed_one(client):
    cache.clear()
    cert = _certificate()
    page = client.get(f"/verify/{cert.code}").content.decode()
    assert "ถูกต้องและยังใช้ได้" in page and cert.course_title in page
    assert "•" not in page and "ส••" not in page and "สมหญิง" not in page and "ใจดี" not in page
    assert 'data-testid="name-ok"' in client.post(f"/verify/{cert.code}", {"name": " สมหญิง   ใจดี "}).content.decode()
    assert 'data-testid="name-bad"' in client.post(f"/verify/{cert.code}", {"name": "สมหญิง ใจร้าย"}).content.decode()
    # erased: the name is gone and nothing matches, but the certificate still verifies
    Certificate.objects.filter(pk=cert.pk).update(holder_name="")
    checked = client.post(f"/verify/{cert.code}", {"name": NAME}).content.decode()
    assert 'data-testid="name-bad"' in checked and "ถูกต้องและยังใช้ได้" in checked


@pytest.mark.django_db
def test_name_guessing_is_limited_per_certificate_across_addresses(client):
    cache.clear()
    cert = _certificate()
    for i in range(10):
        answer = client.post(f"/verify/{cert.code}", {"name": f"เดา {i}"}, REMOTE_ADDR=f"10.0.0.{i}")
        assert 'data-testid="name-bad"' in answer.content.decode()
    limited = client.post(f"/verify/{cert.code}", {"name": NAME}, REMOTE_ADDR="10.0.1.1").content.decode()
    assert "ตรวจหลายครั้งเกินไป" in limited and 'data-testid="name-ok"' not in limited
    assert "ถูกต้องและยังใช้ได้" in limited  # the certificate itself still verifies
