"""Pages of the partners app: the funding ledger (staff), referrals (partner officers), the follow-up survey
(public, by token) and the impact page (public). Thin: services write, selectors and reports compute."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from config.errors import SaphanError, attempt, or_404

from . import referrals, services
from .exceptions import SurveyNotFound
from .exports import disbursement_csv
from .forms import ReferralForm, SurveyForm
from .models import PlacementSurvey
from .referrals import referral_current, referral_progress, referrals_visible_to, with_progress
from .reports import impact_figures
from .selectors import grant_balance, grant_checks, grants_visible_to, scheme_balance, scheme_transfers


def staff_login_required(view):
    """Ledger pages list recipients: staff only (each then sees only their organisation's grants, see
    selectors.grants_visible_to). Someone signed out is sent to the site's log-in page (Django's
    staff_member_required would send them to the admin's); someone signed in who is not staff gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("trainees:login"))
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@staff_login_required
def ledger_list(request):
    grants = [(g, grant_balance(g), len(grant_checks(g)))
              for g in grants_visible_to(request.user).order_by("-period_start", "id")]
    return render(request, "partners/ledger_list.html", {"grants": grants})


@staff_login_required
def ledger_detail(request, grant_id: int):
    grant = get_object_or_404(grants_visible_to(request.user), pk=grant_id)  # another organisation's: 404
    schemes = [(s, scheme_balance(s)) for s in grant.schemes.order_by("id")]
    revolving = [(s, scheme_transfers(s)) for s, _ in schemes if s.revolving]
    return render(request, "partners/ledger_detail.html", {
        "grant": grant, "balance": grant_balance(grant), "schemes": schemes, "flags": grant_checks(grant),
        "revolving": revolving,
    })


@staff_login_required
def ledger_transfer_csv(request, grant_id: int):
    grant = get_object_or_404(grants_visible_to(request.user), pk=grant_id)
    resp = HttpResponse(disbursement_csv(grant_id=grant.pk), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="transfers-grant-{grant.pk}.csv"'
    return resp


# ---------------------------------------------------------------------------------------------------------------
# Partner officers: refer a youth, follow their referrals. A partner sees only its own referrals, and only the
# referral's own fields and progress dates, nothing else about the person.


def partner_member_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("trainees:login"))
        if getattr(request.user, "partner_membership", None) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _with_status(referral):
    referral.status_code, referral.status_since = referral_current(referral)
    referral.status_label = dict((s["code"], s) for s in referral_progress(referral))[referral.status_code]
    return referral


@partner_member_required
def referral_list(request):
    membership = request.user.partner_membership
    qs = with_progress(referrals_visible_to(request.user)).order_by("-created_at", "-pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "partners/referral_list.html", {
        "partner": membership.partner, "page": page, "referrals": [_with_status(r) for r in page.object_list],
    })


@partner_member_required
def referral_new(request):
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_refer(user=request.user, full_name=data["full_name"], phone=data["phone"],
                                               consent_by=data["consent_by"], national_id=data["national_id"],
                                               email=data["email"], course=data["course"])
        except SaphanError as exc:
            form.add_error(None, exc.user_message())
        else:
            messages.success(request, gettext("ส่งต่อ %(name)s และส่งคำเชิญแล้ว") % {"name": referral.full_name})
            return redirect("partners:referral_list")
    return render(request, "partners/referral_form.html", {"form": form,
                                                          "partner": request.user.partner_membership.partner})


@partner_member_required
def referral_detail(request, referral_id: int):
    # another partner's referral answers exactly like a missing one
    referral = get_object_or_404(with_progress(referrals_visible_to(request.user)), pk=referral_id)
    return render(request, "partners/referral_detail.html", {
        "referral": _with_status(referral), "steps": referral_progress(referral),
    })


@partner_member_required
@require_POST
def referral_reinvite(request, referral_id: int):
    referral = get_object_or_404(referrals_visible_to(request.user), pk=referral_id)
    if referral.trainee_id is None:
        services.referral_invite(referral=referral)
        messages.success(request, gettext("ส่งคำเชิญอีกครั้งแล้ว"))
    return redirect("partners:referral_detail", referral_id=referral.pk)


# ---------------------------------------------------------------------------------------------------------------
# Follow-up survey (public, the token is the key)


def survey(request, token: str):
    found = or_404(PlacementSurvey.objects.select_related("placement__employer").filter(token=token).first())
    if found.answered_at:
        return render(request, "partners/survey.html", {"survey": found, "done": True})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.placement_survey_answer(token=token, still_working=data["still_working"], wage=data["wage"],
                                             wage_unit=data["wage_unit"] or "day")
        except SurveyNotFound:
            raise Http404 from None
        except SaphanError as exc:
            form.add_error(None, exc.user_message())
        else:
            return redirect("partners:survey", token=token)
    return render(request, "partners/survey.html", {"survey": found, "form": form})


# ---------------------------------------------------------------------------------------------------------------
# Public impact page (Thai at /impact/, English at /en/impact/)

IMPACT_CACHE_KEY = "partners:impact:v1"


def impact(request):
    figures = cache.get(IMPACT_CACHE_KEY)
    if figures is None:
        figures = impact_figures()
        # apps above partners add their sections (e.g. conversions per district) through settings
        figures["sections"] = [{"template": template, "d": import_string(path)()}
                               for path, template in getattr(settings, "SAPHAN_IMPACT_SECTIONS", [])]
        cache.set(IMPACT_CACHE_KEY, figures, settings.SAPHAN_IMPACT_CACHE_SECONDS)
    return render(request, "partners/impact.html", {"f": figures})


# ---------------------------------------------------------------------------------------------------------------
# The youth's side: confirm (or not) that a partner referred them


@login_required
def my_referrals(request):
    """/me/referrals/: each partner that referred this phone or national ID, named, with yes / no. Only a
    confirmed referral shows the partner the youth's progress; the youth can stop sharing at any time."""
    from trainees.models import TraineeProfile

    profile = TraineeProfile.objects.filter(user=request.user, anonymised_at__isnull=True).first()
    if profile is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            referral_id = int(request.POST.get("referral", ""))
        except ValueError:
            referral_id = 0
        if action in ("confirm", "decline"):
            attempt(request, lambda: referrals.referral_confirm(trainee=profile, referral_id=referral_id,
                                                               confirm=action == "confirm"),
                    gettext("บันทึกแล้ว"))
        elif action == "stop":
            referrals.referral_stop_sharing(trainee=profile, referral_id=referral_id)
            messages.success(request, gettext("หยุดแบ่งปันความคืบหน้ากับหน่วยงานนี้แล้ว"))
        return redirect("my_referrals")
    return render(request, "partners/my_referrals.html", {
        "profile": profile, "pending": list(referrals.referrals_to_confirm(profile)),
        "confirmed": list(referrals.referrals_confirmed_by(profile)),
        "phone_unverified": not request.user.phone_verified_at,
    })
