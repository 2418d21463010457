"""Template filters for matching pages: skill names, distances and request states in the reader's language."""

from django import template
from django.core.cache import cache
from django.utils.translation import get_language, gettext, pgettext_lazy

from config import i18n

register = template.Library()


def _english() -> bool:
    return (get_language() or "th").startswith("en")


def _skill_names() -> dict:
    names = cache.get("saphan:skill-names")
    if names is None:
        from courses.models import Skill

        names = {code: (th, en) for code, th, en in Skill.objects.values_list("code", "name_th", "name_en")}
        cache.set("saphan:skill-names", names, 300)
    return names


@register.filter
def skill_name(code: str) -> str:
    pair = _skill_names().get(code)
    if not pair:
        return code
    return pair[1] if _english() else pair[0]


@register.filter
def km(value) -> str:
    """12.3 กม. / 12.3 km"""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return gettext("%(km).1f กม.") % {"km": number}


@register.filter
def distance_band(key: str) -> str:
    """A distance band key ("0-5" … "50+", search.matching.DISTANCE_BANDS) in words: what employers see instead
    of a distance."""
    from django.utils.translation import gettext

    words = {"0-5": gettext("ไม่เกิน 5 กม."), "5-10": gettext("5–10 กม."), "10-20": gettext("10–20 กม."),
             "20-50": gettext("20–50 กม."), "50+": gettext("เกิน 50 กม.")}
    return words.get(str(key), "")


@register.filter
def graduate_label(trainee) -> str:
    """How an employer's pages name a graduate before contact is shared: the name when the graduate chose to show
    it (standard level), else "Graduate, <district> (G-…)" with the public reference, never an internal id."""
    if trainee.discoverability == "standard" and trainee.full_name:
        return trainee.full_name
    district = trainee.district
    if district:
        return gettext("ผู้สำเร็จการฝึก อ.%(district)s (%(ref)s)") % {
            "district": i18n.localized(district, "name"), "ref": trainee.public_ref}
    return gettext("ผู้สำเร็จการฝึก (%(ref)s)") % {"ref": trainee.public_ref}


# A contact request's status in the words of the person reading it (the context tells the two apart).
REQUEST_STATUS = {
    "employer": {"sent": pgettext_lazy("employer", "รอผู้สำเร็จการฝึกตอบ"),
                 "accepted": pgettext_lazy("employer", "ตอบรับแล้ว: เห็นเบอร์โทรได้"),
                 "declined": pgettext_lazy("employer", "ผู้สำเร็จการฝึกปฏิเสธ"),
                 "withdrawn": pgettext_lazy("employer", "ร้านถอนคำขอแล้ว")},
    "graduate": {"sent": pgettext_lazy("graduate", "รอคุณตอบ"),
                 "accepted": pgettext_lazy("graduate", "คุณตอบรับแล้ว: ร้านเห็นเบอร์โทรของคุณ"),
                 "declined": pgettext_lazy("graduate", "คุณปฏิเสธแล้ว"),
                 "withdrawn": pgettext_lazy("graduate", "ร้านถอนคำขอแล้ว")},
}


@register.filter
def request_status(contact_request, reader: str) -> str:
    """`{{ r|request_status:"graduate" }}`: the status worded from the reader's side, in their language."""
    worded = REQUEST_STATUS.get(reader, {}).get(contact_request.status)
    return str(worded) if worded else contact_request.get_status_display()
