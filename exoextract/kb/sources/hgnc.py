"""HGNC: approved human genes (symbol, name, alias and previous symbols, NCBI Gene cross-reference)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from exoextract.english import COMMON_WORD, word_frequency
from exoextract.kb.concepts import FAMILY_RANK, Concept
from exoextract.kb.normalize import normalize, singular
from exoextract.kb.sources.files import SourceFile, split_list

MICRORNA_LOCUS = "RNA, micro"


def read_hgnc(source: SourceFile) -> list[dict[str, str]]:
    """The approved rows of HGNC's table, read once for genes and microRNA genes alike."""
    with source.path.open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t") if row.get("Status", "Approved") == "Approved"]


def hgnc_genes(rows: list[dict[str, str]]) -> Iterator[Concept]:
    """Approved human genes; microRNA genes are left to the miRBase builder.

    A one-word name numbered 1 with no number 2 (``fibronectin 1``) is also
    known by the bare word (``fibronectin``); ``tetraspanin 1`` is not, since
    ``tetraspanin 2`` exists.
    """
    names = {row["Approved name"].lower() for row in rows}
    for row in rows:
        if row.get("Locus type") == MICRORNA_LOCUS:
            continue
        symbol = row["Approved symbol"]
        concept = Concept(row["HGNC ID"], symbol, "MARKER", "hgnc")
        concept.aliases.append((symbol, "symbol"))
        concept.aliases.append((row["Approved name"], "name"))
        concept.aliases += [(alias, "alias_symbol") for alias in split_list(row.get("Alias symbols", ""))]
        concept.aliases += [(alias, "previous_symbol") for alias in split_list(row.get("Previous symbols", ""))]
        concept.aliases += [(variant, "name_variant") for variant in greek_first(row["Approved name"], names)]
        stem = row["Approved name"][:-2]
        if row["Approved name"].endswith(" 1") and " " not in stem and f"{stem.lower()} 2" not in names:
            concept.aliases.append((stem, "name_stem"))
        ncbi = row.get("NCBI Gene ID(supplied by NCBI)") or row.get("NCBI Gene ID") or ""
        concept.xrefs = (f"NCBIGene:{ncbi}",) if ncbi else ()
        yield concept


_GREEK_LAST = re.compile(r"^(?P<word>[a-z][a-z-]{3,}) (?P<greek>alpha|beta|gamma|delta|epsilon|kappa)(?: (?P<n>1))?$")


def greek_first(name: str, names: set[str]) -> list[str]:
    """``synuclein alpha`` is written ``alpha-synuclein``; ``catenin beta 1`` (no ``catenin beta 2``)
    ``beta-catenin``."""
    match = _GREEK_LAST.match(name)
    if not match or (match.group("n") and f"{match.group('word')} {match.group('greek')} 2" in names):
        return []
    word, greek = match.group("word"), match.group("greek")
    return [f"{greek}-{word}", f"{greek} {word}"]


def microrna_rows(rows: list[dict[str, str]]) -> Iterator[dict[str, str]]:
    """HGNC's microRNA genes (``MIR146A``), merged into miRBase precursors by the miRBase builder."""
    return (row for row in rows if row.get("Locus type") == MICRORNA_LOCUS)


def symbols_by_uniprot(rows: list[dict[str, str]]) -> dict[str, str]:
    """UniProt accession -> HGNC approved symbol (HGNC's own cross-reference)."""
    found: dict[str, str] = {}
    for row in rows:
        for accession in split_list(row.get("UniProt ID(supplied by UniProt)", "")):
            found.setdefault(accession, row["Approved symbol"])
    return found


_MEMBER_NAME = re.compile(r"^(?P<stem>[a-z][a-z-]{3,}) (?:[A-Z]?\d{1,3}[A-Z]?|[A-Z])$")
FAMILY_MEMBERS = 3  # genes whose approved names share a stem before a family is named after it


def name_families(rows: list[dict[str, str]], known: set[str], chemicals: frozenset[str] = frozenset()
                  ) -> list[Concept]:
    """Families HGNC's one-word approved names imply: ``tetraspanin 1`` ... ``tetraspanin 33`` -> tetraspanin,
    ``annexin A1`` ... -> annexin, ``granzyme A``, ``B`` ... -> granzyme. ``known``: normalized names
    of families that already exist (FamPlex), which are not made again; ``chemicals``: normalized names
    of small-molecule classes (``coenzyme Q4`` is a gene named after coenzyme Q: no coenzyme family)."""
    members: dict[str, list[str]] = {}
    for row in rows:
        match = _MEMBER_NAME.match(row["Approved name"])
        if match and row.get("Locus type") != MICRORNA_LOCUS:
            members.setdefault(match.group("stem"), []).append(row["HGNC ID"])
    families = []
    for stem, genes in sorted(members.items()):
        if len(genes) < FAMILY_MEMBERS or normalize(stem) in known or word_frequency(stem) >= COMMON_WORD:
            continue  # "protein 1..": an everyday word names no family
        if normalize(singular(stem)) in chemicals:
            continue
        family = Concept("", stem, "MARKER", "hgnc_family", rank=FAMILY_RANK)
        family.aliases.append((stem, "family_grammar"))
        families.append(family)
    return families


_SUBUNIT_OF = re.compile(r"\bsubunit of (?:the )?(?P<complex>[A-Za-z][\w/ -]*?[A-Za-z0-9])$")
_NUMBERED = re.compile(r"^(?P<stem>[A-Z][A-Za-z]{2,})-(?:I|II|III|IV|V|VI|0)$")
COMPLEX_MEMBERS = 2  # genes HGNC names as subunits of one complex before the complex is named


def complex_families(rows: list[dict[str, str]], known: set[str]) -> list[Concept]:
    """Complexes HGNC's approved names imply: ``VPS28 subunit of ESCRT-I`` ... -> ESCRT-I; numbered
    complexes of one stem (``ESCRT-I``, ``ESCRT-II``) -> their stem (ESCRT), and the other numbers of that
    series the names mention (``... associated with ESCRT-III``). Names without an identifier
    (docs/ANNOTATION.md: a family with no FamPlex entry keeps its common name)."""
    members: dict[str, list[str]] = {}
    for row in rows:
        match = _SUBUNIT_OF.search(row["Approved name"])
        if match and row.get("Status", "Approved") == "Approved":
            members.setdefault(match.group("complex"), []).append(row["HGNC ID"])
    names = {name for name, genes in members.items() if len(genes) >= COMPLEX_MEMBERS}
    stems: dict[str, set[str]] = {}
    for name in members:
        numbered = _NUMBERED.match(name)
        if numbered:
            stems.setdefault(numbered.group("stem"), set()).add(name)
    series = {stem for stem, numbered in stems.items() if len(numbered) >= 2}
    names |= series
    if series:  # the other numbers of a series any approved name mentions ("IST1 factor associated with ESCRT-III")
        mentioned = re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(series)))})-(?:0|I{{1,3}}|IV|V|VI)\b")
        names |= {m.group() for row in rows for m in mentioned.finditer(row["Approved name"])}
    families = []
    for name in sorted(names):
        if normalize(name) in known or " and " in name or any(c.isdigit() for c in name):
            continue  # "CORVET and HOPS complexes" names two; "SYVN1 ubiquitin ligase" is a gene's
        family = Concept("", name, "MARKER", "hgnc_family", rank=FAMILY_RANK)
        family.aliases.append((name, "family_grammar"))
        families.append(family)
    return families
