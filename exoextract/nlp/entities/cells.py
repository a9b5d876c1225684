"""Cell types written in ways the vocabulary does not list: marker-qualified (``CD8+ T cells``),
tumour cells (``glioma cells`` -> malignant cell), coordinated heads (``B and T cells``) and cells named
by their state (``infected cells``, ``cells infected by HCV``, ``senescent cells``)."""

from __future__ import annotations

import re

from exoextract.kb.normalize import singular
from exoextract.nlp.entities.context import (
    LOOKUP_ONLY_KINDS,
    MALIGNANT_ID,
    MALIGNANT_NAME,
    TUMOUR_WORDS,
    Found,
    PaperContext,
    anchored_matches,
    word_start,
)

_HEADS = r"T cells?|T lymphocytes?|B cells?|NK cells?|CTLs?|cells|monocytes?|macrophages?|dendritic cells?"
_POSITIVE = r"(?:\+|-positive|\u207a)"
QUALIFIED = re.compile(rf"({word_start('CD')}\d+[a-z]?){_POSITIVE}\s+({_HEADS})(?![\w-])")
QUALIFIED_IN_LIST = re.compile(
    rf"({word_start('CD')}\d+[a-z]?){_POSITIVE}(?=\s*(?:,|and|or|/)\s*(?:CD\d+[a-z]?{_POSITIVE}\s*(?:,|and|or)?\s*)*"
    rf"CD\d+[a-z]?{_POSITIVE}\s+({_HEADS}))"
)
CELL_PHRASE = re.compile(r"(?<![\w-])((?:[\w-]+\s){0,2}?[\w-]+)\s+(cells?|blasts?)(?![\w-])")
# where a CELL_PHRASE match ends: "cells" or "blasts" after white space (the look-behinds after the first letters,
# as in word_start)
CELL_WORD = re.compile(r"(?:c(?<=\sc)ells?|b(?<=\sb)lasts?)(?![\w-])")
CELL_PHRASE_REACH = 160  # characters three words and the space before "cells" span (a longer phrase is no name)
CELL_PHRASE_SPACES = 3  # runs of white space in one: between its three words, and before "cells"
# states a cell is in, which name a kind of cell (docs/ANNOTATION.md: "named by lineage, state, ...")
CELL_STATES = r"infected|apoptotic|senescent|necrotic|transfected|transformed|quiescent|dying|irradiated|hypoxic"
STATE_BEFORE = re.compile(rf"(?<![\w-])(?:[\w]+-)?({CELL_STATES})\s+cells?(?![\w-])", re.IGNORECASE)
STATE_AFTER = re.compile(rf"{word_start('c')}ells?\s+(infected|transfected|transformed)\s+(?:by|with)\b", re.IGNORECASE)
COORDINATED = re.compile(rf"({word_start('[A-Z]')}[\w+-]{{0,6}})\s+(?:and|or)\s+[A-Z][\w+-]{{0,6}}\s+(cells?)\b")


def qualified_cells(paper: PaperContext) -> list[Found]:
    """``CD8+ T cells`` (and the ``CD8+`` of ``CD8+ and CD4+ T cells``) -> the Cell Ontology class
    named ``CD8-positive, ... T cell``."""
    out = []
    for regex in (QUALIFIED, QUALIFIED_IN_LIST):
        for match in regex.finditer(paper.text):
            head = singular(match.group(2))
            head = {"CTL": "cytotoxic T cell", "T lymphocyte": "T cell", "B lymphocyte": "B cell"}.get(head, head)
            best = paper.cells.positive_class(match.group(1), head)
            if best is not None:
                end = match.end() if regex is QUALIFIED else match.end(1) + 1
                out.append(Found(match.start(), end, "CELL_TYPE", best[0], best[1], "marker_qualified"))
    return out


def tumour_cells(paper: PaperContext, found: list[Found]) -> list[Found]:
    """``glioma cells``, ``tumor cells``, ``breast adenocarcinoma cells`` -> malignant cell; not when a named
    line stands before them (``U87 glioma cells`` are U-87 MG cells)."""
    line_ends = {f.end for f in found if f.id.startswith("CVCL_")}
    out = []
    for match in anchored_matches(CELL_PHRASE, CELL_WORD, paper.text, CELL_PHRASE_REACH, CELL_PHRASE_SPACES):
        words = match.group(1).split()
        for size in range(len(words), 0, -1):
            phrase = " ".join(words[-size:])
            meaning = paper.meanings.get(phrase) or paper.meanings.get(phrase.rstrip("s"))
            if phrase.lower() in TUMOUR_WORDS or (meaning is not None and meaning.type == "NEOPLASM") or any(
                c.type == "NEOPLASM" for c in paper.kb.lookup(phrase, ["NEOPLASM"])
            ):
                start = match.start(1) + len(" ".join(words[:-size])) + (1 if size < len(words) else 0)
                if any(0 < start - end <= 2 for end in line_ends):
                    break
                out.append(Found(start, match.end(), "CELL_TYPE", MALIGNANT_ID, MALIGNANT_NAME, "tumour_cells"))
                break
    return out


def coordinated_cells(paper: PaperContext) -> list[Found]:
    """``B and T cells``: the first item shares the head noun of the second."""
    out = []
    for match in COORDINATED.finditer(paper.text):
        for candidate in paper.kb.lookup(f"{match.group(1)} {match.group(2)}", ["CELL_TYPE"]):
            if candidate.kind not in LOOKUP_ONLY_KINDS:
                out.append(Found(match.start(1), match.end(1), "CELL_TYPE", candidate.id, candidate.name,
                                 "coordination"))
                break
    return out


def state_cells(paper: PaperContext, found: list[Found]) -> list[Found]:
    """``infected cells``, ``HCV-infected cells``, ``cells infected by Mtb``, ``apoptotic cells``: a kind of
    cell no vocabulary names, called by its state (not ``HEK293T cells transfected with``: named cells)."""
    named_ends = {f.end for f in found if f.type == "CELL_TYPE"}
    out = []
    for regex in (STATE_BEFORE, STATE_AFTER):
        for match in regex.finditer(paper.text):
            if regex is STATE_AFTER and match.start() - 1 in named_ends:
                continue
            name = f"{match.group(1).lower()} cell"
            end = match.end() if regex is STATE_BEFORE else match.end(1)
            out.append(Found(match.start(), end, "CELL_TYPE", "", name, "cell_state"))
    return out
