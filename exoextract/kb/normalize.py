"""Small pure functions that turn a surface form into a lookup key (after gilda's ``process``).

``fold`` keeps case (short symbols are matched case-sensitively); ``normalize``
also lower-cases. Both spell Greek letters out and drop spaces, dashes and
punctuation, so ``TGF-β1``, ``TGF-beta 1`` and ``TGFbeta1`` meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi",
    "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}
GREEK.update({letter.upper(): name for letter, name in list(GREEK.items())})
GREEK.update({"ϐ": "beta", "ϒ": "upsilon", "ϕ": "phi", "ϵ": "epsilon", "µ": "mu"})
_GREEK_RE = re.compile("|".join(map(re.escape, GREEK)))
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u00ad\u2011]")
_QUOTES = re.compile(r"[\u2018\u2019\u201b\u2032`]")
_DROP = re.compile(r"[\s\-_/.,:;'\"()\[\]{}+*~]+")


def strip_accents(text: str) -> str:
    """``naïve`` -> ``naive``; Greek letters are left for :func:`replace_greek`."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def replace_unicode(text: str) -> str:
    """NFKC (ligatures, full-width and mathematical letters), accents, typographic dashes and quotes to ASCII."""
    if text.isascii():
        return text
    text = strip_accents(unicodedata.normalize("NFKC", text))
    text = _DASHES.sub("-", text)
    return _QUOTES.sub("'", text)


def replace_greek(text: str) -> str:
    """``TGF-β1`` -> ``TGF-beta1``."""
    return _GREEK_RE.sub(lambda m: GREEK[m.group()], text)


def remove_separators(text: str) -> str:
    """Spaces, dashes, slashes and punctuation go: ``IL-10`` and ``IL 10`` become ``IL10``."""
    return _DROP.sub("", text)


def fold(text: str) -> str:
    """Case-preserving key."""
    return remove_separators(replace_greek(replace_unicode(text)))


@lru_cache(maxsize=262_144)
def normalize(text: str) -> str:
    """Case-insensitive key: ``normalize('TGF-β1') == 'tgfbeta1'``."""
    return fold(text).lower()


_PLURAL_RULES = (
    (re.compile(r"(?i)(cell|blast|cyte|phage|some|body|factor|receptor|ligand|protein|marker)s$"), r"\1"),
    (re.compile(r"(?i)ies$"), "y"),
    (re.compile(r"(?i)(ss|us)es$"), r"\1"),  # viruses, processes
    (re.compile(r"(?i)(ss|us|is|os)$"), r"\1"),  # not plurals: process, virus, sepsis
    (re.compile(r"(?<=[A-Z0-9])s$"), ""),  # DCs, MSCs, CTLs, CD4s
    (re.compile(r"(?<=[^sS])s$"), ""),
    (re.compile(r"(?<=[A-RT-Z]{4})S$"), ""),  # CELLS in a title; not CNS, HRS or PBS (acronyms ending in S)
)


@lru_cache(maxsize=262_144)
def singular(text: str) -> str:
    """The singular of the last word, by general English and acronym rules (``DCs`` -> ``DC``)."""
    for pattern, replacement in _PLURAL_RULES:
        if pattern.search(text):
            return pattern.sub(replacement, text)
    return text


GREEK_INITIALS = {"A": "alpha", "B": "beta", "G": "gamma", "D": "delta", "E": "epsilon", "K": "kappa"}
_GREEK_SUFFIX = re.compile(r"^([A-Z][A-Z0-9]*[A-Z0-9])([ABGDEK])(\d*)$")


def greek_variant(symbol: str) -> str | None:
    """Symbols spell Greek letters with their initial: ``TGFB1`` -> ``TGFbeta1``, ``IFNG`` -> ``IFNgamma``."""
    match = _GREEK_SUFFIX.match(symbol)
    if not match or len(match.group(1)) < 2:
        return None
    stem, letter, number = match.groups()
    return f"{stem}{GREEK_INITIALS[letter]}{number}"


_GREEK_BY_HYPHEN = re.compile(
    r"(?:(?<=-)(alpha|beta|gamma|delta|kappa)(?![a-z])|(?<![A-Za-z])(alpha|beta|gamma|delta|kappa)(?=-))")


def latin_initials(text: str) -> str | None:
    """Abstracts that lost their Greek letters write the Latin initial: ``beta-catenin`` -> ``b-catenin``,
    ``TGF-beta1`` -> ``TGF-b1``, ``IFN-gamma`` -> ``IFN-g`` (only a Greek word joined by a hyphen: a lone
    ``b`` is not read as beta)."""
    spelled = replace_greek(text)
    variant = _GREEK_BY_HYPHEN.sub(lambda m: (m.group(1) or m.group(2))[0], spelled)
    return variant if variant != spelled and len(normalize(variant)) >= 4 else None
