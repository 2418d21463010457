from decimal import Decimal

from django import forms
from django.utils.translation import gettext, gettext_lazy

from config.formfields import AmountField

from .statements import BANK_FORMATS, MAX_FILE_BYTES


class StatementUploadForm(forms.Form):
    payee = forms.ModelChoiceField(queryset=None, label=gettext_lazy("หน่วยงานผู้รับเงิน"))
    bank_format = forms.ChoiceField(choices=[(k, k) for k in BANK_FORMATS], label=gettext_lazy("รูปแบบไฟล์ธนาคาร"))
    file = forms.FileField(label="ไฟล์ CSV (UTF-8)", help_text=gettext_lazy("ไม่เกิน 2 MB"))

    def __init__(self, *args, payees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payee"].queryset = payees

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(gettext("ไฟล์ใหญ่เกิน 2 MB: แบ่งเป็นหลายไฟล์แล้วอัปโหลดทีละไฟล์"))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(gettext("ต้องเป็นไฟล์ .csv ที่ส่งออกจากธนาคาร"))
        return upload


class SlipConfirmForm(forms.Form):
    amount = AmountField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"), label="ยอดบนสลิป (บาท)",
                         help_text=gettext_lazy("พิมพ์ยอดตามที่เห็นบนสลิป"))
    slip_payload = forms.CharField(required=False, label="ข้อความจาก QR บนสลิป (ถ้ามี)",
                                   widget=forms.TextInput(attrs={"autocomplete": "off"}))
    transaction_ref = forms.CharField(required=False, max_length=50, label="เลขอ้างอิงรายการ")
    slip_image = forms.ImageField(required=False, label="รูปสลิป")

    def clean(self):
        data = super().clean()
        if not data.get("slip_payload") and not data.get("transaction_ref"):
            raise forms.ValidationError(gettext("กรุณาใส่ QR บนสลิปหรือเลขอ้างอิงรายการ"))
        return data


class ManualConfirmForm(forms.Form):
    amount = AmountField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"), label="ยอดที่ได้รับ (บาท)")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="เหตุผล")
