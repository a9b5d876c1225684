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
HYPHEN_BEFORE_SUFFIX = rf"(?<=[A-Za-z0-9\u0370-\u03ff+])-(?=(?:{'|'.join(SUFFIX_WORDS)})\b)"


@spacy.registry.tokenizers("exoextract.scispacy_tokenizer.v1")
def create_tokenizer():
    def make(nlp: Language) -> Tokenizer:
        # scispaCy reads only the token_match of the tokenizer it replaces: spaCy's default, built without its
        # thousands of special cases
        nlp.tokenizer = SimpleNamespace(token_match=nlp.Defaults.token_match)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # a set-union hint about scispaCy's own pattern
            tokenizer = combined_rule_tokenizer(nlp)
        scispacy_infixes = tokenizer.infix_finditer.__self__.pattern
        pattern = f"{SLASH_BETWEEN_NAMES}|{HYPHEN_BEFORE_SUFFIX}|{scispacy_infixes}"
        tokenizer.infix_finditer = re.compile(pattern).finditer
        return tokenizer

    return make
