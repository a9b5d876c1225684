"""What the last committed run of a batch folder was made from, so that a run with the same inputs,
version and options can leave the tables as they are (no results read, no tables written).

``OUT/.exoextract/manifest.json`` is written after the tables are committed.
It names the run (pipeline version, format, every paper's content hash, doc
id and path), each table file with its size and modification time, and the
counts the summary line reports. A run whose key matches, while every table
file is still the one written, is a no-change run; anything else (a paper
added, removed, renamed or changed, another version, a table edited or
removed, a stopped commit) assembles the tables again.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from exoextract.batch.store import Failure

MANIFEST = Path(".exoextract") / "manifest.json"


@dataclass(frozen=True)
class RunKey:
    """What the tables of a run are a function of."""

    version: str
    fmt: str
    errors_table: bool
    papers: tuple[tuple[str, str, str], ...]  # (sha256, doc_id, path) in discovery order


@dataclass
class TableCounts:
    """What the summary line reports of the tables: mentions, concepts per type, document notes and
    the papers that failed."""

    mentions: int = 0
    concepts: dict[str, int] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (source, note)
    failures: list[Failure] = field(default_factory=list)


def _stamp(path: Path) -> list[int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]


def unchanged(out: Path, key: RunKey) -> tuple[list[Path], TableCounts] | None:
    """The written files and counts of the last run when it had this key and its files are untouched."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("key") != json.loads(json.dumps(asdict(key))):
        return None
    files = manifest.get("files", {})
    if not files or any(_stamp(out / name) != stamp for name, stamp in files.items()):
        return None
    counts = manifest["counts"]
    return [out / name for name in files], TableCounts(
        counts["mentions"], counts["concepts"], [tuple(note) for note in counts["notes"]],
        [Failure(**failure) for failure in counts["failures"]])


def record(out: Path, key: RunKey, written: list[Path], counts: TableCounts) -> None:
    """Write the manifest of the run just committed (atomically: a reader sees the old or the new one)."""
    manifest = {"key": asdict(key), "files": {path.name: _stamp(path) for path in written},
                "counts": asdict(counts)}
    path = out / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".manifest.json.tmp{os.getpid()}")
    partial.write_text(json.dumps(manifest), encoding="utf-8")
    partial.replace(path)


def forget(out: Path) -> None:
    """Remove the manifest (before tables are replaced by other means)."""
    with contextlib.suppress(FileNotFoundError):
        (out / MANIFEST).unlink()
