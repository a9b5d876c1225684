"""Throughput of the NLP stage (tokenizer to relations) on the bundled papers, one core, and memory.

usage: python benchmarks/nlp_throughput.py [ROUNDS]

Ingestion is done first and not timed; the pipeline and the knowledge base are
loaded and warmed on the first paper. The stage (``analyze``: the pipeline and
the records read out of it) is timed with the relation component on and off,
alternating in every round so that a slower moment of the machine hits both;
the best round of each is kept (issue 9: with relations at least 80 % of
without). Also prints the relation component's own share and spaCy's
tokenizer alone, the ceiling the stage is measured against.
"""

from __future__ import annotations

import gc
import resource
import sys
import time
from pathlib import Path

from exoextract.ingest import load
from exoextract.nlp import analyze, annotate, load_pipeline

PAPERS = Path(__file__).resolve().parents[1] / "corpus" / "papers"


def _timed(function) -> float:
    """Seconds for one call, with the garbage collector off while it runs (as ``timeit`` does)."""
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        function()
        return time.perf_counter() - started
    finally:
        gc.enable()


def main(rounds: int) -> None:
    documents = [load(path) for path in sorted(PAPERS.glob("*.txt"))]
    words = sum(len(d.text.split()) for d in documents)
    started = time.perf_counter()
    nlp = load_pipeline()
    analyze(documents[0], nlp)  # warm-up
    warm = time.perf_counter() - started

    def stage() -> None:
        for document in documents:
            analyze(document, nlp)

    with_relations, without_relations = [], []
    for _ in range(rounds):
        with_relations.append(_timed(stage))
        with nlp.select_pipes(disable=["exo_relations"]):
            without_relations.append(_timed(stage))
    component = nlp.get_pipe("exo_relations")
    shares = []
    for _ in range(rounds):
        with nlp.select_pipes(disable=["exo_relations"]):
            docs = [annotate(document, nlp) for document in documents]
        shares.append(_timed(lambda docs=docs: [component(doc) for doc in docs]))
    tokenizer = min(_timed(lambda: [nlp.make_doc(d.text) for d in documents]) for _ in range(rounds))
    best_with, best_without = min(with_relations), min(without_relations)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"papers: {len(documents)}, words: {words}")
    print(f"pipeline + knowledge base load and first paper: {warm:.2f} s")
    print(f"NLP stage with relations: {words / best_with:,.0f} words/s (best of {rounds} rounds)")
    print(f"NLP stage without relations: {words / best_without:,.0f} words/s")
    ratios = sorted(without / with_ for with_, without in zip(with_relations, without_relations))
    print(f"with / without: {best_without / best_with:.2f} (median of the rounds {ratios[rounds // 2]:.2f})")
    print(f"relation component alone: {words / min(shares):,.0f} words/s")
    print(f"tokenizer alone: {words / tokenizer:,.0f} words/s")
    print(f"max resident memory: {rss:,.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
