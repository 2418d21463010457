"""Interface text for the two languages while the gettext catalogues are being written.

`th_en("ไทย", "English")` is a lazy string that shows the Thai text, or the English one when English is active
(pages under /en/, `translation.override("en")` for an English-speaking recipient). Lazy, so it can sit in form
field definitions and validation messages built at import time. Both texts sit side by side, so moving a call
to `gettext_lazy("ไทย")` with "English" in the catalogue is mechanical.
"""

from django.utils.functional import lazy
from django.utils.translation import get_language


def _pick(th: str, en: str) -> str:
    return en if (get_language() or "th").startswith("en") else th


th_en = lazy(_pick, str)
