"""Digits people type, in one form: Thai digits (๐–๙) and other Unicode decimal digits become ASCII 0–9.

Thai keyboards type ๐๑๒…; a number copied from a Thai document may carry them too. Every parser of phones,
national IDs, one-time codes, money amounts and dates passes its input through `ascii_digits` first, so the
same number means the same thing whichever digits it was typed in.
"""

import unicodedata


def ascii_digits(text) -> str:
    """"๐๘๑-๒๓๔-๕๖๗๘" → "081-234-5678"; any other character is kept. None → ""."""
    if text is None:
        return ""
    text = str(text)
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
