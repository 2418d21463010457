"""The employers' graduate search form (skills, place, radius, certified only, available only)."""

from django import forms
from django.utils.translation import get_language

from courses.models import District, Skill

from .matching import SEARCH_RADII_KM

GROUP_NAMES = {
    "safety": "ความปลอดภัย / Safety", "battery": "แบตเตอรี่ / Battery", "electrical": "ไฟฟ้า / Electrical",
    "motor_drive": "มอเตอร์และระบบขับเคลื่อน / Motor and drive", "charging": "การชาร์จ / Charging",
    "conversion": "ดัดแปลงเป็นรถไฟฟ้า / Conversion", "chassis": "ช่วงล่างและงานซ่อมทั่วไป / Chassis",
    "small_engine": "เครื่องยนต์เล็ก / Small engines", "diagnostics": "การวินิจฉัย / Diagnostics",
    "tools": "เครื่องมือและเอกสาร / Tools and documents", "customer": "บริการลูกค้า / Customers",
    "business": "งานบริหารร้าน / Running the shop",
}


class SkillChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name_en if (get_language() or "th").startswith("en") else obj.name_th


class GraduateSearchForm(forms.Form):
    skills = SkillChoiceField(
        label="ทักษะที่ต้องการ / Skills wanted", queryset=Skill.objects.all(), to_field_name="code",
        widget=forms.CheckboxSelectMultiple, error_messages={"required": "เลือกอย่างน้อยหนึ่งทักษะ / choose a skill"})
    district = forms.ModelChoiceField(label="ใกล้อำเภอ / Near district", queryset=District.objects.all(),
                                      to_field_name="code", required=False,
                                      empty_label="ที่ตั้งร้านของฉัน / my shop's location")
    # Only distance-band edges (search.matching.SEARCH_RADII_KM): a radius of any kilometre would let a few
    # searches bisect a graduate's distance. Other values (old links) are rounded up to the next edge.
    radius_km = forms.IntegerField(label="ระยะทางไม่เกิน (กม.) / Within (km)", min_value=1, max_value=300, initial=50,
                                   widget=forms.Select(choices=[(km, km) for km in SEARCH_RADII_KM]))
    certified_only = forms.BooleanField(label="เฉพาะผู้มีใบรับรอง / Certified only", required=False)
    available_only = forms.BooleanField(label="เฉพาะผู้ที่พร้อมทำงาน / Available only", required=False, initial=True)
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
        return [(GROUP_NAMES.get(group, group), group == "battery" or any(box.data["selected"] for box in boxes), boxes)
                for group, boxes in groups.items()]
