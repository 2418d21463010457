"""Forms of the partner officer pages, the follow-up survey and the outcome report filters."""

from django import forms
from django.utils.translation import gettext_lazy

from config.formfields import AmountField, DayMonthYearField, DigitsField
from courses.models import Cohort, CoursePage, District, Sponsor
from employers.models import Opening

from .models import Partner, Referral
from .reports import DIMENSIONS, ReportFilter


class ReferralForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("ชื่อ-นามสกุลของเยาวชน"), max_length=255)
    phone = DigitsField(label=gettext_lazy("เบอร์มือถือของเยาวชน"), max_length=20,
                        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    email = forms.EmailField(label=gettext_lazy("อีเมล (ไม่บังคับ)"), required=False)
    national_id = DigitsField(label=gettext_lazy("เลขประจำตัวประชาชน (ไม่บังคับ)"), required=False,
                              max_length=17, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    course = forms.ModelChoiceField(
        CoursePage.objects.live().order_by("title"), required=False, label=gettext_lazy("แนะนำหลักสูตร (ไม่บังคับ)"),
        empty_label=gettext_lazy("— สะพานอาชีพโดยรวม"))
    consent_by = forms.ChoiceField(label=gettext_lazy("ผู้ให้ความยินยอม"), choices=Referral.ConsentBy.choices,
                                   widget=forms.RadioSelect)
    consent_confirmed = forms.BooleanField(
        label=gettext_lazy("เยาวชนหรือผู้ปกครองยินยอมให้ส่งชื่อและเบอร์โทรให้สะพานอาชีพเพื่อติดต่อเรื่องการฝึกอาชีพ"))


class SurveyForm(forms.Form):
    still_working = forms.TypedChoiceField(
        label=gettext_lazy("ตอนนี้ยังทำงานที่เดิมอยู่ไหม"),
        choices=[("yes", gettext_lazy("ยังทำอยู่")), ("no", gettext_lazy("ไม่ได้ทำแล้ว"))], widget=forms.RadioSelect,
        coerce=lambda v: v == "yes")
    wage = AmountField(label=gettext_lazy("ค่าจ้างตอนนี้ (ไม่บังคับ)"), required=False,
                       max_digits=9, decimal_places=2, min_value=1)
    wage_unit = forms.ChoiceField(label=gettext_lazy("ต่อ"), choices=Opening.WageUnit.choices, initial="day",
                                  required=False)


class ReportFilterForm(forms.Form):
    course = forms.ModelChoiceField(CoursePage.objects.order_by("title"), required=False, label=gettext_lazy("หลักสูตร"))
    cohort = forms.ModelChoiceField(Cohort.objects.select_related("course").order_by("-start_date"), required=False,
                                    label=gettext_lazy("รุ่น"))
    district = forms.ModelChoiceField(District.objects.order_by("name_th"), required=False, to_field_name="code",
                                      label=gettext_lazy("อำเภอ"))
    sponsor = forms.ModelChoiceField(Sponsor.objects.order_by("name_th"), required=False,
                                     label=gettext_lazy("ผู้สนับสนุน"))
    partner = forms.ModelChoiceField(Partner.objects.order_by("name"), required=False, label=gettext_lazy("ภาคี"))
    date_from = DayMonthYearField(required=False, label=gettext_lazy("ตั้งแต่"))
    date_to = DayMonthYearField(required=False, label=gettext_lazy("ถึง"))
    by = forms.ChoiceField(required=False, label=gettext_lazy("แยกตาม"),
                           choices=[("", "—")] + [(k, f"{th} / {en}") for k, (th, en) in DIMENSIONS.items()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].label_from_instance = lambda c: f"{c.course.title} · {c.code or c.start_date}"

    def report_filter(self) -> tuple[ReportFilter, str | None]:
        """The filter from the valid fields; an invalid or forged value is ignored (and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})

        def pk(name):
            value = data.get(name)
            return value.pk if value is not None else None

        flt = ReportFilter(course_id=pk("course"), cohort_id=pk("cohort"), district_code=pk("district"),
                           sponsor_id=pk("sponsor"), partner_id=pk("partner"), date_from=data.get("date_from"),
                           date_to=data.get("date_to"))
        return flt, data.get("by") or None
