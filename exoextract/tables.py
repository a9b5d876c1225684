"""Tables of one or many papers (pandas), in one row order every run, and their readers and writers.

Imports no spaCy: reading or scoring a folder of tables is quick.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

import pandas as pd

from exoextract.records import (
    CONCEPT_COLUMNS,
    DOCUMENT_COLUMNS,
    MENTION_COLUMNS,
    RELATION_COLUMNS,
    TABLE_COLUMNS,
    TYPE_ORDER,
    PaperResult,
)

FORMATS = ("tsv", "parquet")


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


_MENTION_FIELDS = attrgetter(*MENTION_COLUMNS[1:])
_RELATION_FIELDS = attrgetter(*RELATION_COLUMNS[1:])


def _flag(value: bool) -> str:
    return "true" if value else "false"


def relation_row(doc_id: str, relation) -> tuple:
    """One ``relations`` row: flags written as ANNOTATION.md writes them (``true``/``false``)."""
    row = list(_RELATION_FIELDS(relation))
    hedged, negated = RELATION_COLUMNS.index("hedged") - 1, RELATION_COLUMNS.index("negated") - 1
    row[hedged], row[negated] = _flag(row[hedged]), _flag(row[negated])
    return (doc_id, *row)


def concept_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """Distinct concepts per paper: one row per (type, id or name), the first mention as example."""
    if mentions.empty:
        return pd.DataFrame(columns=list(CONCEPT_COLUMNS))
    frame = mentions.copy()
    frame["key"] = frame["id"].where(frame["id"] != "", "name:" + frame["name"].str.lower())
    grouped = frame.groupby(["doc_id", "type", "key"], sort=False)
    concepts = grouped.agg(id=("id", "first"), name=("name", "first"), example=("text", "first"),
                           mentions=("text", "size")).reset_index()
    concepts["order"] = concepts["type"].map(TYPE_ORDER)
    concepts = concepts.sort_values(["doc_id", "order", "name", "id"], kind="stable")
    return concepts[list(CONCEPT_COLUMNS)].reset_index(drop=True)


def corpus_tables(results: Iterable[PaperResult]) -> Tables:
    """The tables of every result, built in one pass: papers ordered by doc_id, mentions by offsets."""
    documents, rows, relation_rows = [], [], []
    for result in results:
        document = result.document
        documents.append((document.doc_id, document.source, document.sha256, document.pages, len(document.text),
                          len(result.sentences)))
        rows += [(document.doc_id, *_MENTION_FIELDS(m)) for m in result.mentions]
        relation_rows += [relation_row(document.doc_id, r) for r in result.relations]
    document_frame = pd.DataFrame(documents, columns=list(DOCUMENT_COLUMNS))
    document_frame = document_frame.sort_values("doc_id", kind="stable").reset_index(drop=True)
    mentions = pd.DataFrame(rows, columns=list(MENTION_COLUMNS))
    mentions = mentions.sort_values(["doc_id", "start", "end", "type"], kind="stable").reset_index(drop=True)
    relations = pd.DataFrame(relation_rows, columns=list(RELATION_COLUMNS))
    relations = relations.sort_values(["doc_id", "sentence_id"], kind="stable").reset_index(drop=True)
    return Tables(document_frame, mentions, concept_table(mentions), relations)


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
