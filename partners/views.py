"""Staff pages of the funding ledger. Thin: selectors compute, templates show."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from .exports import disbursement_csv
from .models import Grant
from .selectors import grant_balance, grant_checks, scheme_balance


def staff_member_required(view):
    """Ledger pages hold recipients' payment IDs: staff only; everyone else is sent to log in or refused."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "/login/")
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@staff_member_required
def ledger_list(request):
    grants = [(g, grant_balance(g), len(grant_checks(g))) for g in Grant.objects.order_by("-period_start", "id")]
    return render(request, "partners/ledger_list.html", {"grants": grants})


@staff_member_required
def ledger_detail(request, grant_id: int):
    grant = get_object_or_404(Grant, pk=grant_id)
    schemes = [(s, scheme_balance(s)) for s in grant.schemes.order_by("id")]
    return render(request, "partners/ledger_detail.html", {
        "grant": grant, "balance": grant_balance(grant), "schemes": schemes, "flags": grant_checks(grant),
    })


@staff_member_required
def ledger_transfer_csv(request, grant_id: int):
    grant = get_object_or_404(Grant, pk=grant_id)
    resp = HttpResponse(disbursement_csv(grant_id=grant.pk), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="transfers-grant-{grant.pk}.csv"'
    return resp
