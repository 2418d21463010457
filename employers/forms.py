"""Small forms of the employer and graduate pages; validation of business rules stays in services."""

from django import forms
from django.utils import timezone

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
    start_date = forms.DateField(label="วันเริ่มงาน / Start date", widget=forms.DateInput(attrs={"type": "date"}))
    wage_thb = forms.DecimalField(label="ค่าจ้าง (บาท) / Wage (THB)", max_digits=10, decimal_places=2, min_value=1)
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
