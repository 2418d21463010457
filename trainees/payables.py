"""Enrolments as payables: payments calls back here (from on-commit tasks) when an invoice is paid or expires."""

from payments.payables import PayableInfo

from . import services
from .models import Enrollment


class EnrollmentPayable:
    def describe(self, ref: str) -> PayableInfo:
        enrollment = Enrollment.objects.select_related("cohort__course__provider", "trainee").get(pk=int(ref))
        course = enrollment.cohort.course
        return PayableInfo(f"ค่าเรียน {course.title}", f"Fee: {course.title_en or course.title}",
                           enrollment.cohort.trainee_fee_thb, enrollment.trainee.user_id,
                           course.provider.slug if course.provider else "")

    def payer_name(self, ref: str) -> str:
        """The learner's name for the centre's invoice list (the payer account is a phone number)."""
        return Enrollment.objects.select_related("trainee").get(pk=int(ref)).trainee.full_name

    def on_paid(self, ref: str, invoice_id: int) -> None:
        services.enrollment_confirm_payment(enrollment_id=int(ref))

    def on_expired(self, ref: str, invoice_id: int) -> None:
        services.enrollment_release_unpaid(enrollment_id=int(ref))
