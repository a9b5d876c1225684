"""Build the knowledge base from its sources: each vocabulary file read once, concepts compiled."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from exoextract.kb.concepts import DESCRIBED_GENE_RANK, Concept
from exoextract.kb.index import KnowledgeBase, mirna_key
from exoextract.kb.normalize import greek_variant, latin_initials, normalize
from exoextract.kb.sources import (
    cell_ontology,
    cellosaurus,
    famplex,
    grounding,
    hgnc,
    mesh,
    mesh_proteins,
    mirbase,
    outcomes,
)
from exoextract.kb.sources.files import locate_sources, read_ontology


def build_kb(overrides: dict[str, Path] | None = None) -> KnowledgeBase:
    """Read every source (the packaged files, or the user's overrides) and compile the alias index."""
    files = locate_sources(overrides)
    hgnc_rows = hgnc.read_hgnc(files["hgnc"])
    mesh_descriptors = mesh.read_mesh(files["mesh"])
    families = famplex.famplex_families(files["famplex"], mesh.labels(mesh_descriptors))
    protein_names = mesh_proteins.protein_names(files["mesh_supplementary"], files["mesh_mappings"],
                                                mesh_descriptors, hgnc_rows, files["mgi"], files["rgd"])
    concepts: list[Concept] = []
    for gene in hgnc.hgnc_genes(hgnc_rows):
        gene.aliases += families.gene_aliases.get(gene.name, [])
        gene.aliases += [(name, "mesh_name") for name in protein_names.names.get(gene.name, [])]
        gene.rank = DESCRIBED_GENE_RANK if gene.name in protein_names.described else 0  # ties of shared aliases
        gene.parents = families.gene_parents.get(gene.name, ())
        variant = greek_variant(gene.name)
        if variant:
            gene.aliases.append((variant, "greek_variant"))
        concepts.append(gene)
    concepts += families.families
    for marker in concepts:  # genes and FamPlex families: "b-catenin", "TGF-b1" as abstracts write them
        marker.aliases += [(latin, "greek_variant") for text, _ in list(marker.aliases)
                           if (latin := latin_initials(text)) is not None]
    known = {normalize(text) for family in families.families for text, _ in family.aliases}
    concepts += hgnc.name_families(hgnc_rows, known, mesh.chemical_classes(mesh_descriptors))
    concepts += hgnc.complex_families(hgnc_rows, known)
    groundings = grounding.read_groundings(files["grounding"], hgnc.symbols_by_uniprot(hgnc_rows),
                                           {row["HGNC ID"]: row["Approved symbol"] for row in hgnc_rows})
    _add_groundings(concepts, groundings)
    mirna_keys: dict[str, list[int]] = defaultdict(list)
    for concept, parsed in mirbase.mirnas(files["mirbase"], hgnc.microrna_rows(hgnc_rows)):
        mirna_keys[mirna_key(parsed.species, parsed.kind, parsed.number, parsed.letter)].append(len(concepts))
        mirna_keys[mirna_key(parsed.species, parsed.kind, parsed.number, "")].append(len(concepts))
        concepts.append(concept)
    parts = cell_ontology.cellular_parts(json.loads(files["go"].path.read_text(encoding="utf-8")))
    concepts += cell_ontology.cell_types(read_ontology(files["cl"]), mesh.cell_terms(mesh_descriptors), parts,
                                         mesh.tissue_qualifiers(mesh_descriptors))
    concepts += cellosaurus.cell_lines(read_ontology(files["cellosaurus"]), files["efo"])
    concepts += outcomes.outcomes(files["outcomes"], files["go"], mesh_descriptors)
    concepts += mesh.neoplasms(mesh_descriptors)
    concepts += mesh.vesicle_sources(mesh_descriptors)
    chemicals = mesh.chemical_acronyms(mesh_descriptors)
    for concept in concepts:  # "ATP/ADP ratio", "cyclic AMP": the nucleotides, not WDTC1 (alias ADP) or MFAP1
        if concept.type == "MARKER" and concept.source == "hgnc":
            concept.aliases = [(t, k) for t, k in concept.aliases
                               if not (k in ("alias_symbol", "previous_symbol") and t in chemicals)]
    gene_context = frozenset(groundings.elsewhere | groundings.ignored | mesh.other_acronyms(mesh_descriptors))
    return KnowledgeBase.compile(concepts, mirna_keys, {name: f.version for name, f in files.items()}, gene_context)


def _add_groundings(concepts: list[Concept], groundings: grounding.Groundings) -> None:
    """Curated readings become aliases of their gene or family; known misgroundings leave the gene."""
    by_name = {(c.source, c.name): c for c in concepts if c.type == "MARKER"}
    for text, symbol in groundings.genes:
        gene = by_name.get(("hgnc", symbol))
        if gene is not None and (text, gene.id) not in groundings.misgrounded:
            gene.aliases.append((text, "grounding"))
    for text, name in groundings.families:
        family = by_name.get(("famplex", name))
        if family is not None:
            family.aliases.append((text, "grounding"))
    for concept in concepts:
        if concept.source == "hgnc":
            concept.aliases = [(t, k) for t, k in concept.aliases if (t, concept.id) not in groundings.misgrounded]
