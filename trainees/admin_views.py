"""Staff screens in the Wagtail admin for running a cohort: roster, sessions and attendance (one tap per learner,
made for a tablet), assessment grid, bulk graduation, certificate revocation. Scoped by page permissions."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from config.errors import SaphanError, attempt
from config.formfields import parse_day_month_year

from . import graduation, selectors
from .models import Assessment, Certificate, CohortSession


def _cohort(request, cohort_id):
    return get_object_or_404(selectors.cohorts_for_staff(request.user), pk=cohort_id)


def cohort_list(request):
    cohorts = selectors.cohorts_for_staff(request.user).order_by("-start_date")[:200]
    return render(request, "trainees/admin/cohort_list.html", {"cohorts": cohorts})


def cohort_detail(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    if request.method == "POST" and request.POST.get("action") == "session":
        try:
            on = parse_day_month_year(request.POST.get("date", ""))  # ISO from the date box, or typed dd/mm/yyyy
            if on is None:
                raise ValueError("unreadable date")
            graduation.session_add(cohort=cohort, on=on, topic=request.POST.get("topic", "")[:255])
            messages.success(request, gettext("เพิ่มวันเรียนแล้ว"))
        except ValueError:
            messages.error(request, gettext("วันที่ไม่ถูกต้อง"))
        except SaphanError as exc:
            messages.error(request, exc.user_message())
        return redirect("trainees_admin:cohort", cohort.pk)
    return render(request, "trainees/admin/cohort_detail.html", {
        "cohort": cohort, "roster": selectors.roster(cohort), "sessions": cohort.sessions.all(),
        "skills": cohort.course.course_skills.select_related("skill"),
    })


def attendance(request, cohort_id, session_id):
    cohort = _cohort(request, cohort_id)
    session = get_object_or_404(CohortSession, pk=session_id, cohort=cohort)
    roster = selectors.roster(cohort)
    if request.method == "POST":
        try:
            present = _present_ids(request.POST)
            count = graduation.attendance_mark(session=session, present_ids=present, by=request.user)
        except (ValueError, SaphanError) as exc:
            messages.error(request, exc.user_message() if isinstance(exc, SaphanError) else gettext("ข้อมูลไม่ถูกต้อง"))
        else:
            messages.success(request, gettext("บันทึกการเข้าเรียน %(count)s คนแล้ว") % {"count": count})
            return redirect("trainees_admin:cohort", cohort.pk)
    marks = {a.enrollment_id: a.present for a in session.attendance.all()}
    for enrollment in roster:
        enrollment.present = marks.get(enrollment.pk, True)  # first time: everyone starts as "present", labelled so
    present_count = sum(1 for e in roster if e.present)
    return render(request, "trainees/admin/attendance.html", {
        "cohort": cohort, "session": session, "roster": roster,
        "present_count": present_count, "absent_count": len(roster) - present_count,
    })


def _present_ids(post) -> set[int]:
    """Learners marked present: one present/absent choice per learner (`mark-<enrolment id>`); a plain list of
    `present` ids is still read (older forms, scripts). A forged id raises ValueError or fails the roster check."""
    marks = {key.removeprefix("mark-"): value for key, value in post.items() if key.startswith("mark-")}
    if marks:
        return {int(pk) for pk, value in marks.items() if value == "present"}
    return {int(v) for v in post.getlist("present")}


def assessments(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    roster = selectors.roster(cohort)
    course_skills = list(cohort.course.course_skills.select_related("skill"))
    if request.method == "POST":
        errors = 0
        for enrollment in roster:
            for cs in course_skills:
                result = request.POST.get(f"r-{enrollment.pk}-{cs.skill_id}", "")
                if result not in ("pass", "fail"):
                    continue
                raw = request.POST.get(f"s-{enrollment.pk}-{cs.skill_id}", "").strip()
                try:
                    score = Decimal(raw) if raw else None
                    graduation.assessment_record(enrollment=enrollment, skill=cs.skill, passed=result == "pass",
                                                 score=score, by=request.user)
                except (InvalidOperation, SaphanError):
                    errors += 1
        if errors:
            messages.error(request, f"บันทึกไม่ได้ {errors} รายการ (คะแนน 0–100) / "
                                    f"{errors} results not saved (score 0–100)")
        else:
            messages.success(request, gettext("บันทึกผลการประเมินแล้ว"))
        return redirect("trainees_admin:assess", cohort.pk)
    results = {(a.enrollment_id, a.skill_id): a for a in Assessment.objects.filter(enrollment__cohort=cohort)}
    rows = [(e, [(cs, results.get((e.pk, cs.skill_id))) for cs in course_skills]) for e in roster]
    return render(request, "trainees/admin/assessments.html",
                  {"cohort": cohort, "rows": rows, "course_skills": course_skills})


@require_POST
def graduate(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    try:
        chosen = {int(v) for v in request.POST.getlist("enrollment")} or None
        overrides = {int(v) for v in request.POST.getlist("override")}
        result = graduation.cohort_graduate(cohort=cohort, by=request.user, enrollment_ids=chosen,
                                            override_ids=overrides,
                                            override_reason=request.POST.get("override_reason", ""))
    except (ValueError, SaphanError) as exc:
        messages.error(request, exc.user_message() if isinstance(exc, SaphanError) else gettext("ข้อมูลไม่ถูกต้อง"))
    else:
        messages.success(request, gettext(
            "จบหลักสูตร %(completed)s คน, ไม่จบ %(not_completed)s คน, ออกใบรับรอง %(certificates)s ใบ") % {
            "completed": len(result["completed"]), "not_completed": len(result["not_completed"]),
            "certificates": len(result["certificates"])})
    return redirect("trainees_admin:cohort", cohort.pk)


def revoke(request, code):
    certificate = get_object_or_404(Certificate.objects.filter(
        enrollment__cohort__in=selectors.cohorts_for_staff(request.user)), code=code)
    if request.method == "POST" and attempt(request, lambda: graduation.certificate_revoke(
            certificate=certificate, reason=request.POST.get("reason", ""), by=request.user),
            gettext("เพิกถอนใบรับรอง %(code)s แล้ว") % {"code": certificate.code}):
        return redirect("trainees_admin:cohort", certificate.enrollment.cohort_id)
    return render(request, "trainees/admin/revoke.html", {"certificate": certificate})


def protection_reviews(request):
    """Held birth-date changes and reused guardian numbers: staff approve (the change takes effect / the code is
    sent) or refuse (nothing changes). Needs the change_protectionreview permission."""
    from django.core.exceptions import PermissionDenied

    from . import privacy
    from .models import ProtectionReview

    if not request.user.has_perm("trainees.change_protectionreview"):
        raise PermissionDenied
    if request.method == "POST":
        review = get_object_or_404(ProtectionReview, pk=request.POST.get("review") or 0, resolved_at__isnull=True)
        approve = request.POST.get("decision") == "approve"
        attempt(request, lambda: privacy.protection_review_resolve(review=review, by=request.user, approve=approve),
                gettext("บันทึกผลการตรวจแล้ว"))
        return redirect("trainees_admin:reviews")
    reviews = (ProtectionReview.objects.filter(resolved_at__isnull=True).select_related("trainee__user")
               .order_by("created_at")[:200])
    return render(request, "trainees/admin/protection_reviews.html", {"reviews": reviews})
