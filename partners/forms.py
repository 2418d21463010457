"""Forms of the partner officer pages, the follow-up survey and the outcome report filters."""

from django import forms

from config.formfields import AmountField, DayMonthYearField, DigitsField
from courses.models import Cohort, CoursePage, District, Sponsor
from employers.models import Opening

from .models import Partner, Referral
from .reports import DIMENSIONS, ReportFilter


class ReferralForm(forms.Form):
    full_name = forms.CharField(label="ชื่อ-นามสกุลของเยาวชน / Youth's full name", max_length=255)
    phone = DigitsField(label="เบอร์มือถือของเยาวชน / Youth's mobile", max_length=20,
                        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    email = forms.EmailField(label="อีเมล (ไม่บังคับ) / E-mail (optional)", required=False)
    national_id = DigitsField(label="เลขประจำตัวประชาชน (ไม่บังคับ) / National ID (optional)", required=False,
                              max_length=17, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    course = forms.ModelChoiceField(
        CoursePage.objects.live().order_by("title"), required=False, label="แนะนำหลักสูตร (ไม่บังคับ) / Course (optional)",
        empty_label="— สะพานอาชีพโดยรวม / Saphan in general —")
    consent_by = forms.ChoiceField(label="ผู้ให้ความยินยอม / Consent given by", choices=Referral.ConsentBy.choices,
                                   widget=forms.RadioSelect)
    consent_confirmed = forms.BooleanField(
        label="เยาวชนหรือผู้ปกครองยินยอมให้ส่งชื่อและเบอร์โทรให้สะพานอาชีพเพื่อติดต่อเรื่องการฝึกอาชีพ / "
              "The youth or guardian agreed that Saphan may contact them about training")


class SurveyForm(forms.Form):
    still_working = forms.TypedChoiceField(
        label="ตอนนี้ยังทำงานที่เดิมอยู่ไหม / Are you still working there?",
        choices=[("yes", "ยังทำอยู่ / yes"), ("no", "ไม่ได้ทำแล้ว / no")], widget=forms.RadioSelect,
        coerce=lambda v: v == "yes")
    wage = AmountField(label="ค่าจ้างตอนนี้ (ไม่บังคับ) / Current wage (optional)", required=False,
                       max_digits=9, decimal_places=2, min_value=1)
    wage_unit = forms.ChoiceField(label="ต่อ / per", choices=Opening.WageUnit.choices, initial="day", required=False)


class ReportFilterForm(forms.Form):
    course = forms.ModelChoiceField(CoursePage.objects.order_by("title"), required=False, label="หลักสูตร / Course")
    cohort = forms.ModelChoiceField(Cohort.objects.select_related("course").order_by("-start_date"), required=False,
                                    label="รุ่น / Cohort")
    district = forms.ModelChoiceField(District.objects.order_by("name_th"), required=False, to_field_name="code",
                                      label="อำเภอ / District")
    sponsor = forms.ModelChoiceField(Sponsor.objects.order_by("name_th"), required=False, label="ผู้สนับสนุน / Sponsor")
    partner = forms.ModelChoiceField(Partner.objects.order_by("name"), required=False, label="ภาคี / Partner")
    date_from = DayMonthYearField(required=False, label="ตั้งแต่ / From")
    date_to = DayMonthYearField(required=False, label="ถึง / To")
    by = forms.ChoiceField(required=False, label="แยกตาม / Break down by",
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
