"""Template tags the course page (a courses template) uses to show a visitor's own state for an intake, so courses
never imports trainees: `{% load enrolment %}{% cohort_state cohort request.user as state %}`."""

from django import template

from trainees.selectors import cohort_state_for

register = template.Library()


@register.simple_tag
def cohort_state(cohort, user) -> dict:
    return cohort_state_for(user, cohort)
