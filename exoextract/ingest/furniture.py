"""Page furniture: page numbers, journal citation lines, running titles and garbled lines from fonts
without a text encoding. Recognizers shared by the PDF and text readers."""

from __future__ import annotations

import re

_PAGE_NUMBER = re.compile(
    r"^[-\u2013\u2014\s]*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-\u2013\u2014\s]*$", re.IGNORECASE
)
_PAGE_OF = re.compile(r"^page\s+\d{1,4}\s+of\s+\d{1,4}", re.IGNORECASE)
_JOURNAL_LINE = re.compile(
    r"(?:19|20)\d{2}\s*[;,]\s*\d+\s*\(\s*\d+\s*\)\s*:\s*\d+"  # 2018;8(11):2165
    r"|\((?:19|20)\d{2}\)\s*\d+\s*:\s*\d+"  # (2015) 34:46
    r"|\bdoi\s*:?\s*10\.\d{4,}/|^https?://\S+$"
    r"|\bvol(?:ume)?\.?\s*\d+\s*,\s*(?:no\.|issue|article|pp)",
    re.IGNORECASE,
)
MAX_FURNITURE_CHARS = 140


def furniture_key(text: str) -> str:
    """Running titles differ only by page numbers; compare them without digits or spaces."""
    text = _PAGE_OF.sub("", text.strip())
    return re.sub(r"[\W\d_]+", "", text.lower())


def is_furniture_text(text: str) -> bool:
    """Page numbers and journal citation lines, whatever page they are on."""
    text = text.strip()
    if not text:
        return True
    if _PAGE_NUMBER.match(text) or _PAGE_OF.match(text):
        return True
    return len(text) <= MAX_FURNITURE_CHARS and bool(_JOURNAL_LINE.search(text))


def is_garbled(text: str) -> bool:
    """A line from a font without a usable text encoding (cid codes, control or private-use chars)."""
    if "(cid:" in text:
        return True
    if text.isascii() and text.isprintable():
        return False  # no control character, no private-use character, no replacement character
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return False
    odd = sum(1 for c in visible if ord(c) < 32 or 0xE000 <= ord(c) <= 0xF8FF or c == "\ufffd")
    return odd / len(visible) > 0.2
