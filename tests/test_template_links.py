"""Links to the site's own pages come from `{% url %}`, so they carry the reader's language: Thai pages link to
/..., English pages to /en/..., the same page either way."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from courses.models import Cohort
from tests.factories import make_course
from trainees.models import TraineeProfile


def _links(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_links_to_app_pages_keep_the_language(prefix, reference_data):
    course = make_course()
    cohort = Cohort.objects.get(course=course)
    course_path = course.url  # Thai, before any request activates English in this thread
    anonymous = Client()

    login = _links(anonymous, f"{prefix}/login/")
    for target in ("/signup/", "/password-reset/", "/employers/register/"):
        assert f'href="{prefix}{target}"' in login, target
    assert f'href="{prefix}/login/?next=' in _links(anonymous, f"{prefix}/signup/?next=/me/")

    course_html = _links(anonymous, prefix + course_path)
    assert f'href="{prefix}/login/"' in course_html  # the header's log-in link
    assert f'href="{prefix}/signup/?next={prefix}/cohorts/{cohort.pk}/apply/"' in course_html

    youth = get_user_model().objects.create_user(username="0891237777", phone="0891237777", password="x-123456")
    TraineeProfile.objects.create(user=youth, full_name="ทดสอบ ลิงก์", birth_date=dt.date(2006, 1, 1),
                                  district_id="4001")
    signed_in = Client()
    signed_in.force_login(youth)
    assert f'href="{prefix}/cohorts/{cohort.pk}/apply/"' in _links(signed_in, prefix + course_path)
    dashboard = _links(signed_in, f"{prefix}/me/")
    for target in ("/me/openings/", "/me/requests/", "/me/viewers/", "/me/placements/"):
        assert f'href="{prefix}{target}"' in dashboard, target
