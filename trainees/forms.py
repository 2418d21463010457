from django import forms
from django.contrib.auth.forms import AuthenticationForm

from courses.models import District


class SignUpForm(forms.Form):
    phone = forms.CharField(label="เบอร์มือถือ / Mobile number", max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    full_name = forms.CharField(label="ชื่อ-นามสกุล / Full name", max_length=255)
    birth_date = forms.DateField(label="วันเกิด / Birth date", widget=forms.DateInput(attrs={"type": "date"}))
    district = forms.ModelChoiceField(queryset=District.objects.all(), label="อำเภอ / District", to_field_name="code")
    national_id = forms.CharField(label="เลขประจำตัวประชาชน (ไม่บังคับ) / National ID (optional)", required=False,
                                  max_length=17, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    password = forms.CharField(label="รหัสผ่าน / Password", min_length=8, widget=forms.PasswordInput)
    ref = forms.CharField(required=False, widget=forms.HiddenInput)


class PhoneLoginForm(AuthenticationForm):
    username = forms.CharField(label="เบอร์มือถือ / Mobile number", max_length=30,
                               widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
