from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "trainees"
urlpatterns = [
    path("signup/", views.sign_up, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("me/", views.dashboard, name="dashboard"),
    path("cohorts/<int:cohort_id>/apply/", views.apply, name="apply"),
    path("me/enrolments/<int:enrollment_id>/withdraw/", views.withdraw, name="withdraw"),
]
