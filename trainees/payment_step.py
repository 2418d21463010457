"""The enrolment's payment step, behind payments' small interface (payments knows nothing of courses)."""

from config.dates import format_date
from payments import selectors as payment_selectors
from payments import services as payment_services


def can_collect(cohort) -> bool:
    """Whether the course's provider can receive PromptPay money (a payee exists for its slug)."""
    provider = cohort.course.provider
    return bool(provider) and payment_selectors.payee_exists(provider.slug)


def cancel_open_invoices(enrollment, *, by=None) -> None:
    """A learner who withdraws before paying must not be able to pay for a seat they no longer hold."""
    for invoice in payment_selectors.invoices_for_payable("enrollment", enrollment.pk).filter(status="open"):
        payment_services.invoice_cancel(invoice=invoice, by=by, reason="enrolment withdrawn")


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
        description_en=f"Fee: {course.title_en or course.title} ({format_date(cohort.start_date, 'short', 'en')})",
        due_at=enrollment.seat_held_until,
    )


def _split(cohort):
    shares = []
    if cohort.sponsor_id and cohort.sponsor_share_thb > 0:
        shares.append((cohort.sponsor.slug, cohort.sponsor.name_th, cohort.sponsor_share_thb))
    return cohort.trainee_fee_thb, shares

