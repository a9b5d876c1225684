"""HGNC: approved human genes (symbol, name, alias and previous symbols, NCBI Gene cross-reference)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from exoextract.kb.concepts import Concept
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
        stem = row["Approved name"][:-2]
        if row["Approved name"].endswith(" 1") and " " not in stem and f"{stem.lower()} 2" not in names:
            concept.aliases.append((stem, "name_stem"))
        ncbi = row.get("NCBI Gene ID(supplied by NCBI)") or row.get("NCBI Gene ID") or ""
        concept.xrefs = (f"NCBIGene:{ncbi}",) if ncbi else ()
        yield concept


def microrna_rows(rows: list[dict[str, str]]) -> Iterator[dict[str, str]]:
    """HGNC's microRNA genes (``MIR146A``), merged into miRBase precursors by the miRBase builder."""
    return (row for row in rows if row.get("Locus type") == MICRORNA_LOCUS)
