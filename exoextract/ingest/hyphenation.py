"""Line-end hyphens: join a word the typesetter broke, keep a hyphen the author wrote.

The document itself is the first witness (does it write ``exosomes`` or
``pre-metastatic`` elsewhere?); an English word-frequency vocabulary
(wordfreq) decides when the document is silent.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from exoextract.english import KNOWN_WORD, word_frequency

_WORD = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*", re.UNICODE)
_LEFT_FRAGMENT = re.compile(r"([^\W_]+)[-\u2010\u2011\u00ad]$", re.UNICODE)
_HYPHEN_ENDS = frozenset("-\u2010\u2011\u00ad")
_RIGHT_FRAGMENT = re.compile(r"^([^\W_]+)", re.UNICODE)

def count_words(texts: Iterable[str]) -> Counter[str]:
    """Lower-cased word counts, hyphenated compounds counted whole."""
    joined = "\n".join(texts).replace("\u2010", "-").replace("\u2011", "-")  # no word spans a line break; two
    # C scans (``translate`` looks every character up)
    return Counter(map(str.lower, _WORD.findall(joined)))


class WordCounts:
    """:func:`count_words` of some texts, counted when first asked (most documents break no word)."""

    def __init__(self, texts: Iterable[str]):
        self._texts = list(texts)
        self._counts: Counter[str] | None = None

    def get(self, word: str, default: int = 0) -> int:
        if self._counts is None:
            self._counts = count_words(self._texts)
        return self._counts.get(word, default)


def left_fragment(line: str) -> str | None:
    """The word piece before a line-final hyphen, if the line ends with one."""
    if line[-1:] not in _HYPHEN_ENDS:
        return None
    match = _LEFT_FRAGMENT.search(line)
    return match.group(1) if match else None


def right_fragment(line: str) -> str | None:
    match = _RIGHT_FRAGMENT.match(line)
    return match.group(1) if match else None


def keep_hyphen(left: str, right: str, counts: Counter[str] | WordCounts) -> bool:
    """Decide whether ``left-`` + newline + ``right`` is a real hyphenated compound."""
    joined = (left + right).lower()
    hyphenated = f"{left}-{right}".lower()
    n_joined, n_hyphenated = counts.get(joined, 0), counts.get(hyphenated, 0)
    if n_joined != n_hyphenated:
        return n_hyphenated > n_joined
    if right[0].isdigit() or right[0].isupper():
        return True  # IL-10, miR-146, TGF-β1, CD-IV
    if len(left) == 1 or any(c.isupper() or c.isdigit() for c in left[1:]) or left[0].isdigit():
        return True  # MSC-derived, CD8-positive, T-cell, β-catenin
    if word_frequency(joined) >= KNOWN_WORD:
        return False  # exosom-es, multivesicu-lar
    # vesicle-based, pre-metastatic: two words that do not make one
    return len(right) > 1 and word_frequency(left.lower()) >= KNOWN_WORD and word_frequency(right.lower()) >= KNOWN_WORD
