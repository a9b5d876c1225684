"""Abbreviations the paper defines: a short form takes its long form's concept everywhere it is used.

Two passes: after the knowledge-base scan, definitions of cells, markers and
outcomes (``dendritic cells (DCs)``); after exosome populations are known,
short forms of those populations (``Dexs``) and of names scispaCy's detector
could not align (``adipose-derived MSCs (AT-MSCs)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Span

from exoextract.english import word_frequency
from exoextract.kb.normalize import singular
from exoextract.nlp.entities.context import LOOKUP_ONLY_KINDS, ROOT_CELL, Found, PaperContext, Reach
from exoextract.nlp.entities.exosomes import named_by_definition

CELL_HEAD_NOUNS = frozenset({"cell", "fibroblast", "lymphocyte", "macrophage", "monocyte", "neutrophil", "blast"})
DEFINED_TYPES = ["CELL_TYPE", "MARKER", "OUTCOME", "NEOPLASM"]
MOLECULE_WORDS = re.compile(  # the head words of protein and gene names
    r"\b(?:protein|factor|receptor|ligand|kinase|phosphatase|molecule|antigen|enzyme|protease|peptidase|"
    r"transporter|channel|hormone|cytokine|chemokine|interleukin|interferon|gene|oncogene|synthase|"
    r"reductase|oxidase|dehydrogenase|transferase|ligase|hydrolase|lyase|isomerase|integrin|cadherin|"
    r"member|subunit|chain|family|domain|homolog|complex(?:es)?|"
    r"[a-z]+in|[a-z]+ase)s?\b",  # -in (annexin), -ase: an enzyme (metalloproteinase, ATPase)
    re.IGNORECASE,
)
NOT_ENZYMES = frozenset(  # everyday English words ending in -ase
    {"disease", "release", "increase", "decrease", "phase", "case", "base", "ease", "database", "purchase",
     "phrase", "lease", "cease", "chase", "erase", "crease", "showcase", "suitcase", "vase", "unease"}
)


TYPE_BEFORE_NUMBER = re.compile(r"\btype[\s-]+(?=(?:\d+|[IVX]+)\b)", re.IGNORECASE)
_TRAILING_NUMBER = re.compile(r"(\d+)[A-Za-z]?\W*$")


def numbered_alike(short: str, long_form: str) -> bool:
    """``Bicaudal D2 (BICD2)``, ``Disrupted in Schizophrenia 1 (DISC1)``: an approved symbol and a long form
    that end in the same number are the gene's symbol and name (procedures and places are not numbered so;
    ``glucagon-like peptide-1 (GLP-1)`` is no approved symbol, and stays what its long form says)."""
    short_number, long_number = _TRAILING_NUMBER.search(short), _TRAILING_NUMBER.search(long_form)
    return bool(short_number and long_number and short_number.group(1) == long_number.group(1))


def _approved_symbol(paper: PaperContext, short: str) -> bool:
    return any(c.kind == "symbol" and c.alias == short for c in paper.kb.lookup(short, ["MARKER"]))


SUFFIX_ONLY = re.compile(r"(?:[a-z]+in|[a-z]+ase)s?", re.IGNORECASE)  # the two suffix patterns of MOLECULE_WORDS


def names_molecule(long_form: str) -> bool:
    """Whether a long form reads like the name of a protein or gene (its head words say so). One word the
    vocabularies do not know whose only cue is its ending (``-in``, ``-ase``) is more often a drug or a
    chemical (``streptozotocin (STZ)``, ``doxorubicin (DOX)``) than a protein no vocabulary names, and the
    word ``protein`` alone names no molecule."""
    words = [match.group() for match in MOLECULE_WORDS.finditer(long_form)]
    if len(long_form.split()) == 1 and all(SUFFIX_ONLY.fullmatch(word) for word in words):
        return False
    return any(word.lower().removesuffix("s") not in NOT_ENZYMES for word in words)


def apply_definitions(paper: PaperContext, found: list[Found]) -> list[Found]:
    """Record each short form's concept in ``paper.meanings`` and add its uses to the mentions.

    A short form the paper defines as something else is no gene symbol
    (``plasma membrane (PM)``); one it defines as nothing the vocabulary knows
    keeps a flagged gene reading only where context allows.
    """
    text = paper.text
    defined: set[str] = set()
    head_forms: dict[str, Found] = {}
    for short in definitions(paper.doc):
        long_form = short._.long_form
        start = long_form.start_char
        while start > 1 and "-" in (text[start], text[start - 1]) and text[start - 2 : start].strip("-").isalnum():
            # the long form cut a hyphenated word: "BM-derived MSCs", not "derived MSCs"
            start = re.search(r"[\w]+-?$", text[: start if text[start] == "-" else start - 1]).start()
        defined.add(short.text)
        paper.long_texts.setdefault(short.text, text[start:long_form.end_char])
        concept = _concept_of(paper, start, long_form.end_char, found) or _first_member(
            paper, start, long_form.end_char, short.text)
        after = re.match(r"\s*\)\s*(cells?)\b", text[short.end_char:])
        if concept is None and after:  # "embryonic stem (ES) cells": the head noun follows the bracket
            for candidate in paper.kb.lookup(f"{text[start:long_form.end_char]} cells", ["CELL_TYPE"]):
                if candidate.kind not in LOOKUP_ONLY_KINDS:
                    head_forms[short.text] = Found(start, short.end_char + after.end(), "CELL_TYPE",
                                                   candidate.id, candidate.name, "abbreviation")
                    found.append(head_forms[short.text])  # the definition itself
                    break
        if concept is not None:
            paper.meanings.setdefault(short.text, concept)
            if concept.method in ("abbreviation_definition", "first_member"):
                found.append(concept)  # the long form is a mention too
    meanings = paper.meanings
    # a short form the paper defines as something else is no gene, wherever it is used: "plasma membrane (PM)",
    # "endoscopic submucosal dissection (ESD)"; one defined as nothing the vocabularies know keeps its gene
    # reading only when the long form reads like a molecule ("programmed death-ligand 1 (PD-L1)")
    defined_otherwise = {
        form for short in defined
        if (short in meanings and meanings[short].type != "MARKER")
        or (short not in meanings and not names_molecule(paper.long_texts.get(short, ""))
            and not (numbered_alike(short, paper.long_texts.get(short, "")) and _approved_symbol(paper, short)))
        for form in (short, singular(short), short + "s")
    }
    undefined = {form for short in defined if short not in meanings for form in (short, singular(short))}
    found = [
        f for f in found
        if not (f.type == "MARKER" and (text[f.start:f.end] in defined_otherwise
                                        or (text[f.start:f.end] in undefined and f.method.endswith("+context"))))
    ]
    for short, concept in head_forms.items():
        for match in re.finditer(rf"(?<![\w-]){re.escape(short)}\s+cells?\b", text):
            found.append(replace(concept, start=match.start(), end=match.end(), method="abbreviation"))
    if not meanings:
        return found
    forms = {}
    for short, concept in meanings.items():
        for form in (short, singular(short), short + "s"):
            forms.setdefault(form, concept)
    added = [replace(forms[form], start=start, end=end, method="abbreviation")
             for start, end, form in whole_word_uses(text, forms, hyphen_ends=False)]
    return merge_short_forms(found, added)


def _first_member(paper: PaperContext, start: int, end: int, short: str) -> Found | None:
    """``indoleamine 2,3 dioxygenase (IDO)``: a long form written without the member number HGNC gives the
    gene (``... 1``) names that gene when the short form is a symbol of the same gene: both readings agree."""
    genes = {c.id for c in paper.kb.lookup(short, ["MARKER"]) if c.id.startswith("HGNC:")}
    if not genes:
        return None
    for candidate in paper.kb.lookup(f"{paper.text[start:end]} 1", ["MARKER"]):
        if candidate.kind == "name" and candidate.id in genes:
            return Found(start, end, "MARKER", candidate.id, candidate.name, "first_member")
    return None


def _concept_of(paper: PaperContext, start: int, end: int, found: list[Found]) -> Found | None:
    """The concept a long form names: a mention covering it, a vocabulary entry, or a cell phrase."""
    overlapping = [f for f in found if f.start < end and start < f.end and f.type != "EXOSOME"]
    if overlapping:
        widest = max(overlapping, key=lambda f: (min(f.end, end) - max(f.start, start), f.length))
        if min(widest.end, end) - max(widest.start, start) >= 0.9 * (end - start):
            return widest
    written = paper.text[start:end]
    expanded = paper.expand(written)
    untyped = TYPE_BEFORE_NUMBER.sub("", written)  # "plasminogen activator inhibitor type-1": "... inhibitor 1"
    for form in dict.fromkeys((written, expanded, untyped)):
        for candidate in paper.kb.lookup(form, DEFINED_TYPES):
            if candidate.kind in LOOKUP_ONLY_KINDS or candidate.id == ROOT_CELL:
                continue
            # a long form read without its "type" is a mention the scan could not see
            method = "abbreviation" if form != untyped or untyped == written else "abbreviation_definition"
            return Found(start, end, candidate.type, candidate.id, candidate.name, method)
    head = singular(expanded.split()[-1].lower()) if expanded.split() else ""
    if head in CELL_HEAD_NOUNS or head.endswith(("cyte", "blast", "phage")):
        # a cell type the paper defines but no vocabulary names: "cancer-initiating cells (CICs)"
        name = " ".join([*expanded.lower().split()[:-1], head])
        return Found(start, end, "CELL_TYPE", "", name, "abbreviation_definition")
    return None


def apply_population_definitions(paper: PaperContext, found: list[Found]) -> list[Found]:
    """Short forms of exosome populations (``Dexs``, ``Texs``, ``CTL-EXO``) and of a recognized name
    scispaCy's detector could not align (``adipose-derived MSCs (AT-MSCs)``) name that concept too."""
    text = paper.text
    meaning: dict[str, Found] = {}
    for short in definitions(paper.doc):
        long_form = short._.long_form
        populations = [f for f in found if f.type == "EXOSOME" and f.name != "exosome"
                       and f.start < long_form.end_char and long_form.start_char < f.end]
        if populations and short.text not in paper.meanings and short.text not in meaning:
            population = max(populations, key=lambda f: f.length)
            named = named_by_definition(text, long_form.start_char, long_form.end_char, population)
            if named is not population:
                found = [named if f is population else f for f in found]
            meaning[short.text] = named
    ending_at: dict[int, list[Found]] = {}  # cell and population mentions by where they end
    for f in found:
        if f.type in ("CELL_TYPE", "EXOSOME"):
            ending_at.setdefault(f.end, []).append(f)
    for match in re.finditer(r"\s\(([A-Z][\w-]{1,14})\)", text):
        short = match.group(1)
        before = ending_at.get(match.start(), [])
        abbreviation_like = any(c.isupper() for c in short[1:]) or word_frequency(short.lower()) < 2.0
        if before and short not in paper.meanings and short not in meaning and abbreviation_like:
            # "(Dexs)", "(CTL-EXO)" abbreviate the vesicles; "(AT-MSCs)" the cells
            vesicle_word = bool(re.search(r"ex|ev|vesic", short, re.IGNORECASE))
            preferred = [f for f in before if (f.type == "EXOSOME") == vesicle_word] or before
            meaning[short] = max(preferred, key=lambda f: f.length)
    if not meaning:
        return found
    added = []
    for start, end, form in whole_word_uses(text, {f for s in meaning for f in (s, singular(s))}, hyphen_ends=True):
        concept = meaning.get(form) or meaning.get(form + "s")
        if concept is not None:
            added.append(replace(concept, start=start, end=end, method="abbreviation"))
    return merge_short_forms(found, added)


def whole_word_uses(text: str, forms: Iterable[str], hyphen_ends: bool) -> list[tuple[int, int, str]]:
    r"""(start, end, form) of each place a form is written as a whole word (no word character or hyphen
    before it, no word character after it, nor a hyphen with ``hyphen_ends``), left to right, not
    overlapping, the longest form where several start: what ``(?<![\w-])(form|...)(?![\w])``, its forms
    longest first, finds. Each paper has its own forms; compiling that pattern for each cost more than
    finding the forms with ``str.find``. An empty form names nothing."""
    longest: dict[int, str] = {}
    size = len(text)
    for form in forms:
        if not form:
            continue
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            whole = (at == 0 or not _word_character(text[at - 1], hyphen=True)) and (
                end == size or not _word_character(text[end], hyphen=hyphen_ends))
            if whole and len(form) > len(longest.get(at, "")):
                longest[at] = form
            at = text.find(form, at + 1)
    uses, position = [], 0
    for at in sorted(longest):
        if at >= position:
            form = longest[at]
            uses.append((at, at + len(form), form))
            position = at + len(form)
    return uses


def _word_character(char: str, hyphen: bool) -> bool:
    r"""``\w`` (or ``[\w-]`` with ``hyphen``) for one character."""
    return char.isalnum() or char == "_" or (hyphen and char == "-")


def merge_short_forms(found: list[Found], added: list[Found]) -> list[Found]:
    """Uses of a short form join the mentions: a longer mention holding one wins ("NK cell activation"),
    shorter or crossing ones give way."""
    reach = Reach(found)
    added = [a for a in added if not reach.holds(a.start, a.end)]
    used = Reach(added)
    kept = [f for f in found if not used.overlaps(f.start, f.end)]
    return kept + added


def definitions(doc: Doc) -> list[Span]:
    """The paper's definitions (``exo_abbreviations``), ordered by where their long form stands."""
    return sorted(getattr(doc._, "abbreviations", []),
                  key=lambda s: (s._.long_form.start_char, s._.long_form.end_char, s.start_char))
