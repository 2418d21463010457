"""Search data kept in PostgreSQL: synonyms staff add without a deploy, anonymous search records, and employers'
"notify me when they graduate" watches on the training pipeline.

`SearchQueryLog` holds no personal data: no user, session, IP address or device; only what was searched, how many
courses it found, the district chosen and the course clicked. Rows older than SEARCH_LOG_RETENTION_DAYS
(default 365) are deleted daily by the `search.purge_query_log` task (see docs/SEARCH.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class SearchSynonym(models.Model):
    """A group of interchangeable search words staff add in the admin (effective within a minute, no reindex)."""

    terms = models.CharField(
        max_length=500,
        help_text=gettext_lazy("คำที่ใช้แทนกันได้ คั่นด้วยจุลภาค เช่น: มอไซ, มอเตอร์ไซค์, motorbike"),
    )
    note = models.CharField(max_length=255, blank=True,
                            help_text=gettext_lazy("ที่มา/เหตุผล"))
    active = models.BooleanField(default=True, help_text=gettext_lazy("ปิดไว้ชั่วคราวได้"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = gettext_lazy("คำพ้องความหมายในการค้นหา")
        verbose_name_plural = gettext_lazy("คำพ้องความหมายในการค้นหา")

    def __str__(self):
        return self.terms

    def group(self) -> tuple[str, ...]:
        cleaned = (" ".join(t.strip().lower().replace(".", " ").split())
                   for t in self.terms.replace("|", ",").split(","))
        return tuple(dict.fromkeys(t for t in cleaned if t))


class SearchQueryLog(models.Model):
    """One catalogue search (page 1 of a query), anonymous. See the module docstring for retention."""

    # one index only (created_at, for the report's months and the purge): each search writes a row
    query = models.CharField(max_length=200, blank=True, help_text=gettext_lazy("คำค้นหา (รูปแบบมาตรฐาน)"))
    results = models.PositiveIntegerField(help_text=gettext_lazy("จำนวนหลักสูตรที่พบ (0 = "
                                                                 "ความต้องการที่ยังไม่มีหลักสูตรรองรับ)"))
    relaxed = models.CharField(max_length=20, blank=True, help_text=gettext_lazy("การผ่อนเงื่อนไขการค้นหา "
                                                                                 "(ถ้ามี)"))
    district = models.CharField(max_length=4, blank=True, help_text=gettext_lazy("อำเภอที่เลือกกรอง"))
    clicked_course = models.CharField(max_length=64, blank=True, help_text=gettext_lazy("รหัสภายนอกของหลักสูตรที่คลิก"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = gettext_lazy("การค้นหา")

    def __str__(self):
        return f"{self.query} ({self.results})"


class PipelineWatch(models.Model):
    """An employer asked to hear when learners now in these cohorts (which teach skills their search missed)
    graduate and become discoverable. Fires once (`notified_at`); only counts are ever shown before that."""

    employer = models.ForeignKey("employers.Employer", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             help_text=gettext_lazy("ผู้ขอ และผู้ที่จะได้รับแจ้ง"))
    opening = models.ForeignKey("employers.Opening", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+")
    skills = models.JSONField(default=list, help_text=gettext_lazy("ทักษะที่การค้นหายังขาด [[รหัส, "
                                                                   "ระดับขั้นต่ำ]]"))
    cohort_ids = models.JSONField(default=list, help_text=gettext_lazy("รุ่นที่ติดตามผู้เรียนอยู่"))
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["notified_at"])]

    def __str__(self):
        return f"pipeline watch {self.pk} for employer {self.employer_id}"
