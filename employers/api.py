"""Employer-facing JSON API: a graduate's profile (logged) and, for graduates, who viewed them."""

from django.http import Http404
from ninja import Router
from ninja.security import django_auth

from . import selectors, services

router = Router(tags=["employers"], auth=django_auth)


@router.get("/graduates/{external_id}", summary="A graduate's profile, as far as they agreed; every view is logged")
def graduate_profile(request, external_id: str, employer: int | None = None):
    employers = selectors.employers_of(request.user)
    chosen = employers.filter(pk=employer).first() if employer else employers.first()
    if chosen is None:
        raise Http404
    selectors.require_verified(chosen)
    trainee = selectors.discoverable_graduates().filter(external_id=external_id).first()
    if trainee is None:
        raise Http404
    services.profile_view_log(trainee=trainee, employer=chosen, viewer=request.user, context="api")
    return selectors.graduate_profile_for_employer(trainee)


@router.get("/me/viewers", summary="For a graduate: which employers looked at my profile, and when")
def my_viewers(request):
    trainee = getattr(request.user, "trainee", None)
    if trainee is None:
        raise Http404
    return [{"employer": view.employer.name, "viewed_at": view.viewed_at.isoformat(), "context": view.context}
            for view in selectors.profile_views_of(trainee)[:200]]
