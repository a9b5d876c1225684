"""Throughput of the NLP stage (tokenizer to entities) on the bundled papers, one core, and memory.

usage: python benchmarks/nlp_throughput.py [REPEATS]

Ingestion is done first and not timed; the pipeline and the knowledge base are
loaded and warmed on the first paper. Also prints spaCy's tokenizer alone, the
ceiling the stage is measured against.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from exoextract.ingest import load
from exoextract.nlp import annotate, load_pipeline

PAPERS = Path(__file__).resolve().parents[1] / "corpus" / "papers"


def main(repeats: int) -> None:
    documents = [load(path) for path in sorted(PAPERS.glob("*.txt"))]
    words = sum(len(d.text.split()) for d in documents)
    started = time.perf_counter()
    nlp = load_pipeline()
    annotate(documents[0], nlp)  # warm-up
    warm = time.perf_counter() - started
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for document in documents:
            annotate(document, nlp)
        best = min(best, time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(repeats):
        for document in documents:
            nlp.make_doc(document.text)
    tokenizer = (time.perf_counter() - started) / repeats
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"papers: {len(documents)}, words: {words}")
    print(f"pipeline + knowledge base load and first paper: {warm:.2f} s")
    print(f"NLP stage: {words / best:,.0f} words/s (best of {repeats})")
    print(f"tokenizer alone: {words / tokenizer:,.0f} words/s")
    print(f"max resident memory: {rss:,.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
