import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.services import password_validate
from config.errors import SaphanError
from config.formfields import DayMonthYearField, DigitsField, WholeNumberField, not_in_future
from courses.models import District

from .identity import clean_national_id, normalize_phone
from .models import TraineeProfile

MIN_AGE = 15
GUARDIAN_AGE = 20  # under 20 (Thai civil majority) a guardian consents too
PASSWORD_MIN = 8
PASSWORD_HELP = gettext_lazy("อย่างน้อย 8 ตัวอักษร")
REQUIRED = gettext_lazy("กรุณากรอกช่องนี้")
CHOOSE_DISTRICT = gettext_lazy("กรุณาเลือกอำเภอ")
PASSWORD_ERRORS = {"min_length": gettext_lazy("รหัสผ่านต้องยาวอย่างน้อย 8 ตัวอักษร")}

PHONE_ATTRS = {"inputmode": "tel", "autocomplete": "tel"}


class SignUpForm(forms.Form):
    """Every field is checked before any is saved, so a person sees all their mistakes at once, each next to its
    field; the service repeats the rules (phone, national ID, age) for other callers."""

    phone = DigitsField(label=gettext_lazy("เบอร์มือถือ"), max_length=20,
                        widget=forms.TextInput(attrs=PHONE_ATTRS))
    full_name = forms.CharField(label=gettext_lazy("ชื่อ-นามสกุล"), max_length=255)
    birth_date = DayMonthYearField(label=gettext_lazy("วันเกิด"), validators=[not_in_future])
    district = forms.ModelChoiceField(queryset=District.objects.all(), label=gettext_lazy("อำเภอ"),
                                      to_field_name="code")
    national_id = DigitsField(label=gettext_lazy("เลขประจำตัวประชาชน (ไม่บังคับ)"), required=False,
                              max_length=17)
    password = forms.CharField(label=gettext_lazy("รหัสผ่าน"), min_length=PASSWORD_MIN, help_text=PASSWORD_HELP,
                               error_messages=PASSWORD_ERRORS,
                               widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}))
    guardian_name = forms.CharField(label=gettext_lazy("ชื่อผู้ปกครอง (ถ้าอายุต่ำกว่า 20 ปี)"),
                                    max_length=255, required=False)
    guardian_phone = DigitsField(label=gettext_lazy("เบอร์มือถือผู้ปกครอง (ถ้าอายุต่ำกว่า 20 ปี)"),
                                 max_length=20, required=False, widget=forms.TextInput(attrs=PHONE_ATTRS))
    training_consent = forms.BooleanField(label=gettext_lazy(
        "ฉันยินยอมให้สะพานอาชีพและศูนย์ฝึกเก็บและใช้ข้อมูลของฉัน เพื่อจัดการการสมัครเรียน การเข้าเรียน การประเมิน และใบรับรอง"))
    ref = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages["required"] = CHOOSE_DISTRICT if name == "district" else REQUIRED
        self.fields["training_consent"].error_messages["required"] = gettext_lazy("ต้องให้ความยินยอมนี้จึงจะสมัครได้")

    def clean(self):
        data = super().clean()
        born = data.get("birth_date")
        if born and TraineeProfile(birth_date=born).age_on(timezone.localdate()) < GUARDIAN_AGE:
            for name in ("guardian_name", "guardian_phone"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, gettext_lazy("กรุณากรอกชื่อและเบอร์มือถือของผู้ปกครอง (อายุต่ำกว่า 20 ปี)"))
        if data.get("password") and data.get("phone"):
            try:
                password_validate(data["password"], user=get_user_model()(username=data["phone"], phone=data["phone"]))
            except SaphanError as exc:
                self.add_error("password", exc.user_message())
        return data

    def clean_guardian_phone(self):
        value = self.cleaned_data["guardian_phone"].strip()
        return _or_field_error(normalize_phone, value) if value else ""

    def clean_phone(self):
        return _or_field_error(normalize_phone, self.cleaned_data["phone"])

    def clean_national_id(self):
        value = self.cleaned_data["national_id"].strip()
        return _or_field_error(clean_national_id, value) if value else ""

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        if TraineeProfile(birth_date=born).age_on(timezone.localdate()) < MIN_AGE:
            raise forms.ValidationError(gettext_lazy("ผู้สมัครต้องมีอายุ 15 ปีขึ้นไป"), code="too_young")
        return born


def _or_field_error(check, value):
    """A rule of the identity module as a field error in the reader's language."""
    try:
        return check(value)
    except SaphanError as exc:
        raise forms.ValidationError(exc.user_message()) from None


class PhoneLoginForm(AuthenticationForm):
    username = DigitsField(label=gettext_lazy("เบอร์มือถือ"), max_length=30, widget=forms.TextInput(attrs=PHONE_ATTRS))
    # unticked (the default): the session ends when the browser closes or after a few idle hours (accounts.sessions)
    remember_me = forms.BooleanField(label=gettext_lazy("จดจำฉันไว้ในเครื่องนี้"), required=False)

    def clean(self):
        """A number that is no Thai mobile (a shop's landline, a digit missing) is said so plainly, above the
        form, before any password is checked (only mobiles have accounts, so this tells nothing about anyone);
        staff user names, which are not numbers, go on to their own backend."""
        typed = (self.cleaned_data.get("username") or "").strip()
        if re.fullmatch(r"\+?[\d\s\-().]+", typed):
            _or_field_error(normalize_phone, typed)
        return super().clean()


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("ชื่อ-นามสกุล"), max_length=255)
    birth_date = DayMonthYearField(label=gettext_lazy("วันเกิด"), validators=[not_in_future])
    district = forms.ModelChoiceField(queryset=District.objects.all(), label=gettext_lazy("อำเภอ"),
                                      to_field_name="code")
    education = forms.ChoiceField(label=gettext_lazy("การศึกษาสูงสุด"),
                                  choices=[("", "-")] + TraineeProfile.Education.choices, required=False)
    out_of_school = forms.BooleanField(label=gettext_lazy("ตอนนี้ไม่ได้เรียนในระบบ"), required=False)
    email = forms.EmailField(label=gettext_lazy("อีเมล (ไม่บังคับ)"), required=False)
    national_id = DigitsField(label=gettext_lazy("เลขประจำตัวประชาชน (ไม่บังคับ)"), required=False,
                              max_length=17, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                              help_text=gettext_lazy("เว้นว่างไว้ถ้าไม่ต้องการเปลี่ยน"))
    guardian_name = forms.CharField(label=gettext_lazy("ชื่อผู้ปกครอง (อายุต่ำกว่า 20 ปี)"),
                                    max_length=255, required=False)
    guardian_phone = DigitsField(label=gettext_lazy("เบอร์ผู้ปกครอง"), max_length=20, required=False,
                                 widget=forms.TextInput(attrs=PHONE_ATTRS))
    max_commute_km = WholeNumberField(label=gettext_lazy("เดินทางไปทำงานได้ไกลสุด (กม.)"), min_value=1, max_value=200)
    available = forms.BooleanField(label=gettext_lazy("พร้อมทำงานตอนนี้"), required=False)
    preferred_language = forms.ChoiceField(label=gettext_lazy("ภาษา"), choices=[("th", "ไทย"), ("en", "English")])


class GuardianRequestForm(forms.Form):
    guardian_name = forms.CharField(label=gettext_lazy("ชื่อผู้ปกครอง"), max_length=255)
    guardian_phone = DigitsField(label=gettext_lazy("เบอร์มือถือผู้ปกครอง"), max_length=20,
                                 widget=forms.TextInput(attrs=PHONE_ATTRS))


class GuardianConfirmForm(forms.Form):
    code = DigitsField(label=gettext_lazy("รหัส 6 หลักที่ผู้ปกครองได้รับ"), max_length=6,
                       widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))
    relationship = forms.CharField(label=gettext_lazy("ความเกี่ยวข้อง (พ่อ แม่ …)"), max_length=40, required=False)


class CodeForm(forms.Form):
    code = DigitsField(label=gettext_lazy("รหัส 6 หลัก"), max_length=6,
                       widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class ResetRequestForm(forms.Form):
    phone = DigitsField(label=gettext_lazy("เบอร์มือถือ"), max_length=20, widget=forms.TextInput(attrs=PHONE_ATTRS))


class ResetConfirmForm(CodeForm):
    phone = DigitsField(widget=forms.HiddenInput)
    password = forms.CharField(label=gettext_lazy("รหัสผ่านใหม่"), min_length=PASSWORD_MIN, help_text=PASSWORD_HELP,
                               error_messages=PASSWORD_ERRORS,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


class DeleteForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("ยืนยันด้วยรหัสผ่าน"), widget=forms.PasswordInput)




class ApplyConfirmForm(forms.Form):
    training_consent = forms.BooleanField(
        required=False,
        label=gettext_lazy("ฉันยินยอมให้สะพานอาชีพและศูนย์ฝึกใช้ข้อมูลของฉันเพื่อจัดการการสมัครเรียน การเข้าเรียน การประเมิน และใบรับรอง"))
