from django import forms
from django.contrib.auth.forms import AuthenticationForm

from courses.models import District

from .models import TraineeProfile

PHONE_ATTRS = {"inputmode": "tel", "autocomplete": "tel"}


class SignUpForm(forms.Form):
    phone = forms.CharField(label="เบอร์มือถือ / Mobile number", max_length=20, widget=forms.TextInput(attrs=PHONE_ATTRS))
    full_name = forms.CharField(label="ชื่อ-นามสกุล / Full name", max_length=255)
    birth_date = forms.DateField(label="วันเกิด / Birth date", widget=forms.DateInput(attrs={"type": "date"}))
    district = forms.ModelChoiceField(queryset=District.objects.all(), label="อำเภอ / District", to_field_name="code")
    national_id = forms.CharField(label="เลขประจำตัวประชาชน (ไม่บังคับ) / National ID (optional)", required=False,
                                  max_length=17, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    password = forms.CharField(label="รหัสผ่าน / Password", min_length=8, widget=forms.PasswordInput)
    guardian_name = forms.CharField(label="ชื่อผู้ปกครอง (ถ้าอายุต่ำกว่า 20 ปี) / Guardian's name (if under 20)",
                                    max_length=255, required=False)
    guardian_phone = forms.CharField(label="เบอร์มือถือผู้ปกครอง (ถ้าอายุต่ำกว่า 20 ปี) / Guardian's mobile (if under 20)",
                                     max_length=20, required=False, widget=forms.TextInput(attrs=PHONE_ATTRS))
    training_consent = forms.BooleanField(
        label="ฉันยินยอมให้สะพานอาชีพและศูนย์ฝึกเก็บและใช้ข้อมูลของฉัน เพื่อจัดการการสมัครเรียน การเข้าเรียน "
              "การประเมิน และใบรับรอง / I agree that Saphan and the training centre keep and use my data to run my "
              "enrolment, attendance, assessment and certificate",
        error_messages={"required": "ต้องให้ความยินยอมนี้จึงจะสมัครได้ / this consent is needed to sign up"})
    ref = forms.CharField(required=False, widget=forms.HiddenInput)


class PhoneLoginForm(AuthenticationForm):
    username = forms.CharField(label="เบอร์มือถือ / Mobile number", max_length=30, widget=forms.TextInput(attrs=PHONE_ATTRS))


class ProfileForm(forms.Form):
    full_name = forms.CharField(label="ชื่อ-นามสกุล / Full name", max_length=255)
    birth_date = forms.DateField(label="วันเกิด / Birth date", widget=forms.DateInput(attrs={"type": "date"}))
    district = forms.ModelChoiceField(queryset=District.objects.all(), label="อำเภอ / District", to_field_name="code")
    education = forms.ChoiceField(label="การศึกษาสูงสุด / Education", choices=[("", "-")] + TraineeProfile.Education.choices,
                                  required=False)
    out_of_school = forms.BooleanField(label="ตอนนี้ไม่ได้เรียนในระบบ / not in school now", required=False)
    email = forms.EmailField(label="อีเมล (ไม่บังคับ) / E-mail (optional)", required=False)
    national_id = forms.CharField(label="เลขประจำตัวประชาชน (ไม่บังคับ) / National ID (optional)", required=False,
                                  max_length=17, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                  help_text="เว้นว่างไว้ถ้าไม่ต้องการเปลี่ยน / leave empty to keep")
    guardian_name = forms.CharField(label="ชื่อผู้ปกครอง (อายุต่ำกว่า 20 ปี) / Guardian's name (under 20)",
                                    max_length=255, required=False)
    guardian_phone = forms.CharField(label="เบอร์ผู้ปกครอง / Guardian's phone", max_length=20, required=False,
                                     widget=forms.TextInput(attrs=PHONE_ATTRS))
    max_commute_km = forms.IntegerField(label="เดินทางไปทำงานได้ไกลสุด (กม.) / Max commute (km)", min_value=1, max_value=200)
    available = forms.BooleanField(label="พร้อมทำงานตอนนี้ / available for work now", required=False)
    preferred_language = forms.ChoiceField(label="ภาษา / Language", choices=[("th", "ไทย"), ("en", "English")])


class GuardianRequestForm(forms.Form):
    guardian_name = forms.CharField(label="ชื่อผู้ปกครอง / Guardian's name", max_length=255)
    guardian_phone = forms.CharField(label="เบอร์มือถือผู้ปกครอง / Guardian's mobile", max_length=20,
                                     widget=forms.TextInput(attrs=PHONE_ATTRS))


class GuardianConfirmForm(forms.Form):
    code = forms.CharField(label="รหัส 6 หลักที่ผู้ปกครองได้รับ / 6-digit code your guardian received", max_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))
    relationship = forms.CharField(label="ความเกี่ยวข้อง (พ่อ แม่ …) / Relationship", max_length=40, required=False)


class CodeForm(forms.Form):
    code = forms.CharField(label="รหัส 6 หลัก / 6-digit code", max_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class ResetRequestForm(forms.Form):
    phone = forms.CharField(label="เบอร์มือถือ / Mobile number", max_length=20, widget=forms.TextInput(attrs=PHONE_ATTRS))


class ResetConfirmForm(CodeForm):
    phone = forms.CharField(widget=forms.HiddenInput)
    password = forms.CharField(label="รหัสผ่านใหม่ / New password", min_length=8, widget=forms.PasswordInput)


class DeleteForm(forms.Form):
    password = forms.CharField(label="ยืนยันด้วยรหัสผ่าน / Confirm with your password", widget=forms.PasswordInput)




class ApplyConfirmForm(forms.Form):
    training_consent = forms.BooleanField(
        required=False,
        label="ฉันยินยอมให้สะพานอาชีพและศูนย์ฝึกใช้ข้อมูลของฉันเพื่อจัดการการสมัครเรียน การเข้าเรียน การประเมิน และใบรับรอง "
              "/ I agree that my data is used to run my enrolment, attendance, assessment and certificate")
