"""Small forms of the employer and graduate pages; validation of business rules stays in services."""

from django import forms
from django.utils import timezone
from django.utils.translation import get_language

from config.formfields import AmountField, DayMonthYearField, DigitsField, NumberField, WholeNumberField

from .models import Application, Opening


class ContactRequestForm(forms.Form):
    opening = forms.ChoiceField(label="ตำแหน่งงาน / Opening", required=False)
    message = forms.CharField(label="ข้อความถึงผู้สำเร็จการฝึก / Message", required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, openings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opening"].choices = [("", "— ไม่ระบุตำแหน่ง / no particular opening —")] + [
            (o.external_id, o.title) for o in openings if o.external_id]


class ShortlistForm(forms.Form):
    note = forms.CharField(label="บันทึกของร้าน / Note", required=False, max_length=500)
    remove = forms.BooleanField(required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[(Application.Status.SHORTLISTED, "shortlist"),
                                        (Application.Status.REJECTED, "reject")])


class HireForm(forms.Form):
    start_date = DayMonthYearField(label="วันเริ่มงาน / Start date")
    wage_thb = AmountField(label="ค่าจ้าง (บาท) / Wage (THB)", max_digits=10, decimal_places=2, min_value=1)
    wage_unit = forms.ChoiceField(label="ต่อ / per", choices=Opening.WageUnit.choices)

    def __init__(self, *args, opening=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("start_date", timezone.localdate())
        if opening is not None:
            initial.setdefault("wage_thb", opening.wage_min_thb)
            initial.setdefault("wage_unit", opening.wage_unit)
        super().__init__(*args, **kwargs)


class ApplyForm(forms.Form):
    message = forms.CharField(label="ข้อความถึงร้าน (ไม่บังคับ) / Message (optional)", required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])


class EmployerRegisterForm(forms.Form):
    name = forms.CharField(label="ชื่อร้าน / กิจการ / Business name", max_length=255)
    kind = forms.ChoiceField(label="ประเภทกิจการ / Type", choices=[])
    dbd_number = DigitsField(label="เลขทะเบียนนิติบุคคล 13 หลัก (DBD) / DBD registration number", max_length=17,
                             widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    address = forms.CharField(label="ที่อยู่ / Address", widget=forms.Textarea(attrs={"rows": 2}))
    district = forms.ModelChoiceField(label="อำเภอ / District", queryset=None, to_field_name="code")
    phone = DigitsField(label="เบอร์โทรร้าน / Shop phone", max_length=20, required=False,
                        widget=forms.TextInput(attrs={"inputmode": "tel"}))
    lat = NumberField(label="ละติจูด (ไม่บังคับ) / Latitude (optional)", required=False)
    lon = NumberField(label="ลองจิจูด (ไม่บังคับ) / Longitude (optional)", required=False)

    def __init__(self, *args, **kwargs):
        from courses.models import District

        from .models import Employer

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Employer.Kind.choices
        self.fields["district"].queryset = District.objects.all()


class OwnerAccountForm(forms.Form):
    """For a shop owner who has no account yet: the mobile they log in with and a password."""
    owner_phone = forms.CharField(label="เบอร์มือถือของคุณ (ใช้เข้าสู่ระบบ) / Your mobile (to log in)", max_length=20,
                                  widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    password = forms.CharField(label="ตั้งรหัสผ่าน / Choose a password", min_length=8,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


class OpeningForm(forms.Form):
    title = forms.CharField(label="ชื่อตำแหน่ง / Job title", max_length=255)
    description = forms.CharField(label="รายละเอียดงาน / Description", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="ห้ามระบุเพศ ศาสนา สถานภาพสมรส / never ask for gender, religion or marital status")
    required_skills = forms.MultipleChoiceField(label="ทักษะที่จำเป็น / Required skills", choices=[],
                                                widget=forms.CheckboxSelectMultiple)
    min_level = forms.TypedChoiceField(label="ระดับขั้นต่ำของทักษะที่จำเป็น / Minimum level", coerce=int,
                                       choices=[(1, "1 พื้นฐาน / basic"), (2, "2 ปฏิบัติได้ / practised"),
                                                (3, "3 ชำนาญ / expert")], initial=1)
    nice_skills = forms.MultipleChoiceField(label="ทักษะที่มีก็ดี / Nice to have", choices=[], required=False,
                                            widget=forms.CheckboxSelectMultiple)
    district = forms.ModelChoiceField(label="อำเภอที่ทำงาน / District", queryset=None, to_field_name="code")
    radius_km = WholeNumberField(label="รับคนที่อยู่ห่างไม่เกิน (กม.) / Radius (km)", min_value=1, max_value=300,
                                 initial=30)
    wage_min_thb = AmountField(label="ค่าจ้างต่ำสุด (บาท) / Wage from (THB)", max_digits=10, decimal_places=2)
    wage_max_thb = AmountField(label="ค่าจ้างสูงสุด (บาท) / Wage to (THB)", max_digits=10, decimal_places=2)
    wage_unit = forms.ChoiceField(label="ต่อ / per", choices=Opening.WageUnit.choices)
    shift = forms.CharField(label="เวลาทำงาน / Hours", max_length=255, required=False)
    positions = WholeNumberField(label="จำนวนที่รับ / Positions", min_value=1, max_value=100, initial=1)
    hazardous = forms.BooleanField(label="งานอันตราย (เช่น แบตเตอรี่แรงดันสูง): รับเฉพาะอายุ 18 ปีขึ้นไป / "
                                         "hazardous work: 18+ only", required=False)
    closing_date = DayMonthYearField(label="ปิดรับสมัคร / Closing date", required=False)
    status = forms.ChoiceField(label="สถานะ / Status", choices=[(Opening.Status.DRAFT, "ร่าง / draft"),
                                                              (Opening.Status.OPEN, "เปิดรับ / open"),
                                                              (Opening.Status.CLOSED, "ปิดรับ / closed")])

    def __init__(self, *args, **kwargs):
        from courses.models import District, Skill

        super().__init__(*args, **kwargs)
        english = (get_language() or "th").startswith("en")
        skills = [(s.code, s.name_en if english else s.name_th) for s in Skill.objects.order_by("group", "code")]
        self.fields["required_skills"].choices = skills
        self.fields["nice_skills"].choices = skills
        self.fields["district"].queryset = District.objects.all()

    def clean(self):
        """A range the wrong way round is the person's typing, shown on the field (the database refuses it too)."""
        data = super().clean()
        low, high = data.get("wage_min_thb"), data.get("wage_max_thb")
        if low is not None and high is not None and high < low:
            self.add_error("wage_max_thb", "ค่าจ้างสูงสุดต้องไม่น้อยกว่าค่าจ้างต่ำสุด / the top of the wage range is below "
                                           "its bottom")
        return data

    def clean_closing_date(self):
        value = self.cleaned_data.get("closing_date")
        if value and value < timezone.localdate():
            raise forms.ValidationError("วันปิดรับสมัครต้องไม่อยู่ในอดีต / the closing date is in the past")
        return value


class MemberForm(forms.Form):
    phone = DigitsField(label="เบอร์มือถือของเพื่อนร่วมงาน / Colleague's mobile", max_length=20,
                        widget=forms.TextInput(attrs={"inputmode": "tel"}))
    role = forms.ChoiceField(label="บทบาท / Role", choices=[("recruiter", "ผู้สรรหา / recruiter"),
                                                          ("owner", "เจ้าของ / owner")])
