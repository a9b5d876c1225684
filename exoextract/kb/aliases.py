"""Alias hygiene, decided by rules over the whole vocabulary, and how a written form meets an alias.

Short symbols and symbols that are everyday words match only as written;
everyday words and short alias symbols need a molecular word beside them
before they name a gene.
"""

from __future__ import annotations

from exoextract.english import COMMON_WORD, word_frequency
from exoextract.kb.normalize import fold, replace_greek, replace_unicode

CASE_SENSITIVE = 1
NEEDS_CONTEXT = 2
SYMBOL_KINDS = frozenset(
    {"symbol", "alias_symbol", "previous_symbol", "abbreviation", "synonym_abbreviation", "cell_line"}
)
KIND_SCORE = {
    "symbol": 1.0, "name": 0.97, "family_grammar": 0.97, "mirna_grammar": 0.97, "synonym": 0.93,
    "go_synonym": 0.9, "mesh_synonym": 0.9, "cell_line": 0.8, "greek_variant": 0.9, "alias_symbol": 0.85,
    "previous_symbol": 0.87, "name_stem": 0.8, "name_variant": 0.92, "abbreviation": 0.7, "synonym_abbreviation": 0.65,
    "grounding": 0.95, "mesh_name": 0.9, "topic_synonym": 0.85, "adjective": 0.85, "cell_adjective": 0.8,
}
VERY_COMMON_WORD = 4.0  # a curated grounding needs context only when its text is this common ("set", "can")


def alias_flags(text: str, kind: str) -> int:
    """Case and context flags of one alias: for short or common-word symbols."""
    folded = fold(text)
    symbol_like = len(folded) <= 4 or any(c.isupper() or c.isdigit() for c in folded[1:])  # CaN, Mhc; not Tumor
    if kind not in SYMBOL_KINDS and (" " in text or len(folded) > 6 or not symbol_like):
        return 0  # names and multi-word synonyms match in any case
    if kind == "topic_synonym":
        return 0  # a word ("Cones"), in any case: the paper's subject is its context
    threshold = VERY_COMMON_WORD if kind == "grounding" else COMMON_WORD
    common = folded.isalpha() and word_frequency(folded.lower()) >= threshold
    line_name = kind == "cell_line" and any(c.isdigit() for c in folded) and sum(c.isalpha() for c in folded) >= 2
    flags = 0
    if (len(folded) <= 5 and not line_name) or common:
        flags |= CASE_SENSITIVE  # a line's name with letters and digits is written in any case: H9C2, H9c2
    if common or (kind in ("alias_symbol", "previous_symbol", "abbreviation", "synonym_abbreviation")
                  and len(folded) <= 3) or (kind == "grounding" and len(folded) <= 2):  # GR, IR, S6: too short
        flags |= NEEDS_CONTEXT
    return flags


def case_match(text: str, alias: str, flags: int) -> str | None:
    """How ``text`` matches ``alias``; None when a case-sensitive alias is written otherwise."""
    if fold(text) == fold(alias):
        return "exact"
    if not flags & CASE_SENSITIVE:
        return "case-insensitive"
    folded = fold(alias)
    written = fold(text)
    if folded.isupper() and len(folded) >= 3 and not flags & NEEDS_CONTEXT:
        if written == folded.capitalize():
            return "capitalized symbol"  # Alix for ALIX, Tsg101 for TSG101
        if written.upper() == folded and written[0].isupper() and any(c.isupper() for c in written[1:]):
            return "mixed-case symbol"  # RhoA for RHOA, HoxB4 for HOXB4
    return None


def _letter_breaks(value: str) -> tuple[str, set[int]]:
    """The string without separators, and where a separator stood between two letters."""
    value = replace_greek(replace_unicode(value)).lower()
    collapsed: list[str] = []
    breaks: set[int] = set()
    pending = False
    for char in value:
        if char in " -_/":
            pending = bool(collapsed)
            continue
        if pending and char.isalpha() and collapsed[-1].isalpha():
            breaks.add(len(collapsed))
        pending = False
        collapsed.append(char)
    return "".join(collapsed), breaks


def same_words(text: str, alias: str) -> bool:
    """Words the alias separates must be separate in the text too: ``proteins`` is not ``protein S``,
    while ``TGF-β1`` may stand for ``TGF beta 1``."""
    if " " not in alias.strip():
        return True
    text_letters, text_breaks = _letter_breaks(text)
    alias_letters, alias_breaks = _letter_breaks(alias)
    return text_letters != alias_letters or alias_breaks <= text_breaks
