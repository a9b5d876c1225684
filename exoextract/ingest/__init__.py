"""Ingestion: a paper file (text or PDF) to a clean :class:`~exoextract.document.Document`.

``load`` is a pure function of the file's bytes and name: the same file gives
the same text, blocks and offsets on every run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from exoextract.document import Document
from exoextract.errors import NoPapers, PaperNotFound, UnsupportedFormat
from exoextract.ingest.layout import build_document
from exoextract.ingest.text import decode, text_blocks

TEXT_SUFFIXES = frozenset({".txt", ".text"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES

__all__ = ["SUPPORTED_SUFFIXES", "iter_papers", "load", "load_text"]


def load(path: str | Path) -> Document:
    """Read one paper; the format follows the suffix (``.pdf`` or ``.txt``)."""
    path = Path(path)
    if not path.is_file():
        raise PaperNotFound(f"no such file: {path}")
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        from exoextract.ingest.pdf import load_pdf  # pdfplumber is imported only when needed

        return load_pdf(path)
    if suffix in TEXT_SUFFIXES:
        return load_text(path.read_bytes(), doc_id=path.stem, source=str(path))
    raise UnsupportedFormat(f"{path}: unsupported file type {suffix or '(none)'}; expected .pdf or .txt")


def load_text(data: bytes | str, *, doc_id: str = "text", source: str = "<text>") -> Document:
    """Ingest text given as bytes (decoded with fallbacks) or as a string."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    text = data if isinstance(data, str) else decode(data)[0]
    blocks, positions, pages = text_blocks(text)
    return build_document(
        blocks,
        doc_id=doc_id,
        source=source,
        sha256=hashlib.sha256(raw).hexdigest(),
        fmt="text",
        pages=pages,
        positions=positions,
    )


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
