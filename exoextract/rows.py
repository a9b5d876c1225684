"""One paper's rows of every table, in table order, and the same rows as TSV lines: no pandas.

Every table sorts by ``doc_id`` first, so the corpus tables are the papers'
rows one paper after another in doc_id order. A batch worker therefore renders
a paper's lines once, as the paper finishes, and the run assembles its tables
by writing those lines after each paper's doc_id cell (no per-cell work left
for the end of the run). :mod:`exoextract.tables` builds its data frames from
the same rows, so both writers agree by construction.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from exoextract.records import MENTION_COLUMNS, RELATION_COLUMNS, TABLE_COLUMNS, TYPE_ORDER, PaperResult

_MENTION_FIELDS = attrgetter(*MENTION_COLUMNS[1:])
_RELATION_FIELDS = attrgetter(*RELATION_COLUMNS[1:])
_HEDGED, _NEGATED = RELATION_COLUMNS.index("hedged") - 1, RELATION_COLUMNS.index("negated") - 1


@dataclass(frozen=True)
class PaperRows:
    """One paper's rows of the mentions, concepts and relations tables (each without the doc_id cell
    that leads every row), and the cells of its documents row that the paper itself decides."""

    pages: int
    characters: int
    sentences: int
    mentions: tuple[tuple, ...]
    concepts: tuple[tuple, ...]
    relations: tuple[tuple, ...]


def _flag(value: bool) -> str:
    return "true" if value else "false"


def relation_cells(relation) -> tuple:
    """A ``relations`` row without its doc_id: flags written as ANNOTATION.md writes them (``true``/``false``)."""
    row = list(_RELATION_FIELDS(relation))
    row[_HEDGED], row[_NEGATED] = _flag(row[_HEDGED]), _flag(row[_NEGATED])
    return tuple(row)


def concept_rows(mentions: Iterable[tuple]) -> tuple[tuple, ...]:
    """Distinct concepts of a paper's mention rows (in table order): one per (type, id or name), with the
    first mention's id, name and text as example, and the count; ordered by type, name, id."""
    text, kind, identifier, name = (MENTION_COLUMNS.index(c) - 1 for c in ("text", "type", "id", "name"))
    groups: dict[tuple[str, str], list] = {}
    for row in mentions:
        key = (row[kind], row[identifier] or "name:" + row[name].lower())
        group = groups.get(key)
        if group is None:
            groups[key] = [row[kind], row[identifier], row[name], row[text], 1]
        else:
            group[4] += 1
    ordered = sorted(groups.values(), key=lambda g: (TYPE_ORDER[g[0]], g[2], g[1]))
    return tuple(tuple(group) for group in ordered)


def paper_rows(result: PaperResult) -> PaperRows:
    """The rows a paper gives: mentions by offsets, concepts by type and name, relations by sentence."""
    mentions = sorted((_MENTION_FIELDS(m) for m in result.mentions), key=_mention_order)
    relations = sorted((relation_cells(r) for r in result.relations), key=_relation_order)
    document = result.document
    return PaperRows(document.pages, len(document.text), len(result.sentences), tuple(mentions),
                     concept_rows(mentions), tuple(relations))


_START, _END, _TYPE = (MENTION_COLUMNS.index(c) - 1 for c in ("start", "end", "type"))
_SENTENCE = RELATION_COLUMNS.index("sentence_id") - 1


def _mention_order(row: tuple) -> tuple:
    return row[_START], row[_END], row[_TYPE]


def _relation_order(row: tuple) -> int:
    return row[_SENTENCE]


class _Lines(list):
    """A list a ``csv.writer`` writes to: one string per row."""

    write = list.append


_NEEDS_QUOTES = ('"', "\n", "\r")  # with a tab inside a cell (seen as one tab too many in the joined row)


def tsv_lines(rows: Iterable[Iterable]) -> list[str]:
    """Rows as TSV lines (each ending in a newline), quoted as pandas' ``to_csv(sep="\\t")`` quotes them:
    a cell with a tab, a quote or a line break is put in double quotes. A row of two cells or more with
    none of those characters is joined directly (as the csv writer writes it: None as an empty cell, other
    values through ``str``); any other row goes through the csv writer."""
    lines = _Lines()
    writer = csv.writer(lines, delimiter="\t", lineterminator="\n")
    for row in rows:
        cells = ["" if cell is None else cell if type(cell) is str else str(cell) for cell in row]
        joined = "\t".join(cells)
        if len(cells) > 1 and joined.count("\t") == len(cells) - 1 and not any(c in joined for c in _NEEDS_QUOTES):
            lines.append(joined + "\n")
        else:
            writer.writerow(row)
    return lines


@dataclass(frozen=True)
class PaperLines:
    """A paper's rows as TSV lines without the doc_id cell, and what the run's summary counts of them."""

    pages: int
    characters: int
    sentences: int
    notes: tuple[str, ...]
    mentions: tuple[str, ...]
    concepts: tuple[str, ...]
    relations: tuple[str, ...]
    concept_types: dict[str, int]


def paper_lines(result: PaperResult) -> PaperLines:
    """The TSV lines of a paper's rows (a worker makes them as the paper finishes)."""
    rows = paper_rows(result)
    concept_types = dict(Counter(row[0] for row in rows.concepts))
    return PaperLines(rows.pages, rows.characters, rows.sentences, tuple(result.document.notes),
                      tuple(tsv_lines(rows.mentions)), tuple(tsv_lines(rows.concepts)),
                      tuple(tsv_lines(rows.relations)), concept_types)


@dataclass(frozen=True)
class AssembledPaper:
    """A paper of a corpus run: its doc id, source path and content hash, and its lines."""

    doc_id: str
    source: str
    sha256: str
    lines: PaperLines


def write_tsv(papers: Iterable[AssembledPaper], out: Path) -> list[Path]:
    """The four tables of ``papers`` as ``out/<name>.tsv``, in doc_id order; returns the files written.
    Each file is written under a temporary name and renamed, so a reader never sees half a table."""
    ordered = sorted(papers, key=lambda p: p.doc_id)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, columns in TABLE_COLUMNS.items():
        path = out / f"{name}.tsv"
        partial = out / f".{name}.tsv.tmp{os.getpid()}"
        with partial.open("w", encoding="utf-8", newline="") as handle:
            handle.write("\t".join(columns) + "\n")
            handle.writelines(_table_lines(name, ordered))
        partial.replace(path)
        written.append(path)
    return written


def _table_lines(name: str, papers: list[AssembledPaper]) -> Iterator[str]:
    if name == "documents":
        yield from tsv_lines((p.doc_id, p.source, p.sha256, p.lines.pages, p.lines.characters, p.lines.sentences)
                             for p in papers)
        return
    for paper in papers:
        lines = getattr(paper.lines, name)
        if lines:
            prefix = tsv_lines([(paper.doc_id, "")])[0][:-1]  # the doc_id cell as quoted, and its tab
            for line in lines:
                yield prefix + line
