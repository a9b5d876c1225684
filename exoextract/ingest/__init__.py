"""Ingestion: a paper file (text or PDF) to a clean :class:`~exoextract.document.Document`.

``load`` is a pure function of the file's bytes and name: the same file gives
the same text, blocks and offsets on every run. ``discover`` expands the
paths a user gives into papers with unique, stable doc ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from exoextract.document import Document
from exoextract.errors import EmptyFile, NoPapers, PaperNotFound, TooLarge, UnsupportedFormat
from exoextract.ingest.assemble import build_document
from exoextract.ingest.text import decode, text_blocks

TEXT_SUFFIXES = frozenset({".txt", ".text"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES
ID_HASH_LENGTH = 8

__all__ = ["SUPPORTED_SUFFIXES", "PaperFile", "ReadLimits", "discover", "iter_papers", "load", "load_text"]


@dataclass(frozen=True)
class ReadLimits:
    """How large a paper may be; a larger one is refused with :class:`TooLarge` rather than read for hours."""

    max_bytes: int = 200 * 2**20
    max_pages: int = 2000
    password: str | None = None  # of an encrypted PDF (the single-file case)


def load(path: str | Path, doc_id: str | None = None, limits: ReadLimits | None = None) -> Document:
    """Read one paper; the format follows the suffix (``.pdf`` or ``.txt``). The doc id defaults to the stem."""
    path = Path(path)
    limits = limits or ReadLimits()
    if not path.is_file():
        raise PaperNotFound(f"no such file: {path}")
    doc_id = doc_id or path.stem
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if size == 0 and suffix in SUPPORTED_SUFFIXES:
        raise EmptyFile("the file is empty (0 bytes)")
    if size > limits.max_bytes and suffix in SUPPORTED_SUFFIXES:
        raise TooLarge(f"{size / 2**20:.2f} MB, over the limit of {limits.max_bytes / 2**20:.2f} MB "
                       "(raise it with --max-mb)")
    if suffix in PDF_SUFFIXES:
        from exoextract.ingest.pdf import load_pdf  # pdfplumber is imported only when needed

        return load_pdf(path, doc_id, limits.max_pages, limits.password)
    if suffix in TEXT_SUFFIXES:
        return load_text(path.read_bytes(), doc_id=doc_id, source=str(path))
    raise UnsupportedFormat(f"{path}: unsupported file type {suffix or '(none)'}; expected .pdf or .txt")


def load_text(data: bytes | str, *, doc_id: str = "text", source: str = "<text>") -> Document:
    """Ingest text given as bytes (decoded with fallbacks) or as a string."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    text, encoding = (data, "utf-8") if isinstance(data, str) else decode(data)
    blocks, positions, pages = text_blocks(text)
    document = build_document(
        blocks,
        doc_id=doc_id,
        source=source,
        sha256=hashlib.sha256(raw).hexdigest(),
        fmt="text",
        pages=pages,
        positions=positions,
    )
    if not encoding.startswith("utf-8"):
        document.notes = (f"not UTF-8: decoded as {encoding}",)
    return document


def iter_papers(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and directories into paper files, sorted, each once."""
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not found:
                raise NoPapers(f"no .pdf or .txt papers in directory: {path}")
        elif path.is_file():
            found = [path]
        else:
            raise PaperNotFound(f"no such file or directory: {path}")
        for paper in found:
            key = paper.resolve()
            if key not in seen:
                seen.add(key)
                yield paper


@dataclass(frozen=True)
class PaperFile:
    """A paper found on disk, with its content hash and the doc id it gets in this run."""

    path: Path
    doc_id: str
    sha256: str


@dataclass(frozen=True)
class Discovery:
    """The papers of a run, and the files left out because another file has the same content."""

    papers: tuple[PaperFile, ...]
    duplicates: tuple[tuple[Path, Path], ...]  # (left out, same content as)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def discover(paths: Iterable[str | Path]) -> Discovery:
    """Every paper under ``paths``, each content once, with a unique doc id: the file stem when no
    other paper of the run shares it, else the stem and a short content hash (``paper-1a2b3c4d``)."""
    first_with: dict[str, Path] = {}
    unique: list[tuple[Path, str]] = []
    duplicates: list[tuple[Path, Path]] = []
    for path in iter_papers(paths):
        digest = file_sha256(path)
        if digest in first_with and path.stat().st_size:  # empty files are each reported, not merged
            duplicates.append((path, first_with[digest]))
            continue
        first_with.setdefault(digest, path)
        unique.append((path, digest))
    stems = Counter(path.stem for path, _ in unique)
    papers = tuple(
        PaperFile(path, path.stem if stems[path.stem] == 1 else f"{path.stem}-{digest[:ID_HASH_LENGTH]}", digest)
        for path, digest in unique
    )
    return Discovery(papers, tuple(duplicates))
