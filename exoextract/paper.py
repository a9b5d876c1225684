"""One paper, one result: ``process_paper(path, nlp) -> PaperResult``, the one path from a file to
everything exoextract knows about it. ``ingest``, ``show``, batch runs and the exporters all call it.

A result is a pure function of the file's bytes, the pipeline config and the
knowledge-base version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from spacy.language import Language

from exoextract.document import Document
from exoextract.ingest import PaperFile, ReadLimits, load
from exoextract.nlp import analyze
from exoextract.records import PaperResult

__all__ = ["process_document", "process_paper", "process_papers"]


def process_paper(path: str | Path, nlp: Language, doc_id: str | None = None,
                  limits: ReadLimits | None = None) -> PaperResult:
    """Read one paper (PDF or text) and extract its sentences, mentions and relations."""
    return process_document(load(path, doc_id, limits), nlp)


def process_document(document: Document, nlp: Language) -> PaperResult:
    """The result of a document already ingested (``exoextract.ingest.load_text`` for a string)."""
    analysis = analyze(document, nlp)
    return PaperResult(document, analysis.sentences, analysis.mentions, analysis.relations)


def process_papers(
    papers: Iterable[PaperFile], nlp: Language, progress: Callable[[PaperFile], None] | None = None
) -> Iterator[PaperResult]:
    """Each discovered paper's result, in order (``exoextract.ingest.discover`` gives the papers)."""
    for paper in papers:
        if progress:
            progress(paper)
        yield process_paper(paper.path, nlp, paper.doc_id)
