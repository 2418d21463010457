from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "trainees"
urlpatterns = [
    path("signup/", views.sign_up, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("me/", views.dashboard, name="dashboard"),
    path("me/profile/", views.profile_edit, name="profile"),
    path("me/verify-phone/", views.phone_verify, name="verify_phone"),
    path("me/privacy/", views.privacy_page, name="privacy"),
    path("me/privacy/guardian/", views.guardian_request, name="guardian_request"),
    path("me/privacy/guardian/confirm/", views.guardian_confirm, name="guardian_confirm"),
    path("me/consent/guardian/", views.guardian_step, name="guardian_step"),
    path("me/privacy/my-data.json", views.data_export, name="export"),
    path("me/privacy/my-data/", views.data_page, name="my_data"),
    path("me/privacy/delete/", views.data_delete, name="delete"),
    path("me/certificates/<str:code>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("cohorts/<int:cohort_id>/apply/", views.apply, name="apply"),
    path("me/enrolments/<int:enrollment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("verify/<str:code>", views.verify, name="verify"),
    path("verify/<str:code>/badge.json", views.certificate_badge, name="badge"),
]
