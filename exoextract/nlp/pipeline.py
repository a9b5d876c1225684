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
from exoextract.nlp import abbreviations, entities, sentences, tokenizer  # noqa: F401 - registers factories

FIGURE_REFERENCE = re.compile(r"\b(?:Fig(?:ure)?s?\.?|Tables?|Supplementary\s+Fig(?:ure)?s?\.?)\s*S?\d+[A-Za-z]?")
KB_COMPONENTS = ("exo_entities",)  # components whose initialize() takes the knowledge base


def pipeline_config(name: str = "default"):
    """The parsed config of a pipeline shipped in ``exoextract/pipelines``."""
    path = resources.files("exoextract") / "pipelines" / f"{name}.cfg"
    return spacy.util.load_config_from_str(path.read_text(encoding="utf-8"))


def pipeline_text(name: str = "default") -> str:
    """The config file's text, part of the key of every stored result."""
    return (resources.files("exoextract") / "pipelines" / f"{name}.cfg").read_text(encoding="utf-8")


def load_pipeline(name: str = "default", kb: KnowledgeBase | None = None, notify: Notify | None = None) -> Language:
    """Build the named pipeline and initialize its components with the knowledge base
    (loaded from the cache, or built once, when none is given). No weights, nothing to download."""
    nlp = spacy.util.load_model_from_config(pipeline_config(name), auto_fill=True, validate=True)
    kb = kb if kb is not None else load_kb(notify)
    for component_name in KB_COMPONENTS:
        if component_name in nlp.pipe_names:
            nlp.get_pipe(component_name).initialize(nlp=nlp, kb=kb)
    return nlp


def annotate(document: Document, nlp: Language) -> Doc:
    """Run the pipeline over a document's text; front matter, citations and figure references are skipped."""
    doc = nlp.make_doc(document.text)
    skip = [(c.start, c.end) for c in document.citations]
    skip += [(m.start(), m.end()) for m in FIGURE_REFERENCE.finditer(document.text)]
    skip += [(b.start, b.end) for b in document.blocks if b.kind not in BODY_KINDS]
    doc._.exo_skip = tuple(skip)
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc
