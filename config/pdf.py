"""PDFs people keep (certificates, receipts): Django templates laid out by WeasyPrint, which shapes text with
Pango/HarfBuzz, so Thai vowels and tone marks sit on their consonants and lines break between Thai words.

Fonts are the system's Thai fonts (Debian fonts-thai-tlwg), found by fontconfig from the templates' CSS.

Copy-paste and search: WeasyPrint maps each glyph to text once per PDF, the first time it draws it (upstream
Kozea/WeasyPrint#2841). Thai shaping breaks that: SARA AM is drawn as two glyphs (NIKHAHIT + SARA AA) and a
mark may share a cluster with its consonant, so after "น้ำ" every plain "า" would copy as "้ำ". Each drawn line
is therefore wrapped in a marked-content span whose /ActualText is the line's own text (PDF 32000-1 14.9.4):
readers that honour it (PDFium in Chrome, Poppler, Acrobat) copy and search exactly what was written.
"""

import functools

import pydyf
import segno
import weasyprint
import weasyprint.draw.text as weasy_text
from django.template.loader import render_to_string


def _with_actual_text(draw_first_line):
    @functools.wraps(draw_first_line)
    def draw(stream, textbox, *args, **kwargs):
        text = textbox.text
        if not text.strip():
            return draw_first_line(stream, textbox, *args, **kwargs)
        # pydyf's own operator, not WeasyPrint's override (which is for tagged PDF structure)
        pydyf.Stream.begin_marked_content(stream, "Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
        try:
            return draw_first_line(stream, textbox, *args, **kwargs)
        finally:
            pydyf.Stream.end_marked_content(stream)

    draw.saphan_actual_text = True
    return draw


if not getattr(weasy_text.draw_first_line, "saphan_actual_text", False):
    weasy_text.draw_first_line = _with_actual_text(weasy_text.draw_first_line)


def qr_data_uri(text: str) -> str:
    """A QR code as an SVG data URI for an <img>: vector, so it prints sharp at any size."""
    return segno.make(text, error="m").svg_data_uri(border=0, omitsize=True)


def render_document(template_name: str, context: dict) -> weasyprint.Document:
    """The laid-out document (pages and boxes), for callers that check the layout; `render_pdf` for bytes."""
    html = render_to_string(template_name, context)
    return weasyprint.HTML(string=html, base_url=None).render()


def render_pdf(template_name: str, context: dict) -> bytes:
    return render_document(template_name, context).write_pdf()
