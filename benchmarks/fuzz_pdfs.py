"""A longer fuzz run than the test suite's: damaged copies of real PDFs must give a Document or one of
exoextract's typed errors, never another exception, and no copy may take long.

usage: python benchmarks/fuzz_pdfs.py [COUNT] [SEED]

Sources: the test fixtures and, when present, ../shared/dev/pdfs-hindawi-dev (read in place).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import mutations  # noqa: E402

from exoextract.errors import ExoextractError  # noqa: E402
from exoextract.ingest import load  # noqa: E402


def main(count: int, seed: int) -> None:
    sources = sorted((ROOT / "tests" / "fixtures" / "pdfs").glob("*.pdf"))
    sources += sorted((ROOT.parent / "shared" / "dev" / "pdfs-hindawi-dev").glob("*.pdf"))
    outcomes: Counter[str] = Counter()
    slowest = (0.0, "")
    with tempfile.TemporaryDirectory() as tmp:
        for source in sources:
            for number, damaged in mutations(source.read_bytes(), seed, count):
                path = Path(tmp) / f"{source.stem}-{number}.pdf"
                path.write_bytes(damaged)
                started = time.perf_counter()
                try:
                    load(path)
                    outcomes["read"] += 1
                except ExoextractError as error:
                    outcomes[type(error).__name__] += 1
                except Exception as error:  # what the fuzz run looks for
                    outcomes[f"UNTYPED {type(error).__name__}"] += 1
                    print(f"untyped error on {source.name} mutation {number}: {error!r}")
                seconds = time.perf_counter() - started
                slowest = max(slowest, (seconds, f"{source.name} mutation {number}"))
    print(f"{sum(outcomes.values())} damaged PDFs from {len(sources)} sources: {dict(sorted(outcomes.items()))}")
    print(f"slowest: {slowest[0]:.2f} s ({slowest[1]})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100, int(sys.argv[2]) if len(sys.argv) > 2 else 7)
