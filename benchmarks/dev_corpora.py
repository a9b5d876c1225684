"""Mention detection and normalization on the development corpora in ../shared/dev.

usage: python benchmarks/dev_corpora.py [DEV_DIR] [--only NAME]

For each corpus: run ``exoextract ingest`` over its documents into a temporary
folder, then score ``mentions.tsv`` with the corpus's own ``score_mentions.py``
(passing HGNC's table so HGNC ids map to NCBI Gene ids). Prints one JSON line
per corpus, plus the words per second of the whole run.

BioRED's gold holds genes (MARKER) and cell lines (CELL_TYPE), and the scorer
counts every type of the gold, so its plain score mixes the two. Gene
detection and gene normalization are also given alone (``genes_only``): the
same scorer on a view of the corpus whose gold keeps its MARKER rows.
"""

from __future__ import annotations

import csv
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
            genes = _genes_only(dev / name, Path(out), command) if name == "genes-biored-train" else None
        result = json.loads(scored.stdout)
        result = {"corpus": name, "words_per_second": round(words / seconds), **result}
        if "normalization" in result:  # the contract gives every species its human gene: human ids alone
            result["normalization_human_genes"] = json.loads(human.stdout)["normalization"]
        if genes is not None:
            result["genes_only"] = genes
        print(json.dumps(result))


def _genes_only(corpus: Path, out: Path, command: list[str]) -> dict:
    """The scorer's detection and (human-gene) normalization over the corpus's MARKER rows alone."""
    view = out / "genes-only"
    view.mkdir()
    (view / "docs").symlink_to(corpus / "docs")
    with (corpus / "gold.tsv").open(encoding="utf-8") as source, (view / "gold.tsv").open("w", encoding="utf-8",
                                                                                             newline="") as target:
        rows = csv.DictReader(source, delimiter="\t")
        writer = csv.DictWriter(target, fieldnames=rows.fieldnames or [], delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(row for row in rows if row["type"] == "MARKER")
    command = [command[0], command[1], str(view), *command[3:]]
    scored = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    human = json.loads(subprocess.run([*command, "--human-genes"], capture_output=True, text=True, check=True).stdout)
    return {"detection": scored["detection"], "normalization_human_genes": human["normalization"]}


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--only")]
    only = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--only=")), None)
    main(Path(arguments[0]) if arguments else DEFAULT_DIR, only)
