"""FamPlex families and complexes, FamPlex's extra names for HGNC genes, and the MHC classes."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass

from exoextract.kb.concepts import FAMILY_RANK, Concept
from exoextract.kb.sources.files import SourceFile

MHC_CLASSES = (
    ("I", "FPLX:HLA1", "MHC class I"),
    ("II", "", "MHC class II"),
)
MHC_FAMILY = ("MHC", ["MHC", "major histocompatibility complex", "MHC molecule", "MHC complex"])


def mhc_classes() -> dict[str, list[tuple[str, str]]]:
    """MHC/HLA classes as the families they are: every usual spelling of class I and II."""
    spellings: dict[str, list[tuple[str, str]]] = {}
    for roman, _, name in MHC_CLASSES:
        arabic = "1" if roman == "I" else "2"
        forms = {f"{head}{sep}{number}" for head in ("MHC", "HLA") for sep in (" class ", "-", " ", "")
                 for number in (roman, arabic)}
        forms |= {f"class {roman} MHC", f"class {roman} HLA", f"major histocompatibility complex class {roman}",
                  f"MHC class {roman} molecule", f"human leukocyte antigen class {roman}"}
        spellings[name] = [(form, "family_grammar") for form in sorted(forms)]
    return spellings


@dataclass
class Famplex:
    """FamPlex's families and complexes, its extra names for HGNC genes, and genes' family parents."""

    families: list[Concept]
    gene_aliases: dict[str, list[tuple[str, str]]]
    gene_parents: dict[str, tuple[str, ...]]


def famplex_families(source: SourceFile, mesh_terms: dict[str, list[str]] | None = None) -> Famplex:
    """FamPlex families and complexes (and MHC classes), with FamPlex's extra names for HGNC genes, and
    the terms of the MeSH descriptors FamPlex says are the same family (``Nuclear Factor kappa B``)."""
    mesh_terms = mesh_terms or {}
    folder = source.path
    concepts: dict[str, Concept] = {}
    with (folder / "entities.csv").open(encoding="utf-8") as handle:
        for (name,) in csv.reader(handle):
            concept = Concept(f"FPLX:{name}", name, "MARKER", "famplex")
            concept.aliases.append((name, "symbol"))
            if "_" in name:
                concept.aliases.append((name.replace("_", " "), "name"))
            concepts[name] = concept
    gene_aliases: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with (folder / "grounding_map.csv").open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            text, pairs = row[0], list(zip(row[1::2], row[2::2]))
            for db, ident in pairs:
                if db == "FPLX" and ident in concepts:
                    concepts[ident].aliases.append((text, "synonym"))
                elif db == "HGNC" and ident:
                    gene_aliases[ident].append((text, "synonym"))  # keyed by HGNC symbol
    with (folder / "equivalences.csv").open(encoding="utf-8") as handle:
        for namespace, text, name in csv.reader(handle):
            if name in concepts and namespace == "MESH":
                concepts[name].aliases += [(term, "mesh_synonym") for term in mesh_terms.get(f"MESH:{text}", [])]
            elif name in concepts and not re.fullmatch(r"[A-Z]+:?\d+", text):
                concepts[name].aliases.append((text, "synonym"))
                trimmed = re.sub(r"\s+(family|complex|superfamily|subfamily)$", "", text, flags=re.IGNORECASE)
                if trimmed != text:
                    concepts[name].aliases.append((trimmed, "synonym"))
    parents: dict[str, set[str]] = defaultdict(set)
    with (folder / "relations.csv").open(encoding="utf-8") as handle:
        for db1, id1, relation, db2, id2 in csv.reader(handle):
            if relation in ("isa", "partof") and db2 == "FPLX":
                parents[f"{db1}:{id1}" if db1 == "FPLX" else id1].add(f"FPLX:{id2}")
    for name, concept in concepts.items():
        concept.parents = tuple(sorted(parents.get(f"FPLX:{name}", ())))
        concept.rank = FAMILY_RANK
    mhc = Concept("", MHC_FAMILY[0], "MARKER", "family_grammar")
    mhc.aliases += [(form, "family_grammar") for form in MHC_FAMILY[1]]
    concepts[MHC_FAMILY[0]] = mhc
    for name, forms in mhc_classes().items():
        identifier = next(i for _, i, n in MHC_CLASSES if n == name)
        family = concepts.get(identifier.removeprefix("FPLX:")) if identifier else None
        if family is None:
            family = Concept(identifier, name, "MARKER", "family_grammar")
            concepts[name] = family
        family.name = name
        family.aliases += forms
    gene_parents = {gene: tuple(sorted(ps)) for gene, ps in parents.items() if not gene.startswith("FPLX:")}
    return Famplex(list(concepts.values()), dict(gene_aliases), gene_parents)
