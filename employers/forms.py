"""Small forms of the employer and graduate pages; validation of business rules stays in services."""

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy

from config.formfields import AmountField, DayMonthYearField, DigitsField, NumberField, WholeNumberField

from .exceptions import RadiusNotABand
from .models import DEFAULT_RADIUS_KM, OPENING_RADII_KM, OPENING_REACH_CHANGES_PER_DAY, Application, Opening


class ContactRequestForm(forms.Form):
    opening = forms.ChoiceField(label=gettext_lazy("ตำแหน่งงาน"), required=False)
    message = forms.CharField(label=gettext_lazy("ข้อความถึงผู้สำเร็จการฝึก"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, openings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opening"].choices = [("", gettext("— ไม่ระบุตำแหน่ง"))] + [
            (o.external_id, o.title) for o in openings if o.external_id]


class ShortlistForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("บันทึกของร้าน"), required=False, max_length=500)
    remove = forms.BooleanField(required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[(Application.Status.SHORTLISTED, "shortlist"),
                                        (Application.Status.REJECTED, "reject")])


class HireForm(forms.Form):
    start_date = DayMonthYearField(label=gettext_lazy("วันเริ่มงาน"))
    wage_thb = AmountField(label=gettext_lazy("ค่าจ้าง (บาท)"), max_digits=10, decimal_places=2, min_value=1)
    wage_unit = forms.ChoiceField(label=gettext_lazy("ต่อ"), choices=Opening.WageUnit.choices)

    def __init__(self, *args, opening=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("start_date", timezone.localdate())
        if opening is not None:
            initial.setdefault("wage_thb", opening.wage_min_thb)
            initial.setdefault("wage_unit", opening.wage_unit)
        super().__init__(*args, **kwargs)


class ApplyForm(forms.Form):
    message = forms.CharField(label=gettext_lazy("ข้อความถึงร้าน (ไม่บังคับ)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])


class EmployerRegisterForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("ชื่อร้าน / กิจการ"), max_length=255)
    kind = forms.ChoiceField(label=gettext_lazy("ประเภทกิจการ"), choices=[])
    dbd_number = DigitsField(label=gettext_lazy("เลขทะเบียนนิติบุคคล 13 หลัก (DBD)"), max_length=17,
                             widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    address = forms.CharField(label=gettext_lazy("ที่อยู่"), widget=forms.Textarea(attrs={"rows": 2}))
    district = forms.ModelChoiceField(label=gettext_lazy("อำเภอ"), queryset=None, to_field_name="code")
    phone = DigitsField(label=gettext_lazy("เบอร์โทรร้าน"), max_length=20, required=False,
                        widget=forms.TextInput(attrs={"inputmode": "tel"}))
    lat = NumberField(label=gettext_lazy("ละติจูด (ไม่บังคับ)"), required=False)
    lon = NumberField(label=gettext_lazy("ลองจิจูด (ไม่บังคับ)"), required=False)

    def __init__(self, *args, **kwargs):
        from courses.models import District

        from .models import Employer

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Employer.Kind.choices
        self.fields["district"].queryset = District.objects.all()


class OwnerAccountForm(forms.Form):
    """For a shop owner who has no account yet: the mobile they log in with and a password."""
    owner_phone = forms.CharField(label=gettext_lazy("เบอร์มือถือของคุณ (ใช้เข้าสู่ระบบ)"), max_length=20,
                                  widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    password = forms.CharField(label=gettext_lazy("ตั้งรหัสผ่าน"), min_length=8,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


class OpeningForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("ชื่อตำแหน่ง"), max_length=255)
    description = forms.CharField(label=gettext_lazy("รายละเอียดงาน"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=gettext_lazy("ห้ามระบุเพศ ศาสนา สถานภาพสมรส"))
    required_skills = forms.MultipleChoiceField(label=gettext_lazy("ทักษะที่จำเป็น"), choices=[],
                                                widget=forms.CheckboxSelectMultiple)
    min_level = forms.TypedChoiceField(label=gettext_lazy("ระดับขั้นต่ำของทักษะที่จำเป็น"), coerce=int,
                                       choices=[(1, gettext_lazy("1 พื้นฐาน")), (2, gettext_lazy("2 ปฏิบัติได้")),
                                                (3, gettext_lazy("3 ชำนาญ"))], initial=1)
    nice_skills = forms.MultipleChoiceField(label=gettext_lazy("ทักษะที่มีก็ดี"), choices=[], required=False,
                                            widget=forms.CheckboxSelectMultiple)
    district = forms.ModelChoiceField(label=gettext_lazy("อำเภอที่ทำงาน"), queryset=None, to_field_name="code")
    # Only the band radii (models.OPENING_RADII_KM), changed at most 3 times a day (issue 22 item 11)
    radius_km = WholeNumberField(label=gettext_lazy("รับคนที่อยู่ห่างไม่เกิน (กม.)"), initial=DEFAULT_RADIUS_KM,
                                 widget=forms.Select())
    wage_min_thb = AmountField(label=gettext_lazy("ค่าจ้างต่ำสุด (บาท)"), max_digits=10, decimal_places=2)
    wage_max_thb = AmountField(label=gettext_lazy("ค่าจ้างสูงสุด (บาท)"), max_digits=10, decimal_places=2)
    wage_unit = forms.ChoiceField(label=gettext_lazy("ต่อ"), choices=Opening.WageUnit.choices)
    shift = forms.CharField(label=gettext_lazy("เวลาทำงาน"), max_length=255, required=False)
    positions = WholeNumberField(label=gettext_lazy("จำนวนที่รับ"), min_value=1, max_value=100, initial=1)
    hazardous = forms.BooleanField(
        label=gettext_lazy("งานอันตราย (เช่น แบตเตอรี่แรงดันสูง): รับเฉพาะอายุ 18 ปีขึ้นไป"), required=False)
    closing_date = DayMonthYearField(label=gettext_lazy("วันปิดรับสมัคร"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("สถานะ"), choices=[(Opening.Status.DRAFT, gettext_lazy("ร่าง")),
                                                              (Opening.Status.OPEN, gettext_lazy("เปิดรับ")),
                                                              (Opening.Status.CLOSED, gettext_lazy("ปิดรับ"))])

    def __init__(self, *args, **kwargs):
        from courses.models import District, Skill

        super().__init__(*args, **kwargs)
        english = (get_language() or "th").startswith("en")
        skills = [(s.code, s.name_en if english else s.name_th) for s in Skill.objects.order_by("group", "code")]
        self.fields["required_skills"].choices = skills
        self.fields["nice_skills"].choices = skills
        self.fields["district"].queryset = District.objects.all()
        radius = self.fields["radius_km"]
        radius.widget.choices = [(km, f"{km} {gettext('กม.')}") for km in OPENING_RADII_KM]
        radius.help_text = gettext("ร้านเห็นระยะทางของผู้สำเร็จการฝึกเป็นช่วง จึงเลือกรัศมีได้ตามช่วง และเปลี่ยนรัศมี"
                                   "หรืออำเภอที่ทำงานได้ไม่เกิน %(n)s ครั้งใน 24 ชั่วโมง") % {"n": OPENING_REACH_CHANGES_PER_DAY}

    def clean_radius_km(self):
        """A radius from the list; any other (an old bookmark, a forged post) is refused with the list."""
        value = self.cleaned_data.get("radius_km")
        if value not in OPENING_RADII_KM:
            raise forms.ValidationError(RadiusNotABand().user_message())
        return value

    def clean(self):
        """A range the wrong way round is the person's typing, shown on the field (the database refuses it too)."""
        data = super().clean()
        low, high = data.get("wage_min_thb"), data.get("wage_max_thb")
        if low is not None and high is not None and high < low:
            self.add_error("wage_max_thb", gettext("ค่าจ้างสูงสุดต้องไม่น้อยกว่าค่าจ้างต่ำสุด"))
        return data

    def clean_closing_date(self):
        value = self.cleaned_data.get("closing_date")
        if value and value < timezone.localdate():
            raise forms.ValidationError(gettext("วันปิดรับสมัครต้องไม่อยู่ในอดีต"))
        return value


class MemberForm(forms.Form):
    phone = DigitsField(label=gettext_lazy("เบอร์มือถือของเพื่อนร่วมงาน"), max_length=20,
                        widget=forms.TextInput(attrs={"inputmode": "tel"}))
    role = forms.ChoiceField(label=gettext_lazy("บทบาท"), choices=[("recruiter", gettext_lazy("ผู้สรรหา")),
                                                          ("owner", gettext_lazy("เจ้าของ"))])
