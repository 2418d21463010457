"""The employers' graduate search form (skills, place, radius, certified only, available only)."""

from django import forms
from django.utils.translation import get_language, gettext_lazy

from courses.models import District, Skill
from search.matching import SEARCH_RADII_KM

GROUP_NAMES = {
    "safety": gettext_lazy("ความปลอดภัย"), "battery": gettext_lazy("แบตเตอรี่"), "electrical": gettext_lazy("ไฟฟ้า"),
    "motor_drive": gettext_lazy("มอเตอร์และระบบขับเคลื่อน"), "charging": gettext_lazy("การชาร์จ"),
    "conversion": gettext_lazy("ดัดแปลงเป็นรถไฟฟ้า"), "chassis": gettext_lazy("ช่วงล่างและงานซ่อมทั่วไป"),
    "small_engine": gettext_lazy("เครื่องยนต์เล็ก"), "diagnostics": gettext_lazy("การวินิจฉัย"),
    "tools": gettext_lazy("เครื่องมือและเอกสาร"), "customer": gettext_lazy("บริการลูกค้า"),
    "business": gettext_lazy("งานบริหารร้าน"),
}


class SkillChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name_en if (get_language() or "th").startswith("en") else obj.name_th


class GraduateSearchForm(forms.Form):
    skills = SkillChoiceField(
        label=gettext_lazy("ทักษะที่ต้องการ"), queryset=Skill.objects.all(), to_field_name="code",
        widget=forms.CheckboxSelectMultiple, error_messages={"required": gettext_lazy("เลือกอย่างน้อยหนึ่งทักษะ")})
    district = forms.ModelChoiceField(label=gettext_lazy("ใกล้อำเภอ"), queryset=District.objects.all(),
                                      to_field_name="code", required=False,
                                      empty_label=gettext_lazy("ที่ตั้งร้านของฉัน"))
    # Only distance-band edges (search.matching.SEARCH_RADII_KM): a radius of any kilometre would let a few
    # searches bisect a graduate's distance. Other values (old links) are rounded up to the next edge.
    radius_km = forms.IntegerField(label=gettext_lazy("ระยะทางไม่เกิน (กม.)"), min_value=1, max_value=300, initial=50,
                                   widget=forms.Select(choices=[(km, km) for km in SEARCH_RADII_KM]))
    certified_only = forms.BooleanField(label=gettext_lazy("เฉพาะผู้มีใบรับรอง"), required=False)
    available_only = forms.BooleanField(label=gettext_lazy("เฉพาะผู้ที่พร้อมทำงาน"), required=False, initial=True)
    page = forms.IntegerField(min_value=1, max_value=50, required=False)

    def clean_radius_km(self):
        radius = self.cleaned_data["radius_km"]
        return next(km for km in SEARCH_RADII_KM if km >= radius)

    def skill_groups(self):
        """Checkboxes grouped by skill group, for a short page on a phone."""
        groups: dict[str, list] = {}
        codes = dict(Skill.objects.values_list("code", "group"))
        for checkbox in self["skills"]:
            groups.setdefault(codes.get(str(checkbox.data["value"]), ""), []).append(checkbox)
        return [(GROUP_NAMES.get(group, group),
                 group == "battery" or any(box.data["selected"] for box in boxes),
                 boxes)
                for group, boxes in groups.items()]
