"""The same papers on a Dask distributed cluster: one task per paper, results gathered as they finish.

Each Dask worker process builds the pipeline and knowledge base once, on its
first paper. Workers read the papers from their paths, so the cluster must see
the same files (a shared filesystem, or a cluster on this machine).
"""

from __future__ import annotations

from collections.abc import Iterator

from exoextract.batch.pool import Done, Limits, process_one
from exoextract.ingest import PaperFile

_WORKER_PIPELINE = None


def _process_on_worker(paper: PaperFile, limits: Limits) -> Done:
    """Run in a Dask worker: the pipeline is loaded on the worker's first paper and kept."""
    global _WORKER_PIPELINE
    from exoextract.batch import pool

    if _WORKER_PIPELINE is None:
        from exoextract.nlp import load_pipeline

        _WORKER_PIPELINE = load_pipeline()
    pool._PIPELINE, pool._READ_LIMITS = _WORKER_PIPELINE, limits.read
    return process_one(paper)


def process_on_cluster(papers: list[PaperFile], address: str, limits: Limits) -> Iterator[Done]:
    """Each paper's outcome from the cluster at ``address`` (``tcp://host:port``), in finishing order."""
    from distributed import Client, as_completed

    with Client(address) as client:
        futures = [client.submit(_process_on_worker, paper, limits, key=f"exoextract-{paper.sha256}-{paper.doc_id}",
                                 pure=False) for paper in papers]
        for future in as_completed(futures):
            yield future.result()
