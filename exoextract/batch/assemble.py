"""The corpus tables, committed together: either the previous set or the new one, never a mix.

The new tables are written in a staging folder, a journal naming the files to
move is written (the commit point), the files are renamed into place, and the
journal is removed. A run stopped before the journal leaves the previous
tables; one stopped after it is completed by :func:`recover`, which every
batch and ingest calls first.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from exoextract.batch.store import Failure
from exoextract.rows import tsv_lines

JOURNAL = Path(".exoextract") / "commit.json"
ERROR_COLUMNS = ("path", "sha256", "kind", "message")


def recover(out: Path) -> bool:
    """Finish a commit a stopped run began; returns whether there was one."""
    journal = out / JOURNAL
    if not journal.exists():
        return False
    moves = json.loads(journal.read_text(encoding="utf-8"))
    for source, target in moves:
        if (out / source).exists():
            os.replace(out / source, out / target)
    journal.unlink()
    return True


def commit(out: Path, write_tables: Callable[[Path], list[Path]], failures: list[Failure] | None) -> list[Path]:
    """Write the tables (``write_tables`` writes them into the folder it is given, and returns the files)
    and ``errors.tsv`` when ``failures`` is given, as one atomic set."""
    staging = out / ".exoextract" / f"staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    files = write_tables(staging)
    if failures is not None:
        rows = [ERROR_COLUMNS, *((f.path, f.sha256, f.kind, f.message) for f in failures)]
        (staging / "errors.tsv").write_text("".join(tsv_lines(rows)), encoding="utf-8", newline="")
        files.append(staging / "errors.tsv")
    moves = [[str(f.relative_to(out)), f.name] for f in files]
    journal = out / JOURNAL
    partial = journal.with_name(f".commit.json.tmp{os.getpid()}")
    partial.write_text(json.dumps(moves), encoding="utf-8")
    partial.replace(journal)  # the commit point
    recover(out)
    shutil.rmtree(staging, ignore_errors=True)
    with contextlib.suppress(OSError):
        (out / ".exoextract").rmdir()  # only when empty: ingest keeps nothing between runs
    return [out / name for _, name in moves]
