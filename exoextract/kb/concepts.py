"""The one shape every vocabulary source builds: a concept with its aliases."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Concept:
    """One normalized thing: a gene, family, miRNA precursor, cell type, cell line, tumour type or outcome."""

    id: str
    name: str
    type: str
    source: str
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (text, kind)
    parents: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    rank: int = 0  # how general or common; breaks ties between candidates
    # the subject MeSH qualifies some entry terms with ("Cones (Retina)"): those terms ("cones", kind
    # topic_synonym) name the concept only in a paper about that subject
    topic: str = ""

    @property
    def key(self) -> str:
        return self.id or f"{self.type}:{self.name}"


# Ranks of markers: a family before a gene of the same alias, a gene MeSH indexes as a heading before others.
FAMILY_RANK = 2
DESCRIBED_GENE_RANK = 1
