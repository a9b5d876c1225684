"""The spaCy pipeline: built from ``pipelines/*.cfg``, given its knowledge base, run over a Document.

Factories register through the ``spacy_factories`` entry point and on import
of this package; no trained weights are involved anywhere.
"""

from __future__ import annotations

import re
from importlib import resources

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from exoextract.document import BODY_KINDS, Document
from exoextract.kb import KnowledgeBase, load_kb
from exoextract.kb.cache import Notify
from exoextract.nlp import abbreviations, entities, relations, sentences, tokenizer  # noqa: F401 - registers factories

# "Fig. 2B", "Tables 1", "Supplementary Figure S3" after no word character (each look-behind after its first
# letter, so that the engine skips ahead to F, T and S; see entities.context.word_start)
FIGURE_REFERENCE = re.compile(
    r"(?:F(?<!\wF)ig(?:ure)?s?\.?|T(?<!\wT)ables?|S(?<!\wS)upplementary\s+Fig(?:ure)?s?\.?)\s*S?\d+[A-Za-z]?")
KB_COMPONENTS = ("exo_entities", "exo_relations")  # components whose initialize() takes the knowledge base


def pipeline_config(name: str = "default"):
    """The parsed config of a pipeline shipped in ``exoextract/pipelines``."""
    path = resources.files("exoextract") / "pipelines" / f"{name}.cfg"
    return spacy.util.load_config_from_str(path.read_text(encoding="utf-8"))


def load_pipeline(name: str = "default", kb: KnowledgeBase | None = None, notify: Notify | None = None) -> Language:
    """Build the named pipeline and initialize its components with the knowledge base
    (loaded from the cache, or built once, when none is given). No weights, nothing to download."""
    nlp = spacy.util.load_model_from_config(pipeline_config(name), auto_fill=True, validate=True)
    kb = kb if kb is not None else load_kb(notify)
    for component_name in KB_COMPONENTS:
        if component_name in nlp.pipe_names:
            nlp.get_pipe(component_name).initialize(nlp=nlp, kb=kb)
    return nlp


CHUNK_CHARACTERS = 400_000  # longer texts are annotated in pieces (spaCy refuses texts over nlp.max_length)


def annotate(document: Document, nlp: Language, start: int = 0, end: int | None = None, spans: bool = True) -> Doc:
    """Run the pipeline over ``document.text[start:end]``; front matter, citations and figure references
    are skipped. Offsets in the Doc are relative to ``start``. With ``spans=False`` the mentions are only
    the records ``entity_records`` reads (``doc.spans`` stays empty): what processing a paper needs."""
    end = len(document.text) if end is None else end
    text = document.text[start:end]
    doc = nlp.make_doc(text)
    skip = [(c.start, c.end) for c in document.citations]
    skip += [(m.start() + start, m.end() + start) for m in FIGURE_REFERENCE.finditer(text)]
    skip += [(b.start, b.end) for b in document.blocks if b.kind not in BODY_KINDS]
    doc._.exo_skip = tuple((max(a, start) - start, min(b, end) - start) for a, b in skip if a < end and b > start)
    doc._.exo_text = text  # the Doc's text, kept: Doc.text rebuilds it from every token on each access
    doc._.exo_records_only = not spans
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def chunks(text: str, size: int = CHUNK_CHARACTERS) -> list[tuple[int, int]]:
    """(start, end) pieces of at most ``size`` characters, cut at a blank line, else a sentence end,
    else a space, in the last fifth of each piece."""
    pieces, start = [], 0
    while len(text) - start > size:
        window = text[start : start + size]
        floor = int(size * 0.8)
        cut = max(window.rfind("\n\n", floor), -1)
        if cut < 0:
            ends = [m.end() for m in SENTENCE_GAP.finditer(window, floor)]
            cut = ends[-1] if ends else window.rfind(" ", floor)
        cut = cut if cut > 0 else size
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, len(text)))
    return pieces


SENTENCE_GAP = re.compile(r"[.!?]\s+(?=[A-Z(])")
