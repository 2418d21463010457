"""Staff screen in the Wagtail admin: verify employers (a visit or a phone check, recorded with who and when)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from config.errors import attempt

from . import services
from .models import Employer, Verification

PERMISSION = "employers.add_verification"


def _require(user):
    if not user.has_perm(PERMISSION):
        raise PermissionDenied


def employer_list(request):
    _require(request.user)
    employers = Employer.objects.select_related("district").order_by("verified_at", "name")
    return render(request, "employers/admin/employers.html", {
        "unverified": [e for e in employers if not e.verified_at], "verified": [e for e in employers if e.verified_at],
        "methods": Verification.Method.choices,
    })


@require_POST
def employer_verify(request, employer_id: int):
    _require(request.user)
    employer = get_object_or_404(Employer, pk=employer_id)
    method = request.POST.get("method", "")
    if method not in Verification.Method.values:
        messages.error(request, gettext("เลือกวิธีตรวจสอบ"))
        return redirect("employers_admin:list")
    attempt(request, lambda: services.employer_verify(employer=employer, method=method, by=request.user,
                                                      note=request.POST.get("note", "")[:1000]),
            gettext("ยืนยัน %(name)s แล้ว") % {"name": employer.name})
    return redirect("employers_admin:list")
