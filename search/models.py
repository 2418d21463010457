"""The search app's own rows: employers' "notify me when they graduate" watches on the training pipeline."""

from django.conf import settings
from django.db import models


class PipelineWatch(models.Model):
    """An employer asked to hear when learners now in these cohorts (which teach skills their search missed)
    graduate and become discoverable. Fires once (`notified_at`); only counts are ever shown before that."""

    employer = models.ForeignKey("employers.Employer", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             help_text="Who asked, and who is told")
    opening = models.ForeignKey("employers.Opening", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+")
    skills = models.JSONField(default=list, help_text="[[code, min_level]] the search was missing")
    cohort_ids = models.JSONField(default=list, help_text="Cohorts whose learners are watched")
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["notified_at"])]

    def __str__(self):
        return f"pipeline watch {self.pk} for employer {self.employer_id}"
