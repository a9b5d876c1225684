"""Exosome populations named by their source, in the usual phrasings, and exosomes with no source.

``DC-derived exosomes``, ``exosomes from BM-MSCs``, ``exosomes released by
CTLs``, ``tumour exosomes``: the population is named after its source (a cell
type, a tumour, a fluid), and a source cell is also recorded as a cell type.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from exoextract.kb.normalize import singular
from exoextract.nlp.entities.context import (
    EFFECT_CUES,
    LOOKUP_ONLY_KINDS,
    MALIGNANT_ID,
    MALIGNANT_NAME,
    ROOT_CELL,
    TUMOUR_WORDS,
    VESICLE,
    VESICLE_INITIALS,
    Found,
    PaperContext,
    anchored_matches,
)

SOURCE_VERB = r"(?:derived|secreted?|released?|produced?|shed|isolated|purified|collected|obtained)"
FLUIDS = frozenset(
    {"ascites", "plasma", "serum", "urine", "saliva", "milk", "blood", "semen", "bile", "cerebrospinal fluid",
     "amniotic fluid", "breast milk", "tissue", "tumor tissue", "bone marrow", "peripheral blood", "cord blood",
     "umbilical cord blood"}
)
LATIN_PLURALS = {"sera": "serum"}  # a Latin plural the English rules miss
PHRASE_STOP = frozenset(
    {"was", "were", "is", "are", "be", "been", "and", "or", "which", "that", "with", "in", "into", "to", "by", "for",
     "on", "at", "as", "after", "before", "during", "than", "via", "through", "could", "can", "may", "might", "did"}
)
CARGO_VERB = re.compile(  # the verb after a source phrase: "EVs from B16F10 cells carried PD-L1"
    r"^(?:carr(?:y|ies|ied)|contain(?:s|ed)?|express(?:es|ed)?|harbou?r(?:s|ed)?|bear(?:s)?|bore|shuttle[sd]?|"
    r"transport(?:s|ed)?|exhibit(?:s|ed)?|show(?:s|ed)?|display(?:s|ed)?|had|has|have)$",
    re.IGNORECASE,
)
LINE_SHAPE = re.compile(r"\d|^[A-Z]?[a-z]+[A-Z]")  # a digit, or a capital after the first letter (HeLa)
CELLS_AFTER_NAME = re.compile(r"(?:\s+[a-z]+){0,2}[\s-]cells?")  # "HeLa| cells", "B16F10| melanoma cells"
VESICLE_END = re.compile(rf"{VESICLE}$", re.IGNORECASE)
CELLS_WORD_END = re.compile(r"[\s-]cells?$")
# up to three words before a vesicle word ("tumour exosomes"); a match starts where a word does, so the
# look-behind only spares the attempts inside words
PRECEDING_WORDS = re.compile(r"(?<![\w+/-])((?:[\w+/-]+(?:\.\d+)?\s){1,3})$")


@dataclass(frozen=True)
class Patterns:
    """The population patterns, with the paper's own short forms of vesicle terms (``Exos``, ``GELNs``)."""

    before: re.Pattern  # "<source>-derived exosomes"
    before_anchor: re.Pattern  # where such a phrase ends: "-derived exosomes"
    after: re.Pattern  # "exosomes derived from <source>"
    word: re.Pattern  # a vesicle word

    def source_before(self, text: str) -> Iterator[re.Match]:
        """``before.finditer(text)``, tried only where the anchor ends a phrase."""
        return anchored_matches(self.before, self.before_anchor, text, SOURCE_REACH, SOURCE_SPACES)


SOURCE_REACH = 300  # characters a source phrase before "-derived exosomes" can span (five words at most)
SOURCE_SPACES = 7  # white space in one: after "A.", after four words, before "cells", before "(BMSC)"


# A paper's one-word short forms of vesicle terms (``Dexs``, ``GELNs``) are found by one compiled pattern: a copy
# of the text writes each of their occurrences in two Runic letters (word characters, as the short form's letters
# are, which no paper writes), and the patterns take such a run as a vesicle word. Compiling the patterns anew
# with each paper's short forms took about 7 ms a paper.
MARK_START, MARK_LETTER = "\u16a0", "\u16a1"
MARKED = f"{MARK_START}{MARK_LETTER}*"
VESICLE_HERE = re.compile(VESICLE, re.IGNORECASE)


@lru_cache(maxsize=256)
def vesicle_patterns(short_forms: tuple[str, ...] = (), marked: bool = True) -> Patterns:
    """The population patterns: vesicle words, short forms marked in the text (``marked``) and other short forms
    written into the patterns."""
    alternatives = ([VESICLE] + ([MARKED] if marked else []) + [re.escape(short) for short in short_forms])
    vesicle = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
    # where a vesicle word can start: its first letters, asked first (a leading look-behind or word boundary
    # makes the engine try the whole alternation at every character of a paper)
    initials = {*VESICLE_INITIALS, MARK_START, *(short[:1] for short in short_forms)}
    first = "" if "" in initials else f"(?=[{re.escape(''.join(sorted(initials)))}])"
    before = re.compile(  # "<source>-derived exosomes", "<source> cell-derived exosomal miRNAs"
        rf"(?<![\w.])((?:[A-Z]\.\s)?(?:[\w+/]+[\s-]){{0,4}}?[\w+]+(?:[\s-]cells?)?)"
        rf"(?:\s\([^()\s]{{1,15}}\))?"  # the source's short form on the way: "bone marrow MSC (BMSC)-derived"
        rf"[\s-]{SOURCE_VERB}\s+"
        rf"({vesicle}|exosomal)\b",
        re.IGNORECASE,
    )
    after = re.compile(  # "exosomes (were) derived from <source>", "EV preparations from <source>"
        rf"{first}\b({vesicle})\s+(?:(?:preparations|isolates|fractions)\s+)?"
        rf"(?:(?:(?:were|was|are|is|being)\s+)?{SOURCE_VERB}\s+(?:from|by)|from|of)\s+((?:[\w+/-]+\s?){{1,6}})",
        re.IGNORECASE,
    )
    word = re.compile(rf"{first}(?<![\w-])(?:{vesicle}|exosomal)(?![\w-])", re.IGNORECASE)
    anchor = re.compile(rf"[\s-]{SOURCE_VERB}\s+(?:{vesicle}|exosomal)\b", re.IGNORECASE)
    return Patterns(before, anchor, after, word)


def marked_short_forms(text: str, short_forms: list[str]) -> tuple[str, Patterns]:
    """The text to match (of the same length, the marked short forms' occurrences in mark letters) and the
    patterns that find the paper's vesicle short forms in it.

    A short form the vesicle words already match adds nothing. One is marked when it is one word and no vesicle
    phrase starts where it is written (``small`` would cut ``small EVs``); any other goes into the patterns.
    """
    short_forms = [short for short in short_forms if not VESICLE_HERE.fullmatch(short)]
    if not short_forms:
        return text, vesicle_patterns()
    if MARK_START in text or MARK_LETTER in text:
        return text, vesicle_patterns(tuple(sorted(short_forms)), marked=False)
    occurrences = {short: [m.start() for m in _whole_word_pattern(short).finditer(text)] for short in short_forms}
    marked = [short for short in short_forms if len(short) > 1 and re.fullmatch(r"\w+", short)
              and not any(VESICLE_HERE.match(text, start) for start in occurrences[short])]
    written = tuple(sorted(short for short in short_forms if short not in marked))
    if not marked:
        return text, vesicle_patterns(written)
    chars = list(text)
    for short in sorted(marked, key=len, reverse=True):
        for start in occurrences[short]:
            if chars[start] in (MARK_START, MARK_LETTER):
                continue  # inside a longer short form's occurrence
            chars[start : start + len(short)] = MARK_START + MARK_LETTER * (len(short) - 1)
    return "".join(chars), vesicle_patterns(written)


@lru_cache(maxsize=4096)
def _whole_word_pattern(short: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(short)}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """What a source phrase names: the population's id and source name, how it was read, where the
    source starts, and the cell-type mention it adds (if any)."""

    id: str
    name: str
    method: str
    start: int
    cell: Found | None


class _Cells:
    """The cell-type mentions found so far, to ask which lie inside a phrase."""

    def __init__(self, cells: list[Found]):
        self.cells = cells
        self.order = sorted(range(len(cells)), key=lambda i: cells[i].start)
        self.starts = [cells[i].start for i in self.order]

    def within(self, start: int, end: int) -> list[Found]:
        """Mentions that start in ``[start, end)``, in the order they were found."""
        chosen = sorted(self.order[bisect_left(self.starts, start) : bisect_left(self.starts, end)])
        return [self.cells[i] for i in chosen]


def populations(paper: PaperContext, found: list[Found]) -> list[Found]:
    out: list[Found] = []
    cells = _Cells([f for f in found if f.type == "CELL_TYPE"])
    text = paper.text
    shorts = [short for short, long in paper.long_texts.items() if VESICLE_END.search(long)]
    searched, patterns = marked_short_forms(text, shorts)  # offsets as in the text
    for match in patterns.source_before(searched):
        source = _source(paper, match.start(1), match.end(1), cells)
        if source:
            out += _population(source.start, match.end(), source)
    for match in patterns.after.finditer(searched):
        named = _source_after(paper, match.start(2), match.end(2), cells)
        if named is not None:
            end, source = named
            out += _population(match.start(), end, source)
            while True:  # "EVs from plasma and from ARPE-19 cells"; "by HeLa cells, MDA-MB-231 cells and ..."
                following = NEXT_SOURCE.match(text, end)
                named = _source_after(paper, following.start(2), following.end(2), cells) if following else None
                if named is None or not (following.group(1) or named[1].method in ("source_cell", "source_fluid")):
                    break  # without its own "from", a tumour is the setting ("from MSCs and tumor-bearing mice")
                end = named[0]
                out += _population(following.start(2), *named)
    for match in patterns.word.finditer(searched):
        written = text[match.start() : match.end()].lower()
        if written in ("vesicles", "microvesicles"):
            continue  # alone, "vesicles" are as often intraluminal or synaptic vesicles
        adjective = written == "exosomal"
        preceding = PRECEDING_WORDS.search(text[max(0, match.start() - 60) : match.start()])
        if preceding:  # "tumour exosomes", "plasma exosomes", "DC exosomes"
            phrase_start = match.start() - len(preceding.group(1))
            source = _source(paper, phrase_start, match.start() - 1, cells)
            if source and source.method != "source_unnamed_cell":
                out += _population(source.start, match.end(), source)
                continue
        if not adjective:  # "exosomal X" names the vesicles only with a source ("serum exosomal miR-21")
            out.append(Found(match.start(), match.end(), "EXOSOME", "", "exosome", "vesicle"))
    return out


NEXT_SOURCE = re.compile(  # a further source: its own "from" or "by", or a cell or fluid in the same list
    r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)((?:also\s+)?(?:from|by)\s+)?((?:[\w+/-]+\s?){1,6})")


def _source_after(paper: PaperContext, start: int, end: int, cells: _Cells) -> tuple[int, Source] | None:
    """The source a phrase after ``exosomes from`` names, and where its name ends: the longest reading, but
    a tumour or fluid only when it ends the phrase ("exosomes from melanoma patients" are no melanoma
    exosomes; "of tumor origin" are)."""
    text = paper.text
    phrase_end = _noun_phrase_end(text, start, end)
    for word_end in _word_ends(text, start, phrase_end):
        source = _source(paper, start, word_end, cells, abbreviations=False)
        if (source and word_end < phrase_end and source.method in ("source_tumour", "source_fluid")
                and not ORIGIN.fullmatch(text[word_end:phrase_end]) and not HOSTS.match(text, word_end, phrase_end)):
            continue
        if source:
            return word_end, source
    return None


def _population(start: int, end: int, source: Source) -> list[Found]:
    """The population mention, and its source cell when the source adds one."""
    population = Found(start, end, "EXOSOME", source.id, f"{source.name} exosome", source.method)
    return [population, source.cell] if source.cell else [population]


def _source(
    paper: PaperContext, start: int, end: int, cells: _Cells, abbreviations: bool = True
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
    # the longest recognized cell mention that ends the phrase ("HeLa" of "HeLa cells" too)
    ending = [c for c in cells.within(start, end) if c.end == end or CELLS_AFTER_NAME.fullmatch(text, c.end, end)]
    if ending:
        cell = max(ending, key=lambda c: c.length)
        return Source(cell.id, cell.name, "source_cell", cell.start, None)
    words = [(m.group(), start + m.start()) for m in re.finditer(r"[^\s()\[\],;:]+", written)]
    for size in range(len(words), 0, -1):
        offset = words[-size][1]
        phrase = text[offset:end].strip()
        line = CELLS_WORD_END.sub("", phrase)
        if line != phrase and LINE_SHAPE.search(line):  # "HEK293T cells", "HeLa cells": the line's name
            lines = [c for c in paper.kb.lookup(line, ["CELL_TYPE"]) if c.kind == "cell_line"]
            if lines:
                cell = Found(offset, offset + len(line), "CELL_TYPE", lines[0].id, lines[0].name, "exosome_source")
                return Source(lines[0].id, lines[0].name, "source_cell", offset, cell)
        lowered = " ".join(w for w, _ in words[-size:]).lower()
        defined = paper.meanings.get(line)
        if defined is not None and defined.type == "NEOPLASM":
            lowered = "tumor"
        if lowered in TUMOUR_WORDS or any(c.type == "NEOPLASM" for c in paper.kb.lookup(phrase, ["NEOPLASM"])):
            cell = Found(offset, offset + len(phrase), "CELL_TYPE", MALIGNANT_ID, MALIGNANT_NAME, "exosome_source")
            return Source(MALIGNANT_ID, MALIGNANT_NAME, "source_tumour", offset, cell)
        lowered = LATIN_PLURALS.get(lowered, lowered)
        if lowered in FLUIDS:
            return Source("", lowered, "source_fluid", offset, None)
        organism = _binomial(paper, phrase)
        if organism:  # "Akkermansia muciniphila", "A. muciniphila": a species of a genus the vocabulary knows
            return Source("", organism, "source_fluid", offset, None)
        named = [c for c in paper.kb.lookup(phrase, ["SOURCE"]) if c.kind == "name"]
        if named:  # a tissue, fluid, organism or plant: "sera" -> serum, "ginger" stays ginger
            heading = named[0].name.lower()
            name = heading if " " not in heading and " " not in lowered else singular(lowered)
            return Source("", name, "source_fluid", offset, None)
        for candidate in paper.kb.lookup(phrase, ["CELL_TYPE"]):
            if candidate.id in paper.cells.generic or candidate.id == ROOT_CELL:
                continue
            if candidate.kind in ("abbreviation", "synonym_abbreviation") and not abbreviations:
                continue  # only right before "-derived exosomes" does an undefined abbreviation name a cell
            if candidate.kind == "cell_line" and not LINE_SHAPE.search(phrase):
                continue
            cell = Found(offset, offset + len(phrase), "CELL_TYPE", candidate.id, candidate.name, "exosome_source")
            return Source(candidate.id, cell.name, "source_cell", offset, cell)
    if len(words) >= 2 and words[-1][0].lower() in ("cell", "cells") and re.search(r"[A-Z0-9]", words[-2][0]):
        offset = words[-2][1]  # a cell type no vocabulary names: "CAR-T cell"
        name = f"{words[-2][0].lower()} cell"
        cell = Found(offset, end, "CELL_TYPE", "", name, "exosome_source")
        return Source("", name, "source_unnamed_cell", offset, cell)
    return None


DEFINED_SOURCE = re.compile(rf"^(.+?)(?:[\s-]{SOURCE_VERB})?\s+{VESICLE}$", re.IGNORECASE)


def named_by_definition(text: str, long_start: int, long_end: int, population: Found) -> Found:
    """A population the paper defines with a short form, named by the words its long form gives the source
    when no cell is the source: the letters of ``GBEVs`` take in "Gut bacteria-derived ...", those of
    ``PELNs`` leave "Edible" out of "Edible plant-derived ..."."""
    if population.method != "source_fluid" or population.start == long_start:
        return population  # a cell source keeps its vocabulary name ("BMSC-Exos": mesenchymal stem cell)
    match = DEFINED_SOURCE.match(text[long_start:long_end])
    if match is None:
        return population
    source = " ".join(match.group(1).lower().split())
    if f"{source} exosome" == population.name or not re.search(r"[a-z]{3}", source):
        return population
    return replace(population, start=long_start, end=max(long_end, population.end), name=f"{source} exosome",
                   method="source_definition")


ORIGIN = re.compile(r"\s*(?:cell\s+)?origins?\s*", re.IGNORECASE)
HOSTS = re.compile(  # "exosomes from the sera of HCV-infected patients": the fluid, of whom it was taken
    r"\s+of\s+(?:[\w-]+\s+){0,4}?(?:patients?|donors?|subjects?|individuals?|volunteers?|controls?|people|humans?|"
    r"children|women|men|mice|mouse|rats?|animals?|pigs?|cows?|cattle)$",
    re.IGNORECASE,
)
BINOMIAL = re.compile(r"^([A-Z][a-z]+|[A-Z]\.)\s+([a-z]{3,})$")


def _binomial(paper: PaperContext, phrase: str) -> str | None:
    """A Latin species name whose genus is an organism of the vocabulary; an abbreviated genus
    (``A. muciniphila``) is the one the paper spells out with the same species epithet."""
    match = BINOMIAL.match(phrase)
    if not match:
        return None
    genus, epithet = match.groups()
    if genus.endswith("."):
        spelled = re.search(rf"\b({re.escape(genus[0])}[a-z]+)\s+{re.escape(epithet)}\b", paper.text)
        if not spelled:
            return None
        genus = spelled.group(1)
    if not any(c.kind == "name" for c in paper.kb.lookup(genus, ["SOURCE"])):
        return None
    return f"{genus} {epithet}".lower()


def _noun_phrase_end(text: str, start: int, end: int) -> int:
    """Where the source phrase after ``exosomes from`` ends: before a verb or a function word."""
    for match in re.finditer(r"[\w+/-]+", text[start:end]):
        word = match.group()
        if word.lower() in PHRASE_STOP or CARGO_VERB.match(word) or (match.start() > 0 and EFFECT_CUES.match(word)):
            return start + len(text[start : start + match.start()].rstrip())  # the phrase ends at its last word
    return start + len(text[start:end].rstrip())  # "exosomes from plasma (PEs)": not at the space before "("


def _word_ends(text: str, start: int, end: int) -> Iterable[int]:
    """Candidate ends of a source phrase, longest first."""
    ends = [m.end() for m in re.finditer(r"[^\s()\[\],;:]+", text[start:end])]
    return [start + e for e in reversed(ends)]
