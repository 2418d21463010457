"""The enrolment's payment step, behind payments' small interface (payments knows nothing of courses)."""

from config.dates import format_date
from payments import services as payment_services


def request_payment(enrollment, *, amount) -> None:
    cohort = enrollment.cohort
    course = cohort.course
    payable_ref = str(enrollment.pk)
    trainee_part, shares = _split(cohort)
    payment_services.fee_split_record(payable_kind="enrollment", payable_ref=payable_ref, total_thb=cohort.fee_thb,
                                      payer_thb=trainee_part, shares=shares)
    payment_services.invoice_create(
        payable_kind="enrollment", payable_ref=payable_ref, payer=enrollment.trainee.user,
        payee_key=course.provider.slug if course.provider else "", amount=amount,
        description_th=f"ค่าเรียน {course.title} ({format_date(cohort.start_date, 'short', 'th')})",
        description_en=f"Fee: {course.title_en or course.title} ({format_date(cohort.start_date, 'short', 'en')})", due_at=enrollment.seat_held_until,
    )


def _split(cohort):
    shares = []
    if cohort.sponsor_id and cohort.sponsor_share_thb > 0:
        shares.append((cohort.sponsor.slug, cohort.sponsor.name_th, cohort.sponsor_share_thb))
    return cohort.trainee_fee_thb, shares


def cancel_payment(enrollment) -> None:
    """The seat was given up before payment: its open invoice is cancelled, so a late transfer is flagged for refund."""
    payment_services.invoices_cancel_for_payable(payable_kind="enrollment", payable_ref=str(enrollment.pk))
