"""A Doc's text, tokens and sentences as plain Python data, read once per Doc.

``Doc.text`` joins every token on each access and ``doc[i]``, ``doc.sents`` and
token iteration build a Python object per token, which cost more than the
rules that read them; the passes after the sentence splitter read these
tables instead. :func:`exoextract.nlp.pipeline.annotate` keeps the string it
tokenized.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import IDX, IS_PUNCT, LENGTH, SENT_START
from spacy.tokens import Doc

if not Doc.has_extension("exo_text"):
    Doc.set_extension("exo_text", default=None)

_TABLE = "exo_token_table"  # the doc.user_data key of the table (built after sentences are set)


def doc_text(doc: Doc) -> str:
    """The Doc's text: the copy ``annotate`` keeps (when it still matches the tokens), else ``Doc.text``."""
    text = doc._.exo_text if len(doc) else None
    if text is not None and len(text) == doc[-1].idx + len(doc[-1]) + len(doc[-1].whitespace_):
        return text
    return doc.text


@dataclass(frozen=True)
class TokenTable:
    """Per token: its text, lower case, start offset and whether it is punctuation; and the sentences as
    ``(first token, stop token)`` ranges."""

    texts: list[str]
    lowers: list[str]
    starts: list[int]
    punct: list[bool]
    sentences: list[tuple[int, int]]

    def end(self, index: int) -> int:
        """The character offset just after token ``index``."""
        return self.starts[index] + len(self.texts[index])


def token_table(doc: Doc) -> TokenTable:
    """The Doc's token table, built on first use (after the sentence splitter has run)."""
    table = doc.user_data.get(_TABLE)
    if table is None or len(table.texts) != len(doc):
        table = doc.user_data[_TABLE] = _build(doc)
    return table


def _build(doc: Doc) -> TokenTable:
    if not len(doc):
        return TokenTable([], [], [], [], [])
    text = doc_text(doc)
    array = doc.to_array([IDX, LENGTH, IS_PUNCT, SENT_START])
    starts = array[:, 0].tolist()
    texts = [text[start : start + length] for start, length in zip(starts, array[:, 1].tolist())]
    firsts = [i for i, flag in enumerate(array[:, 3].tolist()) if flag == 1]
    if not firsts or firsts[0] != 0:
        firsts.insert(0, 0)
    sentences = list(zip(firsts, [*firsts[1:], len(doc)]))
    return TokenTable(texts, [t.lower() for t in texts], starts, [bool(p) for p in array[:, 2].tolist()], sentences)
