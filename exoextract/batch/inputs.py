"""What a batch reads: folders (recursively), glob patterns and list files, expanded into paper files."""

from __future__ import annotations

import glob
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from exoextract.errors import NoPapers, PaperNotFound
from exoextract.ingest import SUPPORTED_SUFFIXES

GLOB_CHARACTERS = frozenset("*?[")
# formats people keep papers in that exoextract does not read: listed as failures, not passed over in silence
DOCUMENT_SUFFIXES = frozenset({".docx", ".doc", ".rtf", ".odt", ".html", ".htm", ".xml", ".epub", ".ps", ".djvu"})


@dataclass(frozen=True)
class Inputs:
    """Paper files in a stable order, and the files the scan left out by kind (suffix)."""

    files: tuple[Path, ...]
    skipped: dict[str, int]


def is_list_file(path: Path) -> bool:
    """A ``.txt`` whose every non-blank, non-comment line names an existing file is a list of papers."""
    if path.suffix.lower() != ".txt" or path.stat().st_size > 10_000_000:
        return False
    lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if not lines or any(len(line) > 4096 for line in lines):
        return False  # a line that long is prose, not a path
    try:
        return all(_resolve(path, line).is_file() for line in lines)
    except OSError:
        return False


def _resolve(list_file: Path, line: str) -> Path:
    candidate = Path(line)
    return candidate if candidate.is_absolute() or candidate.exists() else list_file.parent / candidate


def expand(arguments: Iterable[str | Path]) -> Inputs:
    """Every supported file under the arguments, each once, in argument order then path order."""
    files: dict[Path, Path] = {}
    skipped: Counter[str] = Counter()
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = []
            for item in sorted(p for p in path.rglob("*") if p.is_file()):
                if item.suffix.lower() in SUPPORTED_SUFFIXES | DOCUMENT_SUFFIXES:
                    found.append(item)
                elif not item.name.startswith("."):
                    skipped[item.suffix.lower() or "(no suffix)"] += 1
            if not found:
                raise NoPapers(f"no .pdf or .txt papers in directory: {path}")
        elif path.is_file():
            if is_list_file(path):
                found = [_resolve(path, line.strip()) for line in path.read_text(encoding="utf-8").splitlines()
                         if line.strip() and not line.strip().startswith("#")]
            else:
                found = [path]
        elif GLOB_CHARACTERS & set(str(argument)):
            found = sorted(Path(p) for p in glob.glob(str(argument), recursive=True) if Path(p).is_file())
            if not found:
                raise PaperNotFound(f"no file matches {argument}")
        else:
            raise PaperNotFound(f"no such file or directory: {path}")
        for item in found:
            files.setdefault(item.resolve(), item)
    return Inputs(tuple(files.values()), dict(sorted(skipped.items())))
