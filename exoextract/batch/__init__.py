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
import pickle
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from exoextract.batch.ahead import ReadAhead
from exoextract.batch.assemble import commit, recover
from exoextract.batch.inputs import expand
from exoextract.batch.manifest import RunKey, TableCounts, forget, record, unchanged
from exoextract.batch.pool import NO_LIMITS, Done, Limits, collector_given_back, long_lived, process_all
from exoextract.batch.store import Failure, Outcome, ResultStore, StoredPaper, pipeline_version
from exoextract.english import load_word_list
from exoextract.ingest import PaperFile, discover
from exoextract.records import ENTITY_TYPES, PaperResult
from exoextract.rows import AssembledPaper

__all__ = ["BatchSummary", "Limits", "Progress", "TableCounts", "run_batch"]


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
    """What a run did. ``assembled`` is empty when the run changed nothing and left the previous tables
    in place (``counts`` still says what they hold)."""

    papers: int
    processed: int
    reused: int
    failures: list[Failure]
    duplicates: list[tuple[Path, Path]]
    skipped: dict[str, int]
    written: list[Path]
    counts: TableCounts
    progress: Progress
    assembled: list[tuple[AssembledPaper, StoredPaper]] = field(default_factory=list, repr=False)

    def results(self) -> list[PaperResult]:
        """Every good paper's result under this run's doc ids and paths, in discovery order (read back from
        what the run kept: exports and notebooks want them, the tables do not)."""
        return [_relabelled(paper, stored.result()) for paper, stored in self.assembled]


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


@collector_given_back
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
    key = RunKey(version, fmt, errors_table, tuple((p.sha256, p.doc_id, str(p.path)) for p in papers))
    previous = unchanged(out, key) if store is not None and not force else None
    if previous is not None:  # the same papers, version and options as the tables on disk: nothing to do
        written, counts = previous
        return BatchSummary(len(papers), 0, len(papers), counts.failures, list(discovery.duplicates),
                            found.skipped, written, counts, Progress(total=0))
    outcomes: dict[str, Outcome] = {}
    if store is not None and not force:
        for paper in papers:
            stored = store.get(paper.sha256)
            if stored is not None:
                outcomes[paper.sha256] = stored
    todo = [paper for paper in papers if paper.sha256 not in outcomes]
    outcomes_of: Iterable[Done] = ()
    ahead: ReadAhead | None = None
    if todo and scheduler:
        from exoextract.batch.cluster import process_on_cluster

        outcomes_of = process_on_cluster(todo, scheduler, limits)
    elif todo:
        workers = workers or default_workers()
        if nlp is None and workers > 1 and len(todo) > workers:  # read the first papers while the pipeline loads
            ahead = ReadAhead(todo, out / ".exoextract" / f"read-ahead-{os.getpid()}", limits.read,
                              limits.memory_bytes).start()
        # before the workers fork (loaded once, not once in each); the reader, forked first, loads its own only
        # if a paper needs it
        with long_lived():
            load_word_list()
            if nlp is None:
                from exoextract.nlp import load_pipeline

                nlp = load_pipeline(notify=notify)
        if ahead is not None:
            ahead.stop()
        outcomes_of = process_all(todo, nlp, workers, limits, store, ahead.folder if ahead else None)
    state = Progress(total=len(todo))  # after the pipeline is loaded: its clock times the papers
    try:
        for done in outcomes_of:
            if done.stored:  # a worker committed it and sent what it stored
                outcomes[done.paper.sha256] = pickle.loads(done.payload)
            else:
                outcomes[done.paper.sha256] = done.item
                if store is not None:
                    store.put(done.paper.sha256, done.item)
            _count(state, done)
            if progress:
                progress(state)
    finally:
        if ahead is not None:
            ahead.close()
    assembled, failures = _assembled(papers, outcomes)
    counts = _counts(assembled, failures)
    forget(out)
    written = commit(out, lambda staging: _write_tables(assembled, staging, fmt),
                     failures if (errors_table or failures) else None)
    if not failures and not errors_table and (out / "errors.tsv").exists():
        (out / "errors.tsv").unlink()  # an old list of failures that no longer holds
    if store is not None:
        record(out, key, written, counts)
    return BatchSummary(len(papers), len(todo), len(papers) - len(todo), failures, list(discovery.duplicates),
                        found.skipped, written, counts, state, assembled)


def _write_tables(assembled: list[tuple[AssembledPaper, StoredPaper]], folder: Path, fmt: str) -> list[Path]:
    """TSV straight from the lines the workers made; Parquet through pandas, from the results."""
    if fmt == "tsv":
        from exoextract import rows

        return rows.write_tsv([paper for paper, _ in assembled], folder)
    from exoextract import tables

    results = [_relabelled(paper, stored.result()) for paper, stored in assembled]
    return tables.write(tables.corpus_tables(results), folder, fmt)


def _counts(assembled: list[tuple[AssembledPaper, StoredPaper]], failures: list[Failure]) -> TableCounts:
    concepts = dict.fromkeys(ENTITY_TYPES, 0)
    for paper, _ in assembled:
        for kind, count in paper.lines.concept_types.items():
            concepts[kind] += count
    return TableCounts(sum(len(paper.lines.mentions) for paper, _ in assembled), concepts,
                       [(paper.source, note) for paper, _ in assembled for note in paper.lines.notes], failures)


def _count(state: Progress, done: Done) -> None:
    state.done += 1
    state.words += done.words
    state.pages += done.pages
    state.failed += done.failed
    state.peak_rss_mib = max(state.peak_rss_mib, done.peak_rss_mib)


def _assembled(papers: list[PaperFile], outcomes: dict[str, Outcome]
               ) -> tuple[list[tuple[AssembledPaper, StoredPaper]], list[Failure]]:
    """Each outcome under this run's doc id and path (the store is keyed by content, not by name)."""
    assembled, failures = [], []
    for paper in papers:
        item = outcomes[paper.sha256]
        if isinstance(item, Failure):
            failures.append(replace(item, path=str(paper.path)))
        else:
            assembled.append((AssembledPaper(paper.doc_id, str(paper.path), paper.sha256, item.lines), item))
    return assembled, failures


def _relabelled(paper: AssembledPaper, result: PaperResult) -> PaperResult:
    return replace(result, document=replace(result.document, doc_id=paper.doc_id, source=paper.source))
