"""Employer- and graduate-facing JSON API (mounted at /api/employers): graduate profiles (logged), contact
requests, applications, hires and placements. Every row is looked up scoped to the person asking, so another
employer's id answers 404 exactly like a missing one; business-rule errors answer with message_th/message_en."""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from config.errors import or_404

from . import selectors, services
from .models import Application, ContactRequest

router = Router(tags=["employers"], auth=django_auth)


class ErrorOut(Schema):
    error: str
    message_th: str
    message_en: str


ERRORS = {400: ErrorOut, 403: ErrorOut}


def _employer(request, employer_id: int | None = None):
    return or_404(selectors.member_employer(request.user, employer_id))


def _trainee(request):
    return or_404(selectors.trainee_of(request.user))


@router.get("/graduates/{ref}", summary="A graduate's profile, as far as they agreed; every view is logged")
def graduate_profile(request, ref: str, employer: int | None = None):
    chosen = _employer(request, employer)
    selectors.require_verified(chosen)
    trainee = or_404(selectors.discoverable_graduate(ref))
    services.profile_view_log(trainee=trainee, employer=chosen, viewer=request.user, context="api")
    return selectors.graduate_profile_for_employer(trainee, chosen)


@router.get("/me/viewers", summary="For a graduate: which employers looked at my profile, and when")
def my_viewers(request):
    trainee = _trainee(request)
    return [{"employer": view.employer.name, "viewed_at": view.viewed_at.isoformat(), "context": view.context}
            for view in selectors.profile_views_of(trainee)[:200]]


# --- contact requests ---------------------------------------------------------------------------------------------

class ContactRequestIn(Schema):
    graduate: str = Field(..., max_length=64, description="the graduate's public reference")
    opening: str | None = Field(None, max_length=64, description="one of your openings (its reference), optional")
    message: str = Field("", max_length=1000)


class ContactRequestOut(Schema):
    id: int
    graduate: str
    opening: str | None
    employer: str
    status: str = Field(..., description="sent | accepted | declined | withdrawn")
    message: str
    created_at: datetime
    answered_at: datetime | None
    phone: str | None = Field(None, description="only once the graduate accepted")
    name: str | None = Field(None, description="full name, only once the graduate accepted (or if they show it)")
    employer_phone: str | None = Field(None, description="for the graduate: the shop's phone, once they accepted")
    employer_address: str | None = Field(None, description="for the graduate: the shop's address, once they accepted")


def _request_out(request: ContactRequest, *, for_employer: bool) -> dict:
    revealed = for_employer and request.status == ContactRequest.Status.ACCEPTED and selectors.contact_revealed(
        request.employer, request.trainee)
    shop_shared = not for_employer and request.status == ContactRequest.Status.ACCEPTED
    return {
        "id": request.pk, "graduate": request.trainee.public_ref,
        "opening": request.opening.external_id if request.opening else None, "employer": request.employer.name,
        "status": request.status, "message": request.message, "created_at": request.created_at,
        "answered_at": request.answered_at,
        "phone": (request.trainee.user.phone or None) if revealed else None,
        "name": request.trainee.full_name if (revealed or not for_employer) else None,
        "employer_phone": (request.employer.phone or None) if shop_shared else None,
        "employer_address": (request.employer.address or None) if shop_shared else None,
    }


@router.post("/contact-requests", response={201: ContactRequestOut, **ERRORS},
             summary="Ask a discoverable graduate for contact (verified employers only)")
def contact_request_send(request, payload: ContactRequestIn, employer: int | None = None):
    chosen = _employer(request, employer)
    selectors.require_verified(chosen)
    trainee = or_404(selectors.discoverable_graduate(payload.graduate))
    opening = None
    if payload.opening:
        opening = selectors.opening_for_member(request.user, payload.opening)
        if opening is None or opening.employer_id != chosen.pk:
            raise Http404
    sent = services.contact_request_send(employer=chosen, sent_by=request.user, trainee=trainee, opening=opening,
                                         message=payload.message)
    return Status(201, _request_out(sent, for_employer=True))


@router.get("/contact-requests", response=list[ContactRequestOut], summary="Contact requests my employer sent")
def contact_requests_sent(request, employer: int | None = None):
    chosen = _employer(request, employer)
    return [_request_out(r, for_employer=True) for r in selectors.contact_requests_sent(chosen)[:200]]


@router.get("/contact-requests/{request_id}", response=ContactRequestOut, summary="One of my employer's requests")
def contact_request_detail(request, request_id: int):
    contact = or_404(selectors.contact_request_for_member(request.user, request_id))
    return _request_out(contact, for_employer=True)


@router.post("/contact-requests/{request_id}/withdraw", response={200: ContactRequestOut, **ERRORS},
             summary="Withdraw a request my employer sent")
def contact_request_withdraw(request, request_id: int):
    contact = or_404(selectors.contact_request_for_member(request.user, request_id))
    return _request_out(services.contact_request_withdraw(contact_request=contact, by=request.user),
                        for_employer=True)


class AnswerIn(Schema):
    accept: bool = Field(..., description="true: share my name and phone with this employer; false: decline")


@router.get("/me/contact-requests", response=list[ContactRequestOut],
            summary="For a graduate: employers who asked to contact me")
def my_contact_requests(request):
    trainee = _trainee(request)
    return [_request_out(r, for_employer=False) for r in selectors.contact_requests_for(trainee)[:200]]


@router.post("/me/contact-requests/{request_id}/answer", response={200: ContactRequestOut, **ERRORS},
             summary="For a graduate: accept or decline a contact request")
def my_contact_request_answer(request, request_id: int, payload: AnswerIn):
    contact = or_404(selectors.contact_request_for_trainee(request.user, request_id))
    answered = services.contact_request_answer(contact_request=contact, by=request.user, accept=payload.accept)
    return _request_out(answered, for_employer=False)


# --- applications, hires, placements ------------------------------------------------------------------------------

class ApplicationIn(Schema):
    message: str = Field("", max_length=1000)


class ApplicationOut(Schema):
    id: int
    opening: str
    title: str
    employer: str
    graduate: str
    status: str = Field(..., description="applied | shortlisted | rejected | hired | withdrawn")
    created_at: datetime
    name: str | None = Field(None, description="employers see applicants' names and phones: applying shares them")
    phone: str | None = None


def _application_out(application: Application, *, for_employer: bool) -> dict:
    shared = not for_employer or application.status != Application.Status.WITHDRAWN
    return {
        "id": application.pk, "opening": application.opening.external_id,
        "title": application.opening.title, "employer": application.opening.employer.name,
        "graduate": application.trainee.public_ref, "status": application.status,
        "created_at": application.created_at,
        "name": application.trainee.full_name if shared else None,
        "phone": (application.trainee.user.phone or None) if (for_employer and shared) else None,
    }


@router.post("/openings/{external_id}/applications", response={201: ApplicationOut, **ERRORS},
             summary="For a graduate: apply to an open opening (shares my name and phone with the employer)")
def apply(request, external_id: str, payload: ApplicationIn):
    trainee = _trainee(request)
    opening = or_404(selectors.open_opening(external_id))
    application = services.application_apply(trainee=trainee, opening=opening, message=payload.message)
    return Status(201, _application_out(application, for_employer=False))


@router.get("/openings/{external_id}/applications", response=list[ApplicationOut],
            summary="Applicants for one of my openings")
def applicants(request, external_id: str):
    opening = or_404(selectors.opening_for_member(request.user, external_id))
    return [_application_out(a, for_employer=True) for a in selectors.applications_for_opening(opening)]


class StatusIn(Schema):
    status: str = Field(..., pattern="^(shortlisted|rejected)$")


@router.post("/applications/{application_id}/status", response={200: ApplicationOut, **ERRORS},
             summary="Shortlist or turn down an applicant")
def application_status(request, application_id: int, payload: StatusIn):
    application = or_404(selectors.application_for_member(request.user, application_id))
    updated = services.application_set_status(application=application, by=request.user, status=payload.status)
    return _application_out(updated, for_employer=True)


class HireIn(Schema):
    start_date: date
    wage_thb: Decimal = Field(..., max_digits=10, decimal_places=2, gt=0)
    wage_unit: str = Field("day", pattern="^(day|month)$")


class PlacementOut(Schema):
    id: int
    graduate: str
    employer: str
    opening: str | None
    start_date: date
    wage_thb: Decimal
    wage_unit: str
    confirmed_by_graduate_at: datetime | None


def _placement_out(placement) -> dict:
    return {"id": placement.pk, "graduate": placement.trainee.public_ref,
            "employer": placement.employer.name,
            "opening": placement.opening.external_id if placement.opening else None,
            "start_date": placement.start_date, "wage_thb": placement.wage_thb, "wage_unit": placement.wage_unit,
            "confirmed_by_graduate_at": placement.confirmed_by_graduate_at}


@router.post("/applications/{application_id}/hire", response={201: PlacementOut, **ERRORS},
             summary="Hire an applicant: records a placement the graduate then confirms")
def application_hire(request, application_id: int, payload: HireIn):
    application = or_404(selectors.application_for_member(request.user, application_id))
    placement = services.application_hire(application=application, by=request.user, start_date=payload.start_date,
                                          wage_thb=payload.wage_thb, wage_unit=payload.wage_unit)
    return Status(201, _placement_out(placement))


@router.get("/me/applications", response=list[ApplicationOut], summary="For a graduate: my applications")
def my_applications(request):
    trainee = _trainee(request)
    return [_application_out(a, for_employer=False) for a in selectors.applications_of(trainee)]


@router.post("/me/applications/{application_id}/withdraw", response={200: ApplicationOut, **ERRORS},
             summary="For a graduate: withdraw my application")
def my_application_withdraw(request, application_id: int):
    application = or_404(selectors.application_for_trainee(request.user, application_id))
    return _application_out(services.application_withdraw(application=application, by=request.user),
                            for_employer=False)


@router.get("/me/placements", response=list[PlacementOut], summary="For a graduate: my recorded hires")
def my_placements(request):
    return [_placement_out(p) for p in selectors.placements_of(_trainee(request))]


@router.post("/me/placements/{placement_id}/confirm", response={200: PlacementOut, **ERRORS},
             summary="For a graduate: confirm a recorded hire")
def my_placement_confirm(request, placement_id: int):
    placement = or_404(selectors.placement_for_trainee(request.user, placement_id))
    return _placement_out(services.placement_confirm(placement=placement, by=request.user))


__all__ = ["router"]
