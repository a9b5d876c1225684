"""miRBase precursors of every species, merged with HGNC's microRNA genes."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from exoextract.kb.concepts import Concept
from exoextract.kb.mirna import MirnaName, parse_hgnc_symbol, parse_precursor
from exoextract.kb.sources.files import SourceFile, split_list


def mirnas(mirbase: SourceFile, hgnc_micrornas: Iterable[dict[str, str]]) -> Iterator[tuple[Concept, MirnaName]]:
    """miRBase precursors (every species, with its prefix) merged with HGNC microRNA genes."""
    precursors: dict[str, Concept] = {}
    names: dict[str, MirnaName] = {}
    by_hgnc: dict[str, str] = {}
    with mirbase.path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            accession, name = row["mirbase_id"], row["mirbase_name"]
            parsed = parse_precursor(name)
            if parsed is None:
                continue
            if accession not in precursors:
                display = parsed.canonical if parsed.species == "hsa" else f"{parsed.species}-{parsed.canonical}"
                concept = Concept(f"miRBase:{accession}", display, "MIRNA", "mirbase")
                concept.aliases.append((name, "symbol"))
                precursors[accession], names[accession] = concept, parsed
            if row["database"] == "HGNC" and row["identifier"]:
                by_hgnc[f"HGNC:{row['identifier']}"] = accession
    by_name = {
        (parsed.kind, parsed.number, parsed.letter, parsed.locus): accession
        for accession, parsed in names.items() if parsed.species == "hsa"
    }
    for row in hgnc_micrornas:
        symbol, hgnc_id = row["Approved symbol"], row["HGNC ID"]
        parsed = parse_hgnc_symbol(symbol)
        if parsed is None:
            continue
        accession = by_hgnc.get(hgnc_id) or by_name.get((parsed.kind, parsed.number, parsed.letter, parsed.locus))
        concept = precursors.get(accession) if accession else None
        if concept is None:
            concept = Concept(hgnc_id, parsed.canonical, "MIRNA", "hgnc")
            precursors[hgnc_id], names[hgnc_id] = concept, parsed
        concept.xrefs = (*concept.xrefs, hgnc_id)
        concept.aliases.append((symbol, "symbol"))
        concept.aliases += [(alias, "alias_symbol") for alias in split_list(row.get("Alias symbols", ""))]
    for key, concept in precursors.items():
        yield concept, names[key]
