"""Corpus runs: discover -> (cache | worker pool) -> per-paper store -> tables committed as one set.

``run_batch`` is what ``exoextract batch`` and ``exoextract ingest`` call:
every supported file under the inputs, each content once, with stable doc ids;
papers in parallel worker processes; each paper's result stored as soon as it
is done (so an interrupted run resumes where it stopped, and unchanged papers
are not processed again); a paper that fails is recorded in ``errors.tsv``
and the run goes on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from exoextract.batch.assemble import commit, recover
from exoextract.batch.inputs import expand
from exoextract.batch.pool import NO_LIMITS, Done, Limits, process_all
from exoextract.batch.store import Failure, ResultStore, pipeline_version
from exoextract.ingest import PaperFile, discover
from exoextract.records import PaperResult
from exoextract.tables import Tables, corpus_tables

__all__ = ["BatchSummary", "Limits", "Progress", "run_batch"]


@dataclass
class Progress:
    """Where a run is: papers done of total, failures, words and pages read, seconds spent."""

    total: int
    done: int = 0
    failed: int = 0
    words: int = 0
    pages: int = 0
    started: float = field(default_factory=time.perf_counter)
    peak_rss_mib: float = 0.0

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def line(self) -> str:
        rate = self.done / self.seconds if self.seconds else 0.0
        eta = (self.total - self.done) / rate if rate else 0.0
        return (f"{self.done}/{self.total} papers, {rate:.1f} papers/s, {self.words / max(self.seconds, 1e-9):,.0f} "
                f"words/s, {self.pages / max(self.seconds, 1e-9):.1f} pages/s, ETA {eta:.0f} s, "
                f"{self.failed} failed")


@dataclass
class BatchSummary:
    """What a run did."""

    papers: int
    processed: int
    reused: int
    failures: list[Failure]
    duplicates: list[tuple[Path, Path]]
    skipped: dict[str, int]
    written: list[Path]
    tables: Tables
    progress: Progress
    results: list[PaperResult]


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def run_batch(
    inputs: Iterable[str | Path],
    out: Path,
    *,
    workers: int | None = None,
    fmt: str = "tsv",
    force: bool = False,
    incremental: bool = True,
    errors_table: bool = True,
    notify: Callable[[str], None] | None = None,
    progress: Callable[[Progress], None] | None = None,
    nlp=None,
    limits: Limits = NO_LIMITS,
    scheduler: str | None = None,
) -> BatchSummary:
    """Process every paper under ``inputs`` into the tables of ``out``."""
    from exoextract.kb.cache import cache_key, current_versions, saved_overrides

    out.mkdir(parents=True, exist_ok=True)
    recover(out)
    found = expand(inputs)
    discovery = discover(found.files)
    papers = list(discovery.papers)
    version = pipeline_version(cache_key(current_versions(saved_overrides())))
    store = ResultStore(out, version) if incremental else None
    outcomes: dict[str, PaperResult | Failure] = {}
    if store is not None and not force:
        for paper in papers:
            stored = store.get(paper.sha256)
            if stored is not None:
                outcomes[paper.sha256] = stored
    todo = [paper for paper in papers if paper.sha256 not in outcomes]
    outcomes_of: Iterable[Done] = ()
    if todo and scheduler:
        from exoextract.batch.cluster import process_on_cluster

        outcomes_of = process_on_cluster(todo, scheduler, limits)
    elif todo:
        if nlp is None:
            from exoextract.nlp import load_pipeline

            nlp = load_pipeline(notify=notify)
        outcomes_of = process_all(todo, nlp, workers or default_workers(), limits)
    state = Progress(total=len(todo))  # after the pipeline is loaded: its clock times the papers
    for done in outcomes_of:
        outcomes[done.paper.sha256] = done.item
        if store is not None:
            store.put(done.paper.sha256, done.item)
        _count(state, done)
        if progress:
            progress(state)
    results, failures = _relabelled(papers, outcomes)
    tables = corpus_tables(results)
    written = commit(out, tables, fmt, failures if (errors_table or failures) else None)
    if not failures and not errors_table and (out / "errors.tsv").exists():
        (out / "errors.tsv").unlink()  # an old list of failures that no longer holds
    return BatchSummary(len(papers), len(todo), len(papers) - len(todo), failures, list(discovery.duplicates),
                        found.skipped, written, tables, state, results)


def _count(state: Progress, done: Done) -> None:
    state.done += 1
    state.words += done.words
    state.pages += done.pages
    state.failed += isinstance(done.item, Failure)
    state.peak_rss_mib = max(state.peak_rss_mib, done.peak_rss_mib)


def _relabelled(papers: list[PaperFile], outcomes: dict) -> tuple[list[PaperResult], list[Failure]]:
    """Stored results under this run's doc ids and paths (the store is keyed by content, not by name)."""
    results, failures = [], []
    for paper in papers:
        item = outcomes[paper.sha256]
        if isinstance(item, Failure):
            failures.append(replace(item, path=str(paper.path)))
        else:
            document = replace(item.document, doc_id=paper.doc_id, source=str(paper.path))
            results.append(replace(item, document=document))
    return results, failures
