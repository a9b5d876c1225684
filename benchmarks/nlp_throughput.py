"""Throughput of the NLP stage (tokenizer to relations) on the bundled papers, one core, and memory.

usage: python benchmarks/nlp_throughput.py [REPEATS]

Ingestion is done first and not timed; the pipeline and the knowledge base are
loaded and warmed on the first paper. Prints the stage with and without the
relation component (issue 9: with relations at least 80 % of without), and
spaCy's tokenizer alone, the ceiling the stage is measured against.
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
    best = _best(nlp, documents, repeats)
    with nlp.select_pipes(disable=["exo_relations"]):
        without = _best(nlp, documents, repeats)
    started = time.perf_counter()
    for _ in range(repeats):
        for document in documents:
            nlp.make_doc(document.text)
    tokenizer = (time.perf_counter() - started) / repeats
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"papers: {len(documents)}, words: {words}")
    print(f"pipeline + knowledge base load and first paper: {warm:.2f} s")
    print(f"NLP stage with relations: {words / best:,.0f} words/s (best of {repeats})")
    print(f"NLP stage without relations: {words / without:,.0f} words/s; with/without = {without / best:.2f}")
    print(f"tokenizer alone: {words / tokenizer:,.0f} words/s")
    print(f"max resident memory: {rss:,.0f} MiB")


def _best(nlp, documents, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for document in documents:
            annotate(document, nlp)
        best = min(best, time.perf_counter() - started)
    return best


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
