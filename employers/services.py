"""Every write of the employers app. Changes that matter to matching are announced with signals on commit."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from trainees.models import TraineeProfile
from trainees.signals import graduate_changed

from .exceptions import DiscriminatoryRequirement, EmployerError, WageBelowMinimum
from .models import (
    KHON_KAEN_MIN_WAGE_PER_DAY,
    WORKING_DAYS_PER_MONTH,
    Employer,
    Opening,
    OpeningSkill,
    Placement,
    ProfileView,
    Verification,
)
from .signals import opening_changed
from .validators import protected_attribute_words, thai_13_digit_valid


def _announce_opening(opening_id: int) -> None:
    transaction.on_commit(lambda: opening_changed.send(sender=Opening, opening_id=opening_id))


def _announce_graduate(trainee_id: int) -> None:
    transaction.on_commit(lambda: graduate_changed.send(sender=TraineeProfile, trainee_id=trainee_id))


def validate_opening_terms(*, title: str, description: str, wage_min: Decimal, wage_max: Decimal, wage_unit: str) -> None:
    words = protected_attribute_words(f"{title} {description}")
    if words:
        raise DiscriminatoryRequirement(context=words)
    minimum = KHON_KAEN_MIN_WAGE_PER_DAY * (WORKING_DAYS_PER_MONTH if wage_unit == Opening.WageUnit.MONTH else 1)
    if wage_min < minimum:
        raise WageBelowMinimum()
    if wage_max < wage_min:
        raise EmployerError(message_th="ค่าจ้างสูงสุดต้องไม่น้อยกว่าค่าจ้างต่ำสุด", message_en="wage max below wage min")


def employer_validate_dbd(dbd_number: str) -> str:
    digits = "".join(ch for ch in dbd_number or "" if ch.isdigit())
    if not thai_13_digit_valid(digits):
        raise EmployerError(message_th="เลขทะเบียนนิติบุคคลไม่ถูกต้อง (13 หลัก)", message_en="invalid DBD registration number")
    return digits


@transaction.atomic
def employer_verify(*, employer: Employer, method: str, by, note: str = "") -> Employer:
    Verification.objects.create(employer=employer, method=method, note=note, verified_by=by)
    employer.verified_at = timezone.now()
    employer.save(update_fields=["verified_at"])
    return employer


@transaction.atomic
def opening_save(*, opening: Opening, required: list[tuple], nice: list) -> Opening:
    """Create or update an opening with its skills: required = [(Skill, min_level)], nice = [Skill]."""
    validate_opening_terms(title=opening.title, description=opening.description, wage_min=opening.wage_min_thb,
                           wage_max=opening.wage_max_thb, wage_unit=opening.wage_unit)
    if not required:
        raise EmployerError(message_th="ต้องระบุทักษะที่จำเป็นอย่างน้อยหนึ่งทักษะ", message_en="at least one required skill")
    opening.save()
    opening.skills.all().delete()
    OpeningSkill.objects.bulk_create(
        [OpeningSkill(opening=opening, skill=skill, required=True, min_level=level) for skill, level in required]
        + [OpeningSkill(opening=opening, skill=skill, required=False, min_level=1) for skill in nice
           if skill.pk not in {s.pk for s, _ in required}]
    )
    _announce_opening(opening.pk)
    return opening


@transaction.atomic
def placement_record(*, trainee: TraineeProfile, employer: Employer, start_date: date, wage_thb: Decimal,
                     wage_unit: str = "day", opening: Opening | None = None) -> Placement:
    """A hire: the graduate leaves the pool of available candidates."""
    placement = Placement.objects.create(trainee=trainee, employer=employer, opening=opening, start_date=start_date,
                                         wage_thb=wage_thb, wage_unit=wage_unit)
    _announce_graduate(trainee.pk)
    return placement


def profile_view_log(*, trainee: TraineeProfile, employer: Employer, viewer, context: str = "") -> ProfileView:
    return ProfileView.objects.create(trainee=trainee, employer=employer, viewer=viewer, context=context)
