"""Exosome populations named by their source, in the usual phrasings, and exosomes with no source.

``DC-derived exosomes``, ``exosomes from BM-MSCs``, ``exosomes released by
CTLs``, ``tumour exosomes``: the population is named after its source (a cell
type, a tumour, a fluid), and a source cell is also recorded as a cell type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from exoextract.nlp.entities.context import (
    EFFECT_CUES,
    LOOKUP_ONLY_KINDS,
    MALIGNANT_ID,
    MALIGNANT_NAME,
    ROOT_CELL,
    TUMOUR_WORDS,
    VESICLE,
    Found,
    PaperContext,
)

SOURCE_VERB = r"(?:derived|secreted?|released?|produced?|shed|isolated|purified|collected|obtained)"
FLUIDS = frozenset(
    {"ascites", "plasma", "serum", "urine", "saliva", "milk", "blood", "semen", "bile", "cerebrospinal fluid",
     "amniotic fluid", "breast milk", "tissue", "tumor tissue", "bone marrow"}
)
PHRASE_STOP = frozenset(
    {"was", "were", "is", "are", "be", "been", "and", "or", "which", "that", "with", "in", "into", "to", "by", "for",
     "on", "at", "as", "after", "before", "during", "than", "via", "through", "could", "can", "may", "might", "did"}
)
SOURCE_BEFORE = re.compile(  # "<source>-derived exosomes", "<source> cell-derived exosomes"
    rf"(?<![\w])((?:[\w+/]+[\s-]){{0,4}}?[\w+]+(?:[\s-]cells?)?)[\s-]{SOURCE_VERB}\s+({VESICLE})\b", re.IGNORECASE
)
SOURCE_AFTER = re.compile(  # "exosomes (were) derived from <source>", "exosomes from <source>"
    rf"\b({VESICLE})\s+(?:(?:(?:were|was|are|is|being)\s+)?{SOURCE_VERB}\s+(?:from|by)|from|of)\s+"
    rf"((?:[\w+/-]+\s?){{1,6}})",
    re.IGNORECASE,
)
VESICLE_WORD = re.compile(rf"(?<![\w-]){VESICLE}(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """What a source phrase names: the population's id and source name, how it was read, where the
    source starts, and the cell-type mention it adds (if any)."""

    id: str
    name: str
    method: str
    start: int
    cell: Found | None


def populations(paper: PaperContext, found: list[Found]) -> list[Found]:
    out: list[Found] = []
    cells = [f for f in found if f.type == "CELL_TYPE"]
    text = paper.text
    for match in SOURCE_BEFORE.finditer(text):
        source = _source(paper, match.start(1), match.end(1), cells)
        if source:
            out += _population(source.start, match.end(), source)
    for match in SOURCE_AFTER.finditer(text):
        phrase_end = _noun_phrase_end(text, match.start(2), match.end(2))
        for end in _word_ends(text, match.start(2), phrase_end):
            source = _source(paper, match.start(2), end, cells, abbreviations=False)
            if source and end < phrase_end and source.method in ("source_tumour", "source_fluid"):
                continue  # "exosomes from melanoma patients" are no melanoma exosomes
            if source:
                out += _population(match.start(), end, source)
                break
    for match in VESICLE_WORD.finditer(text):
        if match.group().lower() in ("vesicles", "microvesicles") and "extracellular" not in match.group().lower():
            continue
        preceding = re.search(r"((?:[\w+/-]+\s){1,3})$", text[max(0, match.start() - 60) : match.start()])
        if preceding:  # "tumour exosomes", "plasma exosomes", "DC exosomes"
            phrase_start = match.start() - len(preceding.group(1))
            source = _source(paper, phrase_start, match.start() - 1, cells)
            if source and source.method != "source_unnamed_cell":
                out += _population(source.start, match.end(), source)
                continue
        out.append(Found(match.start(), match.end(), "EXOSOME", "", "exosome", "vesicle"))
    return out


def _population(start: int, end: int, source: Source) -> list[Found]:
    """The population mention, and its source cell when the source adds one."""
    population = Found(start, end, "EXOSOME", source.id, f"{source.name} exosome", source.method)
    return [population, source.cell] if source.cell else [population]


def _source(
    paper: PaperContext, start: int, end: int, cells: list[Found], abbreviations: bool = True
) -> Source | None:
    """The cell type (or tumour, or fluid) a source phrase names."""
    text = paper.text
    written = text[start:end]
    expanded = paper.expand(written)  # "BM-derived MSCs" -> "bone marrow-derived mesenchymal stem cells"
    if expanded != written:
        for candidate in paper.kb.lookup(expanded, ["CELL_TYPE"]):
            if candidate.kind not in LOOKUP_ONLY_KINDS:
                cell = Found(start, end, "CELL_TYPE", candidate.id, candidate.name, "exosome_source")
                return Source(candidate.id, cell.name, "source_cell", start, cell)
    # the longest recognized cell mention that ends the phrase
    ending = [c for c in cells if c.end == end and c.start >= start]
    if ending:
        cell = max(ending, key=lambda c: c.length)
        return Source(cell.id, cell.name, "source_cell", cell.start, None)
    words = [(m.group(), start + m.start()) for m in re.finditer(r"[^\s()\[\],;:]+", written)]
    for size in range(len(words), 0, -1):
        offset = words[-size][1]
        phrase = text[offset:end].strip()
        line = re.sub(r"[\s-]cells?$", "", phrase)
        if line != phrase and re.search(r"\d", line):  # "HEK293T cells": the line's name
            lines = [c for c in paper.kb.lookup(line, ["CELL_TYPE"]) if c.kind == "cell_line"]
            if lines:
                cell = Found(offset, offset + len(line), "CELL_TYPE", lines[0].id, lines[0].name, "exosome_source")
                return Source(lines[0].id, lines[0].name, "source_cell", offset, cell)
        lowered = " ".join(w for w, _ in words[-size:]).lower()
        defined = paper.meanings.get(re.sub(r"[\s-]cells?$", "", phrase))
        if defined is not None and defined.type == "NEOPLASM":
            lowered = "tumor"
        if lowered in TUMOUR_WORDS or any(c.type == "NEOPLASM" for c in paper.kb.lookup(phrase, ["NEOPLASM"])):
            cell = Found(offset, offset + len(phrase), "CELL_TYPE", MALIGNANT_ID, MALIGNANT_NAME, "exosome_source")
            return Source(MALIGNANT_ID, MALIGNANT_NAME, "source_tumour", offset, cell)
        if lowered in FLUIDS:
            return Source("", lowered, "source_fluid", offset, None)
        for candidate in paper.kb.lookup(phrase, ["CELL_TYPE"]):
            if candidate.id in paper.cells.generic or candidate.id == ROOT_CELL:
                continue
            if candidate.kind in ("abbreviation", "synonym_abbreviation") and not abbreviations:
                continue  # only right before "-derived exosomes" does an undefined abbreviation name a cell
            if candidate.kind == "cell_line" and not re.search(r"\d", phrase):
                continue
            cell = Found(offset, offset + len(phrase), "CELL_TYPE", candidate.id, candidate.name, "exosome_source")
            return Source(candidate.id, cell.name, "source_cell", offset, cell)
    if len(words) >= 2 and words[-1][0].lower() in ("cell", "cells") and re.search(r"[A-Z0-9]", words[-2][0]):
        offset = words[-2][1]  # a cell type no vocabulary names: "CAR-T cell"
        name = f"{words[-2][0].lower()} cell"
        cell = Found(offset, end, "CELL_TYPE", "", name, "exosome_source")
        return Source("", name, "source_unnamed_cell", offset, cell)
    return None


def _noun_phrase_end(text: str, start: int, end: int) -> int:
    """Where the source phrase after ``exosomes from`` ends: before a verb or a function word."""
    for match in re.finditer(r"[\w+/-]+", text[start:end]):
        word = match.group()
        if word.lower() in PHRASE_STOP or (match.start() > 0 and EFFECT_CUES.match(word)):
            return start + match.start()
    return end


def _word_ends(text: str, start: int, end: int) -> Iterable[int]:
    """Candidate ends of a source phrase, longest first."""
    ends = [m.end() for m in re.finditer(r"[^\s()\[\],;:]+", text[start:end])]
    return [start + e for e in reversed(ends)]
