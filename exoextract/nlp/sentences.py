"""Sentence boundaries for scientific prose, without a trained parser.

A sentence ends at ``.``, ``!`` or ``?`` followed by a capital, a digit or a
bracket, but not after ``et al.``, ``Fig.``, ``i.e.``, ``vs.`` and other
abbreviations; a block break (blank line: heading, caption, paragraph) always
starts a sentence, and reference brackets stay with the sentence they close.
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

NO_BREAK_AFTER = frozenset(
    {
        "al.", "fig.", "figs.", "i.e.", "e.g.", "vs.", "cf.", "ca.", "approx.", "resp.", "ref.", "refs.", "eq.",
        "no.", "nos.", "dr.", "prof.", "vol.", "suppl.", "sp.", "spp.", "st.", "mr.", "mrs.", "ms.", "viz.", "etc.",
    }
)
SENTENCE_END = frozenset({".", "!", "?"})


@Language.factory("exo_sentences", assigns=["token.is_sent_start"])
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()


class SentenceSplitter:
    """Rule-based sentence boundaries (the ``exo_sentences`` component)."""

    def __call__(self, doc: Doc) -> Doc:
        starts = numpy.full((len(doc), 1), -1, dtype="int64")  # set in one go: per-token setters are O(n) each
        for index, token in enumerate(doc):
            if index == 0:
                starts[index] = 1
                continue
            previous = doc[index - 1]
            if token.is_space:
                continue  # white space stays with the sentence before it
            block_break = "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text)
            if block_break or (self._ends(doc, index - 1) and self._starts(token.text)):
                starts[index] = 1
        if len(doc):
            doc.from_array([SENT_START], starts.astype("uint64"))  # spaCy's attribute arrays are uint64
        return doc

    @staticmethod
    def _starts(text: str) -> bool:
        first = text[:1]
        return first.isupper() or first.isdigit() or first in "([\"'\u201c"

    @staticmethod
    def _ends(doc: Doc, index: int) -> bool:
        token = doc[index]
        if token.text in SENTENCE_END:
            before = doc[index - 1].text.lower() + "." if index > 0 else ""
            return before not in NO_BREAK_AFTER or token.text != "."
        if token.text.endswith(".") and len(token.text) > 1:
            return token.text.lower() not in NO_BREAK_AFTER and not token.text[:-1].replace(".", "").isalpha()
        if token.text in (")", "]") and index > 0:
            return doc[index - 1].text in SENTENCE_END
        return False
