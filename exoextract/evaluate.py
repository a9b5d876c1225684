"""Measures of extraction quality: text reading order now, concept scores later."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (punctuation and spacing do not count)."""
    return _WORD.findall(text.lower())


def in_order_recall(truth: str, text: str) -> float:
    """Share of the truth's words found in ``text`` in the same order (difflib matching blocks)."""
    expected, got = words(truth), words(text)
    if not expected:
        return 1.0
    matcher = SequenceMatcher(None, expected, got, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(expected)


def order_similarity(truth: str, text: str) -> float:
    """difflib ratio over lower-cased word sequences: 1.0 when identical."""
    return SequenceMatcher(None, words(truth), words(text), autojunk=False).ratio()
