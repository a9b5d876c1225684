"""scispaCy's rule tokenizer, with slash-joined lists (``CD9/CD63/CD81``) split into their items."""

from __future__ import annotations

import re
import warnings

import spacy
from scispacy.custom_tokenizer import combined_rule_tokenizer
from spacy.language import Language
from spacy.tokenizer import Tokenizer

SLASH_BETWEEN_NAMES = r"(?<=[A-Za-z0-9\u0370-\u03ff+])/(?=[A-Za-z\u0370-\u03ff])"


@spacy.registry.tokenizers("exoextract.scispacy_tokenizer.v1")
def create_tokenizer():
    def make(nlp: Language) -> Tokenizer:
        nlp.tokenizer = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)  # scispaCy reads its token_match
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # a set-union hint about scispaCy's own pattern
            tokenizer = combined_rule_tokenizer(nlp)
        scispacy_infixes = tokenizer.infix_finditer.__self__.pattern
        tokenizer.infix_finditer = re.compile(f"{SLASH_BETWEEN_NAMES}|{scispacy_infixes}").finditer
        return tokenizer

    return make
