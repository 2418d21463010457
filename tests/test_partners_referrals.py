"""Referrals on real PostgreSQL: consent, dedup, linking at sign-up, and partner isolation."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from config.errors import NotAllowed
from partners.models import Partner, PartnerMembership, Referral
from partners.referrals import referral_create, referral_status, referrals_visible_to


def _officer(name, username):
    partner = Partner.objects.create(name=name, kind=Partner.Kind.SCHOOL)
    user = get_user_model().objects.create_user(username=username, password="pw-Secret-1")
    PartnerMembership.objects.create(partner=partner, user=user)
    return user


def _sign_up(phone, token=""):
    from courses.models import District
    from tests.factories import reference_data
    from trainees.services import trainee_sign_up

    reference_data()
    return trainee_sign_up(phone=phone, password="x-Secret-123", full_name="น้องเอ", birth_date=dt.date(2008, 1, 1),
                           district_code=District.objects.order_by("code").first().code, referral_token=token)


@pytest.mark.django_db(transaction=True)
def test_referral_dedup_link_and_status():
    a = _officer("โรงเรียน ก", "a1")
    r = referral_create(user=a, full_name="น้องเอ", phone="081-555-0001", consent_by="guardian")
    assert r.consent_by == "guardian" and r.consent_at and referral_status(r) == "referred"
    assert referral_create(user=a, full_name="น้องเอ", phone="0815550001", consent_by="self").pk == r.pk
    assert Referral.objects.count() == 1
    trainee = _sign_up("0815550001", token=r.token)
    r.refresh_from_db()
    assert r.trainee_id == trainee.pk and referral_status(r) == "signed_up"
    b = _officer("อบต. ข", "b1")
    r2 = referral_create(user=b, full_name="น้องเอ", phone="0815550001", consent_by="self")
    assert r2.trainee_id == trainee.pk  # linked to the existing trainee, no new person
    from trainees.models import TraineeProfile
    assert TraineeProfile.objects.count() == 1


@pytest.mark.django_db
def test_partner_sees_only_own_referrals_and_consent_required():
    a, b = _officer("โรงเรียน ก", "a1"), _officer("อบต. ข", "b1")
    ra = referral_create(user=a, full_name="หนึ่ง", phone="0815550001", consent_by="self")
    referral_create(user=b, full_name="สอง", phone="0815550002", consent_by="self")
    assert list(referrals_visible_to(a)) == [ra]
    assert not referrals_visible_to(b).filter(pk=ra.pk).exists()
    outsider = get_user_model().objects.create_user(username="x", password="pw-Secret-1")
    assert referrals_visible_to(outsider).count() == 0
    with pytest.raises(NotAllowed):
        referral_create(user=outsider, full_name="สาม", phone="0815550003", consent_by="self")
    with pytest.raises(NotAllowed) as exc:
        referral_create(user=a, full_name="สาม", phone="0815550003", consent_by="")
    assert "ยินยอม" in exc.value.message_th
    from trainees.exceptions import InvalidPhone
    with pytest.raises(InvalidPhone):
        referral_create(user=a, full_name="สาม", phone="12ab", consent_by="self")
    assert Referral.objects.count() == 2
