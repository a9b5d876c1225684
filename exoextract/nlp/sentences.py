"""Sentence boundaries for scientific prose, without a trained parser.

A sentence ends at ``.``, ``!`` or ``?`` followed by a capital, a digit or a
bracket, but not after ``et al.``, ``Fig.``, ``i.e.``, ``vs.`` and other
abbreviations; a block break (blank line: heading, caption, paragraph) always
starts a sentence, and reference brackets stay with the sentence they close.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from exoextract.nlp.doctext import doc_text

NO_BREAK_AFTER = frozenset(
    {
        "al.", "fig.", "figs.", "i.e.", "e.g.", "vs.", "cf.", "ca.", "approx.", "resp.", "ref.", "refs.", "eq.",
        "no.", "nos.", "dr.", "prof.", "vol.", "suppl.", "sp.", "spp.", "st.", "mr.", "mrs.", "ms.", "viz.", "etc.",
    }
)
SENTENCE_END = frozenset({".", "!", "?"})
END_CHARACTERS = numpy.array([ord(c) for c in ".!?)]"], dtype=numpy.uint32)  # the last character of a sentence
NEWLINE = ord("\n")


@Language.factory("exo_sentences", assigns=["token.is_sent_start"])
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()


class SentenceSplitter:
    """Rule-based sentence boundaries (the ``exo_sentences`` component)."""

    def __call__(self, doc: Doc) -> Doc:
        """Sentence starts set in one array; the rules run only where a sentence can end."""
        if not len(doc):
            return doc
        columns = doc.to_array([IDX, LENGTH, IS_SPACE]).astype("int64")
        starts_at, ends_at, space = columns[:, 0], columns[:, 0] + columns[:, 1], columns[:, 2].astype(bool)
        codes = numpy.frombuffer(doc_text(doc).encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
        newlines = numpy.concatenate(([0], numpy.cumsum(codes == NEWLINE)))
        # a block break (blank line: heading, caption, paragraph) always starts a sentence
        previous_breaks = (newlines[starts_at[1:]] > newlines[ends_at[:-1]]) | (
            space[:-1] & (newlines[ends_at[:-1]] > newlines[starts_at[:-1]])
        )
        starts = numpy.full(len(doc), -1, dtype="int64")
        starts[0] = 1
        block_break = previous_breaks & ~space[1:]
        starts[1:][block_break] = 1
        # elsewhere only after a token ending in . ! ? ) or ]
        can_end = numpy.isin(codes[ends_at[:-1] - 1], END_CHARACTERS) & ~space[1:] & ~block_break
        for index in numpy.flatnonzero(can_end) + 1:
            if self._ends(doc, index - 1) and self._starts(doc[index].text):
                starts[index] = 1
        doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))  # spaCy's attribute arrays are uint64
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
