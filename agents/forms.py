"""Forms of the agents app: they only parse input; rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy

from courses.models import District

from .models import Agent, Conversion, Loan, ToolItem


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the contents are validated by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ApplyForm(forms.Form):
    shop_name = forms.CharField(label=gettext_lazy("ชื่อร้าน"), max_length=200)
    phone = forms.CharField(label=gettext_lazy("เบอร์โทรร้าน"), max_length=20)
    address = forms.CharField(label=gettext_lazy("ที่อยู่ร้าน"), max_length=300)
    district = forms.ModelChoiceField(label=gettext_lazy("อำเภอ"), queryset=District.objects.all(),
                                      to_field_name="code")
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    services = forms.MultipleChoiceField(label=gettext_lazy("บริการ"), choices=Agent.Service.choices,
                                         widget=forms.CheckboxSelectMultiple)
    opening_hours = forms.CharField(label=gettext_lazy("เวลาเปิดทำการ"), max_length=200,
                                    initial="จ.–ส. 08:30–17:30")
    certificates = forms.MultipleChoiceField(label=gettext_lazy("ใบรับรองของคุณ"), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    technician_codes = forms.CharField(
        label=gettext_lazy("เลขที่ใบรับรองของช่างในร้าน (ถ้ามี)"), required=False,
        help_text=gettext_lazy("ตรวจกับใบรับรองในระบบสะพานอาชีพ คั่นด้วยจุลภาค"))
    tools = forms.MultipleChoiceField(label=gettext_lazy("เครื่องมือและพื้นที่"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    photos = MultipleFileField(label=gettext_lazy("รูปร้านและเครื่องมือ"), required=False,
                             widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))

    def __init__(self, *args, certificates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificates"].choices = [(str(c.pk), f"{c.course_title} ({c.code})") for c in certificates]
        self.fields["tools"].choices = [(t.code, str(t) + (" *" if t.required else "")) for t in
                                        ToolItem.objects.all()]


class LoanForm(forms.Form):
    amount = forms.DecimalField(label=gettext_lazy("จำนวนเงิน (บาท)"), max_digits=12, decimal_places=2, min_value=1)
    purpose = forms.ChoiceField(label=gettext_lazy("ใช้เพื่อ"), choices=Loan.Purpose.choices)
    purpose_detail = forms.CharField(label=gettext_lazy("รายละเอียด"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    instalments = forms.IntegerField(label=gettext_lazy("ผ่อนกี่เดือน"), min_value=1, max_value=36, initial=10)


class ConversionForm(forms.Form):
    converted_on = forms.DateField(label=gettext_lazy("วันที่แปลงเสร็จ"),
                                   widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    motorcycle_type = forms.ChoiceField(label=gettext_lazy("ประเภทรถ"), choices=Conversion.MotorcycleType.choices)
    kit = forms.CharField(label=gettext_lazy("ชุดแปลงที่ใช้"), max_length=120)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("เหตุผล"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DisburseForm(forms.Form):
    promptpay_id = forms.CharField(label=gettext_lazy("พร้อมเพย์ผู้รับ"), max_length=20)
    reference = forms.CharField(label=gettext_lazy("เลขอ้างอิงการโอน"), max_length=64)
    paid_on = forms.DateField(label=gettext_lazy("วันที่โอน"),
                              widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))


class RescheduleForm(forms.Form):
    new_due = forms.DateField(label=gettext_lazy("ครบกำหนดใหม่"),
                              widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    reason = forms.CharField(label=gettext_lazy("เหตุผล"), max_length=500)


class ListingForm(forms.Form):
    """What the public directory shows that the agent keeps up to date; also used to resubmit a returned
    application (with the tools checklist ticked again)."""

    services = forms.MultipleChoiceField(label=gettext_lazy("บริการ"), choices=Agent.Service.choices,
                                         widget=forms.CheckboxSelectMultiple)
    opening_hours = forms.CharField(label=gettext_lazy("เวลาเปิดทำการ"), max_length=200)
    tools = forms.MultipleChoiceField(label=gettext_lazy("เครื่องมือและพื้นที่"), required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tools"].choices = [(t.code, str(t) + (" *" if t.required else "")) for t in
                                        ToolItem.objects.all()]


class _Money(forms.CharField):
    """Typed as people write it ("200,000" or "1000.50"); the service parses it as Decimal and says in Thai what
    is wrong (never a float)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)


_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class CapitalForm(forms.Form):
    """New capital for a fund: how much, from which sponsor or ledger grant, when, the transfer reference."""

    amount = _Money(label="จำนวนเงิน (บาท)")
    source = forms.CharField(label="แหล่งเงิน (ผู้ให้ทุน)", max_length=255, required=False,
                             help_text=gettext_lazy("เช่น บริษัท อีสานอีวีมอเตอร์ จำกัด "
                                                    "หรือเลือกทุนจากบัญชีทุนด้านล่าง"))
    grant = forms.ModelChoiceField(label="ทุนในบัญชีทุน", required=False, queryset=None, empty_label="–")
    on = forms.DateField(label="วันที่รับเงิน", widget=_DATE)
    reference = forms.CharField(label="เลขอ้างอิงการโอน", max_length=64)
    note = forms.CharField(label="หมายเหตุ", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        from partners.models import Grant

        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = Grant.objects.exclude(schemes__revolving=True).order_by("-pk")

    def clean(self):
        data = super().clean()
        if not (data.get("source") or "").strip() and not data.get("grant"):
            raise forms.ValidationError("ระบุแหล่งเงิน: ชื่อผู้ให้ทุน หรือทุนในบัญชีทุน")
        return data

    def source_text(self) -> str:
        grant = self.cleaned_data.get("grant")
        typed = (self.cleaned_data.get("source") or "").strip()
        return typed or f"{grant.sponsor_name}: {grant.title}"


class FundForm(CapitalForm):
    """A new revolving fund with its first capital."""

    name = forms.CharField(label="ชื่อกองทุน", max_length=200)
    payee_key = forms.ChoiceField(label="บัญชีรับชำระคืน (พร้อมเพย์)")
    max_loan = _Money(label="วงเงินกู้สูงสุดต่อร้าน (บาท)", initial="50000")
    applicants_may_borrow = forms.BooleanField(label="ผู้สมัครที่ยังไม่ได้รับอนุมัติขอกู้ได้", required=False)

    field_order = ["name", "amount", "source", "grant", "on", "reference", "payee_key", "max_loan",
                   "applicants_may_borrow", "note"]

    def __init__(self, *args, **kwargs):
        from payments.models import Payee

        super().__init__(*args, **kwargs)
        self.fields["amount"].label = "เงินทุนเริ่มต้น (บาท)"
        self.fields["payee_key"].choices = [(p.key, f"{p.name_th} ({p.key})") for p in Payee.objects.order_by("key")]
