"""One paper in, tables out: ingestion, the NLP stage and the tables, wired together."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from exoextract.ingest import iter_papers, load
from exoextract.nlp import annotate, load_pipeline, mentions_of
from exoextract.tables import Tables, combine, paper_tables, write


def extract(path: str | Path) -> Tables:
    """The tables of one paper: a pure function of the file."""
    document = load(path)
    doc = annotate(document, load_pipeline())
    return paper_tables(document, mentions_of(document, doc), sentences=sum(1 for _ in doc.sents))


def ingest(
    paths: Iterable[str | Path],
    out: Path,
    fmt: str = "tsv",
    progress: Callable[[Path], None] | None = None,
) -> tuple[Tables, list[Path]]:
    """Extract every paper under ``paths`` and write the combined tables to ``out``."""
    tables = []
    for paper in iter_papers(paths):
        if progress:
            progress(paper)
        tables.append(extract(paper))
    combined = combine(tables)
    return combined, write(combined, out, fmt)
