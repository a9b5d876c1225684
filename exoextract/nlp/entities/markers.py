"""Marker names the n-gram scan cannot see: paralog names (``Rab11``), bare suffixes (``MHC-I and -II``),
symbols in genotype notation (``sgk1(-/-)``), with the human prefix (``hOGG1``) and with an isoform letter
(``Lamp2b``), numbered subcomplexes of a named machinery (``ESCRT-0``), receptors spelled out after their
ligand (``VEGF receptor 2``), and short symbols that stand in a list of markers (``miR-92a, CEA and CA19-9``)."""

from __future__ import annotations

import re

from exoextract.kb.normalize import GREEK_INITIALS, replace_greek
from exoextract.nlp.entities.context import Found, PaperContext, Reach, plausible_marker, word_start

PARALOG_NAME = re.compile(rf"({word_start('[A-Z]')}[A-Za-z]{{1,4}}\d{{1,3}})(?![\w-])")
SUFFIX_LIST = re.compile(r"(?<![\w-])([A-Za-z]{2,8})-(\w{1,4})\s+(?:and|or|,)\s+(-(\w{1,4}))(?![\w-])")


def paralogs(paper: PaperContext, found: list[Found]) -> list[Found]:
    """``Rab11`` names RAB11A and RAB11B: a name covering paralogs lists both identifiers."""
    out = []
    reach = Reach(found)
    for match in PARALOG_NAME.finditer(paper.text):
        if reach.covers(match.start()):
            continue
        symbol = match.group(1).upper()
        ids = []
        for letter in "ABCD":
            exact = [c for c in paper.kb.lookup(symbol + letter, ["MARKER"]) if c.kind == "symbol"]
            if not exact:
                break
            ids.append(exact[0].id)
        if len(ids) >= 2:
            out.append(Found(match.start(), match.end(), "MARKER", "|".join(ids), match.group(1), "paralogs"))
    return out


def suffix_coordination(paper: PaperContext) -> list[Found]:
    """``MHC-I and -II``, ``IL-6 and -8``: the bare suffix takes the stem of the name before it."""
    out = []
    for match in SUFFIX_LIST.finditer(paper.text):
        name = f"{match.group(1)}-{match.group(4)}"
        for candidate in paper.kb.lookup(name, ["MARKER"]):
            if not candidate.needs_context and plausible_marker(name):
                out.append(Found(match.start(3), match.end(3), "MARKER", candidate.id, candidate.name,
                                 "suffix_coordination"))
                break
    return out


NUMBERED_COMPLEX = re.compile(rf"({word_start('[A-Z]')}[A-Za-z]{{2,}})-(0|I{{1,3}}|IV)(?![\w-])")


def numbered_complexes(paper: PaperContext) -> list[Found]:
    """``ESCRT-0``: a number after a complex or family the vocabulary names without an identifier is one of
    its subcomplexes, named as written (a family with a FamPlex id or a gene keeps its own numbered names)."""
    out = []
    for match in NUMBERED_COMPLEX.finditer(paper.text):
        written = match.group()
        if paper.kb.lookup(written, ["MARKER"]):
            continue  # a name of its own (ESCRT-I): the scan finds it
        if any(c.kind == "family_grammar" and not c.id for c in paper.kb.lookup(match.group(1), ["MARKER"])):
            out.append(Found(match.start(), match.end(), "MARKER", "", written, "numbered_complex"))
    return out


LIST_JOINT = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|/)\s*$")


def listed(paper: PaperContext, found: list[Found]) -> list[Found]:
    """A symbol that needs a molecular word beside it (``CEA``) is a marker when a list joins it to a
    marker or miRNA the paper names (``serum exosomal miR-92a-3p, CEA and CA19-9``)."""
    if not paper.awaiting:
        return []
    molecules = [f for f in found if f.type in ("MARKER", "MIRNA")]
    text = paper.text
    # a short form the paper defines means what its definition says (the definitions pass placed it)
    waiting = [item for item in paper.awaiting.values() if text[item.start : item.end] not in paper.long_texts
               and not any(f.start < item.end and item.start < f.end for f in found)]
    out: list[Found] = []
    while True:  # "AFP, CEA and CA125": an item joined to one the list already made a marker counts too
        joined = [item for item in waiting if any(
            (0 <= item.start - f.end <= 8 and LIST_JOINT.match(text[f.end : item.start]))
            or (0 <= f.start - item.end <= 8 and LIST_JOINT.match(text[item.end : f.start])) for f in molecules)]
        if not joined:
            return out
        out += joined
        molecules += joined
        waiting = [item for item in waiting if item not in joined]


LETTER_LIST = re.compile(
    r"(?<![\w-])([A-Za-z][a-z]{3,}?)s?\s+([A-Z]\d?)((?:\s*,\s*[A-Z]\d?)*)\s*,?\s+(?:and|or)\s+([A-Z]\d?)(?![\w-])"
)


def letter_lists(paper: PaperContext) -> list[Found]:
    """``granzymes A and B``, ``annexins A1, A2 and A5``: each letter names the gene of that name."""
    out = []
    for match in LETTER_LIST.finditer(paper.text):
        stem = match.group(1).lower()
        items = [(match.start(1), match.end(2), match.group(2))]
        items += [(m.start(), m.end(), m.group()) for m in re.finditer(r"[A-Z]\d?", match.group(3))]
        items = [(s + (match.start(3) if i else 0), e + (match.start(3) if i else 0), letter) if i else (s, e, letter)
                 for i, (s, e, letter) in enumerate(items)]
        items.append((match.start(4), match.end(4), match.group(4)))
        genes = []
        for start, end, letter in items:
            named = [c for c in paper.kb.lookup(f"{stem} {letter}", ["MARKER"]) if c.kind == "name"]
            if not named:
                break
            genes.append(Found(start, end, "MARKER", named[0].id, named[0].name, "letter_list"))
        if len(genes) == len(items):
            out += genes
    return out


# a gene symbol in genotype notation: "sgk1(-/-)", "Rab27a-/-", "Cd63+/+ mice" (the lower-case or
# capitalized mouse spelling of the human symbol)
GENOTYPE = re.compile(r"(?<![\w-])([A-Za-z][A-Za-z0-9]{1,9})(?=\([+-]/[+-]\)|[+-]/[+-](?![\w/]))")
GENOTYPE_KINDS = ("symbol", "previous_symbol", "alias_symbol")


def genotypes(paper: PaperContext) -> list[Found]:
    """Symbols written with a genotype (``sgk1(-/-)``, ``Rab27a-/-``): the gene, whatever the case."""
    out = []
    for match in GENOTYPE.finditer(paper.text):
        symbol = match.group(1)
        if not any(c.isdigit() for c in symbol) and len(symbol) < 3:
            continue
        for candidate in paper.kb.lookup(symbol.upper(), ["MARKER"]):
            if candidate.kind in GENOTYPE_KINDS and candidate.id.startswith("HGNC:"):
                out.append(Found(match.start(1), match.end(1), "MARKER", candidate.id, candidate.name, "genotype"))
                break
    return out


# a human gene written with the species prefix "h": "hOGG1", "hTERT" (the symbol after it is approved)
HUMAN_PREFIXED = re.compile(rf"{word_start('h')}([A-Z][A-Z0-9]{{2,9}})(?!\w)")


def human_prefixed(paper: PaperContext) -> list[Found]:
    """``hOGG1`` -> OGG1: an approved symbol after a lower-case ``h`` (for human), when the whole word is
    no name of its own and the symbol is not also a cell type's short form (``hMSC``: human MSCs)."""
    out = []
    for match in HUMAN_PREFIXED.finditer(paper.text):
        name = match.group(1)
        if paper.kb.lookup(match.group(), ["MARKER", "CELL_TYPE"]) or paper.kb.lookup(name, ["CELL_TYPE"]):
            continue
        for candidate in paper.kb.lookup(name, ["MARKER"]):
            if candidate.kind == "symbol" and candidate.id.startswith("HGNC:"):
                out.append(Found(match.start(), match.end(), "MARKER", candidate.id, candidate.name, "human_prefix"))
                break
    return out


# a gene's isoform written with a lower-case letter after its symbol: "Lamp2b" (LAMP2, isoform B)
ISOFORM = re.compile(rf"({word_start('[A-Z]')}[A-Za-z]{{1,6}}\d{{1,2}})([a-d])(?![\w-])")


def isoforms(paper: PaperContext) -> list[Found]:
    """``Lamp2b`` -> LAMP2: an approved symbol (in any case) with an isoform letter, when the whole word
    names nothing itself (``Rab27b`` is its own gene)."""
    out = []
    for match in ISOFORM.finditer(paper.text):
        word = match.group()
        if paper.kb.lookup(word) or paper.kb.lookup(word.upper()):
            continue
        for candidate in paper.kb.lookup(match.group(1).upper(), ["MARKER"]):
            if candidate.kind == "symbol" and candidate.id.startswith("HGNC:"):
                out.append(Found(match.start(), match.end(), "MARKER", candidate.id, candidate.name, "isoform"))
                break
    return out


# a receptor spelled out after its ligand's symbol: "VEGF receptor 2" is VEGFR2, "TGF-beta receptor II" TGFBR2
SPELLED_RECEPTOR = re.compile(
    rf"({word_start('[A-Z]')}[A-Za-z0-9\u03b1-\u03b3-]{{1,12}}?)\s+receptors?"
    r"(?:[\s-]?(\d{1,2}|IV|I{1,3}|alpha|beta|gamma|[\u03b1-\u03b3])(?![\w-]))?(?![\w-])"
)
GREEK_LETTER = {name: letter for letter, name in GREEK_INITIALS.items()}  # beta -> B, as symbols write it
ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4"}


def spelled_receptors(paper: PaperContext, found: list[Found]) -> list[Found]:
    """``IL-6 receptor`` -> IL6R, ``VEGF receptor 2`` -> KDR (VEGFR2), ``PDGF receptor beta`` -> PDGFRB: the
    ligand's symbol, ``R`` for receptor and its number or letter make a symbol the vocabularies know."""
    taken = {(f.start, f.end) for f in found if f.type == "MARKER"}
    out = []
    for match in SPELLED_RECEPTOR.finditer(paper.text):
        if (match.start(), match.end()) in taken:
            continue
        ligands = paper.kb.lookup(match.group(1), ["MARKER"])
        if not ligands:
            continue  # "DA receptors": dopamine is no marker, and DAR is another gene's alias
        ligand = re.sub(r"-?(alpha|beta|gamma)$", lambda m: GREEK_LETTER[m.group(1)],
                        replace_greek(match.group(1))).replace("-", "")
        suffix = replace_greek(match.group(2) or "")
        suffix = ROMAN.get(suffix, GREEK_LETTER.get(suffix, suffix))
        candidates = paper.kb.lookup(f"{ligand}R{suffix}", ["MARKER"])
        if not candidates:
            continue
        best = candidates[0]
        if ligands[0].id.startswith("FPLX:") and not suffix and not best.id.startswith("FPLX:"):
            continue  # "IFN receptor": a family's receptors are a family, not the gene IFNR
        if best.id and best.kind in ("symbol", "alias_symbol", "previous_symbol", "grounding"):
            out.append(Found(match.start(), match.end(), "MARKER", best.id, best.name, "spelled_receptor"))
    return out
