from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class MatchingConfig(AppConfig):
    """Employer-facing matching (graduate search, an opening's matches, openings for a graduate) and the daily
    job alerts. Above employers and search in the one-way chain: it imports both, neither imports it."""

    name = "matching"
    verbose_name = gettext_lazy("จับคู่งาน")
