"""Mention detection and normalization on the development corpora in ../shared/dev.

usage: python benchmarks/dev_corpora.py [DEV_DIR] [--only NAME]

For each corpus: run ``exoextract ingest`` over its documents into a temporary
folder, then score ``mentions.tsv`` with the corpus's own ``score_mentions.py``
(passing HGNC's table so HGNC ids map to NCBI Gene ids). Prints one JSON line
per corpus, plus the words per second of the whole run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from exoextract.ingest import discover
from exoextract.kb.sources import DEFAULT_SOURCES
from exoextract.nlp import load_pipeline
from exoextract.paper import process_papers
from exoextract.tables import corpus_tables, write

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "dev"
CORPORA = ("mirna-scai-train", "mirna-mirtex-train", "cells-craft-train", "genes-biored-train")


def main(dev: Path, only: str | None) -> None:
    hgnc = DEFAULT_SOURCES["hgnc"]().path
    nlp = load_pipeline()
    for name in CORPORA:
        if only and name != only:
            continue
        docs = dev / name / "docs"
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in docs.glob("*.txt"))
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            write(corpus_tables(process_papers(discover([docs]).papers, nlp)), Path(out))
            seconds = time.perf_counter() - started
            command = [sys.executable, str(dev / "score_mentions.py"), str(dev / name), str(Path(out) / "mentions.tsv"),
                       str(hgnc)]
            scored = subprocess.run(command, capture_output=True, text=True, check=True)
            human = subprocess.run([*command, "--human-genes"], capture_output=True, text=True, check=True)
        result = json.loads(scored.stdout)
        result = {"corpus": name, "words_per_second": round(words / seconds), **result}
        if "normalization" in result:  # the contract gives every species its human gene: human ids alone
            result["normalization_human_genes"] = json.loads(human.stdout)["normalization"]
        print(json.dumps(result))


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--only")]
    only = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--only=")), None)
    main(Path(arguments[0]) if arguments else DEFAULT_DIR, only)
