"""The NLP stage: a Document in, spaCy-free records out (sentences, mentions, relations).

``pipeline`` builds the spaCy pipeline from ``pipelines/*.cfg`` and runs it;
``tokenizer``, ``sentences``, ``abbreviations``, ``entities`` and ``relations`` are its
components; ``readout`` turns the annotated Doc into records.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language

from exoextract.document import Document
from exoextract.nlp.pipeline import annotate, chunks, load_pipeline, pipeline_config
from exoextract.nlp.readout import mentions_of, relations_of, sentences_of
from exoextract.records import Mention, Relation, Sentence, distinct_relations

__all__ = ["Analysis", "analyze", "annotate", "load_pipeline", "pipeline_config"]


@dataclass(frozen=True)
class Analysis:
    """What the NLP stage found in one document."""

    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...] = ()


def analyze(document: Document, nlp: Language) -> Analysis:
    """Sentences, mentions and relations of a document (a long one in pieces cut at block or sentence ends);
    one relation per distinct triple, from its most direct statement."""
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    relations: list[Relation] = []
    for start, end in chunks(document.text):
        doc = annotate(document, nlp, start, end, spans=False)
        found = sentences_of(document, doc, start, len(sentences))
        mentions += mentions_of(document, doc, found, start)
        relations += relations_of(doc, found, start) if doc.has_extension("exo_relations") else []
        sentences += found
    return Analysis(tuple(sentences), tuple(mentions), distinct_relations(relations))
