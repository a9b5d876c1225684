"""Tables of one or many papers (pandas), in one row order every run, and their writers."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from exoextract.document import Document
from exoextract.nlp import Mention

DOCUMENT_COLUMNS = ["doc_id", "source", "sha256", "pages", "characters", "sentences"]
MENTION_COLUMNS = ["doc_id", "sentence_id", "start", "end", "page", "text", "type", "id", "name", "method", "section"]
CONCEPT_COLUMNS = ["doc_id", "type", "id", "name", "example", "mentions"]
RELATION_COLUMNS = [
    "doc_id", "subject_type", "subject_name", "predicate", "object_type", "object_name", "hedged", "negated",
    "evidence",
]
TYPE_ORDER = {"MARKER": 0, "MIRNA": 1, "CELL_TYPE": 2, "EXOSOME": 3, "OUTCOME": 4}
FORMATS = ("tsv", "parquet")


@dataclass
class Tables:
    """The four tables exoextract writes."""

    documents: pd.DataFrame
    mentions: pd.DataFrame
    concepts: pd.DataFrame
    relations: pd.DataFrame

    def items(self):
        return {"documents": self.documents, "mentions": self.mentions, "concepts": self.concepts,
                "relations": self.relations}.items()


def paper_tables(document: Document, mentions: list[Mention], sentences: int) -> Tables:
    """Tables of one paper: a pure function of the document and its mentions."""
    documents = pd.DataFrame(
        [[document.doc_id, document.source, document.sha256, document.pages, len(document.text), sentences]],
        columns=DOCUMENT_COLUMNS,
    )
    rows = [{"doc_id": document.doc_id, **asdict(m)} for m in mentions]
    mention_frame = pd.DataFrame(rows, columns=MENTION_COLUMNS).sort_values(["start", "end", "type"], kind="stable")
    return Tables(documents, mention_frame.reset_index(drop=True), concept_table(mention_frame),
                  pd.DataFrame(columns=RELATION_COLUMNS))


def concept_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """Distinct concepts per paper: one row per (type, id or name), the first mention as example."""
    if mentions.empty:
        return pd.DataFrame(columns=CONCEPT_COLUMNS)
    frame = mentions.copy()
    frame["key"] = frame["id"].where(frame["id"] != "", "name:" + frame["name"].str.lower())
    grouped = frame.groupby(["doc_id", "type", "key"], sort=False)
    concepts = grouped.agg(id=("id", "first"), name=("name", "first"), example=("text", "first"),
                           mentions=("text", "size")).reset_index()
    concepts["order"] = concepts["type"].map(TYPE_ORDER)
    concepts = concepts.sort_values(["doc_id", "order", "name", "id"], kind="stable")
    return concepts[CONCEPT_COLUMNS].reset_index(drop=True)


def combine(tables: list[Tables]) -> Tables:
    """Several papers' tables, ordered by doc_id."""
    def stack(name: str, columns: list[str]) -> pd.DataFrame:
        frames = [getattr(t, name) for t in tables if not getattr(t, name).empty]
        if not frames:
            return pd.DataFrame(columns=columns)
        return pd.concat(frames, ignore_index=True).sort_values("doc_id", kind="stable").reset_index(drop=True)

    return Tables(stack("documents", DOCUMENT_COLUMNS), stack("mentions", MENTION_COLUMNS),
                  stack("concepts", CONCEPT_COLUMNS), stack("relations", RELATION_COLUMNS))


def write(tables: Tables, out: Path, fmt: str = "tsv") -> list[Path]:
    """Write each table as ``out/<name>.tsv`` (or ``.parquet``); returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = out / f"{name}.{fmt}"
        if fmt == "tsv":
            frame.to_csv(path, sep="\t", index=False, lineterminator="\n")
        else:
            frame.to_parquet(path, index=False)
        written.append(path)
    return written


def read_concepts(path: Path) -> pd.DataFrame:
    """A ``concepts.tsv`` (ours or a gold one) with empty cells as empty strings."""
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
