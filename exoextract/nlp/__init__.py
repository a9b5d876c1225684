"""The spaCy stage: a pipeline from ``pipelines/*.cfg`` over a Document, giving mentions.

Factories register through the ``spacy_factories`` entry point and on import
of this package; no trained weights are involved anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import spacy
from spacy.language import Language

from exoextract.document import BODY_KINDS, Document
from exoextract.nlp import abbreviations, entities, sentences, tokenizer  # noqa: F401 - registers factories
from exoextract.nlp.entities import SPAN_KEY

FIGURE_REFERENCE = re.compile(r"\b(?:Fig(?:ure)?s?\.?|Tables?|Supplementary\s+Fig(?:ure)?s?\.?)\s*S?\d+[A-Za-z]?")

__all__ = ["Mention", "annotate", "load_pipeline", "mentions", "mentions_of"]


@dataclass(frozen=True)
class Mention:
    """One occurrence of a concept, with offsets in the clean text."""

    start: int
    end: int
    text: str
    type: str
    id: str
    name: str
    method: str
    sentence_id: int
    page: int
    section: str


def pipeline_config(name: str = "default"):
    """The parsed config of a pipeline shipped in ``exoextract/pipelines``."""
    path = resources.files("exoextract") / "pipelines" / f"{name}.cfg"
    return spacy.util.load_config_from_str(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def load_pipeline(name: str = "default") -> Language:
    """Build (once per process) the named pipeline; no weights, so nothing to download."""
    return spacy.util.load_model_from_config(pipeline_config(name), auto_fill=True, validate=True)


def annotate(document: Document, nlp: Language | None = None):
    """Run the pipeline over a document's prose; front matter and citations are skipped."""
    nlp = nlp or load_pipeline()
    doc = nlp.make_doc(document.text)
    skip = [(c.start, c.end) for c in document.citations]
    skip += [(m.start(), m.end()) for m in FIGURE_REFERENCE.finditer(document.text)]
    skip += [(b.start, b.end) for b in document.blocks if b.kind not in BODY_KINDS]
    doc._.exo_skip = tuple(skip)
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def mentions_of(document: Document, doc) -> list[Mention]:
    """The mentions an annotated doc holds, with sentence, page and section."""
    sentence_of = {sentence.start: number for number, sentence in enumerate(doc.sents)}
    out = []
    for span in doc.spans[SPAN_KEY]:
        start, end = span._.exo_start, span._.exo_end
        block = document.block_at(start)
        out.append(
            Mention(
                start=start, end=end, text=document.text[start:end], type=span.label_, id=span.kb_id_,
                name=span._.exo_name, method=span._.exo_method, sentence_id=sentence_of.get(span.sent.start, 0),
                page=document.locate(start, end).page, section=block.section if block else "",
            )
        )
    return out


def mentions(document: Document, nlp: Language | None = None) -> list[Mention]:
    """Every mention of the document, in text order."""
    return mentions_of(document, annotate(document, nlp))
