"""scispaCy's rule tokenizer, with slash-joined lists (``CD9/CD63/CD81``) split into their items."""

from __future__ import annotations

import re
import warnings
from types import SimpleNamespace

import spacy
from scispacy.custom_tokenizer import combined_rule_tokenizer
from spacy.language import Language
from spacy.tokenizer import Tokenizer

SLASH_BETWEEN_NAMES = r"(?<=[A-Za-z0-9\u0370-\u03ff+])/(?=[A-Za-z\u0370-\u03ff])"
# "MSC-derived", "cells-derived", "CD63-positive": a participle or adjective suffix is its own token,
# so that the name before it can be looked up ("mesenchymal stem cells" in "...cells-derived").
SUFFIX_WORDS = (
    "derived", "secreted", "released", "mediated", "based", "dependent", "induced", "specific", "associated",
    "positive", "negative", "like", "related", "containing", "enriched", "loaded", "treated", "stimulated", "pulsed",
    "activated", "expressing", "producing", "targeted", "conditioned", "depleted", "deficient", "null",
)
_SUFFIXES = "|".join(SUFFIX_WORDS)
HYPHEN_BEFORE_SUFFIX = rf"(?<=[A-Za-z0-9\u0370-\u03ff+)])-(?=(?:{_SUFFIXES})\b)"
# "streptozotocin (STZ)-induced", "mesenchymal stem cell (MSC)-derived": a defined short form in brackets before
# such a suffix keeps its brackets as tokens (scispaCy keeps "(S)-ketamine" whole, and would keep these too), so
# that the definition is seen; the short form has two letters or more, one of them a capital
SHORT_FORM_BEFORE_SUFFIX = rf"^\((?=[A-Za-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*\)-(?:{_SUFFIXES})\b)"
BRACKET_BEFORE_SUFFIX = "|".join(
    rf"(?<={before})\)(?=-(?:{_SUFFIXES})\b)" for before in ("[A-Z0-9]", "[A-Z0-9]s"))


@spacy.registry.tokenizers("exoextract.scispacy_tokenizer.v1")
def create_tokenizer():
    def make(nlp: Language) -> Tokenizer:
        # scispaCy's rules are read from a tokenizer it builds for a stand-in of the pipeline without spaCy's
        # thousands of special cases (loading them is most of a tokenizer's build): only its own abbreviations
        stand_in = SimpleNamespace(vocab=nlp.vocab, tokenizer=SimpleNamespace(token_match=nlp.Defaults.token_match),
                                   Defaults=SimpleNamespace(tokenizer_exceptions={}))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # a set-union hint about scispaCy's own pattern
            tokenizer = combined_rule_tokenizer(stand_in)
        rules = {**nlp.Defaults.tokenizer_exceptions, **tokenizer.rules}  # as scispaCy merges them
        scispacy_infixes = tokenizer.infix_finditer.__self__.pattern
        infixes = f"{SLASH_BETWEEN_NAMES}|{HYPHEN_BEFORE_SUFFIX}|{BRACKET_BEFORE_SUFFIX}|{scispacy_infixes}"
        prefixes = f"{SHORT_FORM_BEFORE_SUFFIX}|{tokenizer.prefix_search.__self__.pattern}"
        # a new tokenizer with the changed rules: setting each rule on scispaCy's would reload its special cases
        return Tokenizer(nlp.vocab, rules=rules, prefix_search=re.compile(prefixes).search,
                         suffix_search=tokenizer.suffix_search, infix_finditer=re.compile(infixes).finditer,
                         token_match=tokenizer.token_match, url_match=tokenizer.url_match)

    return make
