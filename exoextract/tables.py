"""Tables of one or many papers (pandas), in one row order every run, and their readers and writers.

Imports no spaCy: reading or scoring a folder of tables is quick.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from exoextract.records import TABLE_COLUMNS, TABLE_FORMATS, PaperResult
from exoextract.rows import paper_rows

FORMATS = TABLE_FORMATS


@dataclass
class Tables:
    """The four tables exoextract writes."""

    documents: pd.DataFrame
    mentions: pd.DataFrame
    concepts: pd.DataFrame
    relations: pd.DataFrame

    def items(self) -> Iterator[tuple[str, pd.DataFrame]]:
        for name in TABLE_COLUMNS:
            yield name, getattr(self, name)


def paper_tables(result: PaperResult) -> Tables:
    """Tables of one paper: a pure function of its result."""
    return corpus_tables([result])


def corpus_tables(results: Iterable[PaperResult]) -> Tables:
    """The tables of every result: papers ordered by doc_id, each paper's rows as
    :func:`exoextract.rows.paper_rows` orders them (the TSV lines a batch writes are the same rows)."""
    papers = sorted(((result.document, paper_rows(result)) for result in results), key=lambda p: p[0].doc_id)
    documents = [(d.doc_id, d.source, d.sha256, rows.pages, rows.characters, rows.sentences) for d, rows in papers]
    frames = {"documents": documents}
    for name in ("mentions", "concepts", "relations"):
        frames[name] = [(d.doc_id, *row) for d, rows in papers for row in getattr(rows, name)]
    return Tables(*(pd.DataFrame(frames[name], columns=list(columns)) for name, columns in TABLE_COLUMNS.items()))


def write(tables: Tables, out: Path, fmt: str = "tsv") -> list[Path]:
    """Write each table as ``out/<name>.tsv`` (or ``.parquet``); returns the files written.

    Each file is written under a temporary name and renamed, so a reader never
    sees half a table.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = out / f"{name}.{fmt}"
        partial = out / f".{name}.{fmt}.tmp{os.getpid()}"
        if fmt == "tsv":
            frame.to_csv(partial, sep="\t", index=False, lineterminator="\n")
        else:
            frame.to_parquet(partial, index=False)
        partial.replace(path)
        written.append(path)
    return written


def read_table(path: Path) -> pd.DataFrame:
    """A table exoextract wrote (or a gold table): TSV with empty cells as empty strings, or Parquet."""
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)


def read_concepts(path: Path) -> pd.DataFrame:
    """A ``concepts.tsv`` (ours or a gold one) with empty cells as empty strings."""
    return read_table(path)
