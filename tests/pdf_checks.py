"""Checks for the PDFs people keep: the text a reader copies out equals the text we put in, nothing overlaps,
and a picture of page 1 is left for a person to look at.

Text is extracted with PDFium (pypdfium2), the engine of Chrome's PDF viewer, which honours /ActualText.
"""

import ctypes
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_raw
from weasyprint.formatting_structure import boxes

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("SAPHAN_RUNTIME_DIR", ROOT / ".runtime")) / "test-artifacts" / "pdf"

# Thai marks drawn above or below a consonant (and SARA AM); never the first thing after a space or line start.
THAI_MARKS = "\u0e31\u0e33\u0e34-\u0e3a\u0e47-\u0e4e"
DETACHED_MARK = re.compile(rf"(^|\s)[{THAI_MARKS}]", re.MULTILINE)
# Private-use glyph codes (legacy Thai font positions), replacement characters, U+FFFE/U+FFFF, or raw glyph ids
# leaking through as Latin Extended letters.
FOREIGN = re.compile(r"[\ue000-\uf8ff\ufffd-\uffff\u0100-\u024f]")


def pdf_pages(pdf: bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def pdf_text(pdf: bytes) -> str:
    """All text of all pages as a reader would copy it.

    PDFium joins a word broken after a hyphen and reports the hyphen as U+FFFE (it might have been a soft hyphen,
    to drop); our templates have no soft hyphens, so it is a hyphen we wrote ("de-|energise") and reads back as one."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return text.replace("\ufffe", "-")


def pdf_fonts(pdf: bytes) -> set[str]:
    """The fonts page 1's text is drawn in, without the subset prefix ("ABCDEF+Laksaman" -> "Laksaman")."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        textpage = document[0].get_textpage()
        names = set()
        for index in range(textpage.count_chars()):
            name, flags = ctypes.create_string_buffer(256), ctypes.c_int()
            pdfium_raw.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(flags))
            if name.value:
                names.add(name.value.decode().split("+", 1)[-1])
        return names
    finally:
        document.close()


def save_first_page(pdf: bytes, name: str, scale: float = 2.0) -> Path:
    """Page 1 as a PNG under .runtime/test-artifacts/pdf/, for a reviewer's eyes."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=scale).to_pil()
    finally:
        document.close()
    image.save(path)
    return path


class _BodyText(HTMLParser):
    """The visible text of an HTML page: the body, without <style>, <script> or <title>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip, self._in_body = [], 0, False

    def handle_starttag(self, tag, attrs):
        self._in_body = self._in_body or tag == "body"
        self._skip += tag in ("style", "script", "title")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script", "title")

    def handle_data(self, data):
        if self._in_body and not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _BodyText()
    parser.feed(html)
    return " ".join(parser.parts)


def squeeze(text: str) -> str:
    """Text without any whitespace: line breaks fall where the layout put them, not where the input had them."""
    return "".join(text.split())


def text_problems(extracted: str) -> list[str]:
    found = [f"detached mark {m.group()!r} at {m.start()}" for m in DETACHED_MARK.finditer(extracted)]
    found += [f"foreign character {m.group()!r} at {m.start()}" for m in FOREIGN.finditer(extracted)]
    return found


def _rect(box) -> tuple[float, float, float, float]:
    return box.position_x, box.position_y, box.position_x + box.width, box.position_y + box.height


def _overlap(a, b, tolerance: float = 0.5) -> bool:
    return (min(a[2], b[2]) - max(a[0], b[0]) > tolerance) and (min(a[3], b[3]) - max(a[1], b[1]) > tolerance)


def _own_text(box):
    """The text boxes of a line, not of the lines inside its inline-blocks (those are lines of their own)."""
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.TextBox):
            yield child
        elif isinstance(child, boxes.ParentBox) and not isinstance(child, boxes.AtomicInlineLevelBox):
            yield from _own_text(child)


def _lines(page_box):
    """(text, rect) per line of text: the line's height (its share of the leading, so lines stacked by the layout
    touch but do not overlap; a Thai font's glyph boxes are taller than that) and the width its words cover."""
    for box in page_box.descendants(placeholders=True):
        if isinstance(box, boxes.LineBox):
            words = [t for t in _own_text(box) if t.text.strip()]
            if words:
                left = min(t.position_x for t in words)
                right = max(t.position_x + t.width for t in words)
                yield "".join(t.text for t in words), (left, box.position_y, right, box.position_y + box.height)


def layout_problems(document, *, image_role: str | None = None) -> list[str]:
    """On page 1 of a laid-out WeasyPrint document: lines of text drawn over each other or over the image marked
    data-role=image_role, and lines outside the page."""
    page = document.pages[0]
    lines = list(_lines(page._page_box))
    images = [_rect(box) for box in page._page_box.descendants(placeholders=True)
              if isinstance(box, boxes.ReplacedBox) and box.element is not None
              and box.element.get("data-role") == image_role]
    problems = [] if lines else ["no text"]
    if image_role and not images:
        problems.append(f"no image with data-role={image_role}")
    for i, (text, rect) in enumerate(lines):
        if rect[0] < 0 or rect[1] < 0 or rect[2] > page.width or rect[3] > page.height:
            problems.append(f"off the page: {text!r}")
        problems += [f"{text!r} over the {image_role}" for image in images if _overlap(rect, image)]
        problems += [f"{text!r} over {other!r}" for other, other_rect in lines[i + 1:] if _overlap(rect, other_rect)]
    return problems
