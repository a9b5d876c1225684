"""The NLP stage: a Document in, spaCy-free records out (sentences, mentions; relations to come).

``pipeline`` builds the spaCy pipeline from ``pipelines/*.cfg`` and runs it;
``tokenizer``, ``sentences``, ``abbreviations`` and ``entities`` are its
components; ``readout`` turns the annotated Doc into records.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language

from exoextract.document import Document
from exoextract.nlp.pipeline import annotate, chunks, load_pipeline, pipeline_config
from exoextract.nlp.readout import mentions_of, sentences_of
from exoextract.records import Mention, Relation, Sentence

__all__ = ["Analysis", "analyze", "annotate", "load_pipeline", "pipeline_config"]


@dataclass(frozen=True)
class Analysis:
    """What the NLP stage found in one document."""

    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...] = ()


def analyze(document: Document, nlp: Language) -> Analysis:
    """Sentences and mentions of a document (a long one in pieces cut at block or sentence ends)."""
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    for start, end in chunks(document.text):
        doc = annotate(document, nlp, start, end)
        found = sentences_of(document, doc, start, len(sentences))
        mentions += mentions_of(document, doc, found, start)
        sentences += found
    return Analysis(tuple(sentences), tuple(mentions))
