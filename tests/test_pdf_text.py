"""Thai in our PDFs copies out exactly as written (config.pdf): words that share glyphs in ways WeasyPrint's
one-text-per-glyph map gets wrong on its own (SARA AM drawn as two glyphs, marks in their consonant's cluster,
shifted tone marks), in each Thai font the templates use."""

import pytest
import weasyprint

import config.pdf  # noqa: F401  (installs the /ActualText spans)
from tests.pdf_checks import pdf_text, squeeze, text_problems

# "น้ำ" first: without the spans every later "า" copies as "้ำ"
WORDS = "น้ำ ทำงาน ผู้ใหญ่ ปู่ ฟื้นฟู ญาติ ฎีกา ที่นั่น กำลังบำรุง ค่ำ ซ้ำ ธนวัฒน์ ใจดี ไฟฟ้า สูง อาหาร"


@pytest.mark.parametrize("font", ["Laksaman", "Kinnari", "Garuda", "Loma"])
def test_thai_words_copy_out_as_written(font):
    html = (f'<html lang="th"><style>@page {{ size: A6; margin: 8mm }} body {{ font: 13pt "{font}" }}</style>'
            f"<body><p>{WORDS}</p><p>{WORDS}</p></body></html>")
    text = pdf_text(weasyprint.HTML(string=html).write_pdf())
    assert text_problems(text) == []
    assert squeeze(text) == squeeze(WORDS) * 2
    for word in WORDS.split():  # lines break between words, never inside a cluster
        assert word in text, word


def test_a_hyphen_that_ends_a_line_reads_back_as_the_hyphen():
    words = "isolate and de-energise the battery pack"
    html = ('<html lang="en"><style>@page { size: 40mm 60mm; margin: 2mm } body { font: 11pt "Kinnari" }</style>'
            f"<body><p>{words}</p></body></html>")
    text = pdf_text(weasyprint.HTML(string=html).write_pdf())
    assert "battery\r\npack" in text  # it did break lines
    assert "de-energise" in text and text_problems(text) == [] and squeeze(text) == squeeze(words)
