"""Papers processed in worker processes that inherit the loaded pipeline, each failure isolated.

Workers are forked after the pipeline and knowledge base are loaded, so each
starts with them at once (copy-on-write). With a result store, a worker
commits each result there itself and sends the stored bytes along (the main
process does not write or read them again), and each worker has a paper
queued behind the one it reads. A paper that raises gives a
:class:`Failure` record; a worker that dies (a crash, the kernel's OOM killer)
breaks only the papers it held, which are retried once, alone, before they
are recorded as failed.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
import resource
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from exoextract.batch.ahead import take
from exoextract.batch.children import die_with_parent
from exoextract.batch.store import Failure, Outcome, ResultStore, StoredPaper
from exoextract.errors import ExoextractError
from exoextract.ingest import PaperFile, ReadLimits, load

if TYPE_CHECKING:  # spaCy is imported only when a paper is processed: a no-change re-run needs none of it
    from spacy.language import Language

T = TypeVar("T")
_PIPELINE: Language | None = None  # the pipeline a worker process inherits
_READ_LIMITS: ReadLimits | None = None
_STORE: ResultStore | None = None  # where pooled workers commit their results
_AHEAD: Path | None = None  # where documents read while the pipeline loaded wait (see batch.ahead)


@dataclass(frozen=True)
class Done:
    """One paper's outcome, with what the progress line counts; ``item`` is None when the worker
    committed it to the result store (``stored``), which ``payload`` then holds as stored."""

    paper: PaperFile
    item: Outcome | None
    words: int
    pages: int
    peak_rss_mib: float
    failed: bool = False
    payload: bytes = b""  # a stored outcome as the store holds it (pickled), sent along to save a read

    @property
    def stored(self) -> bool:
        return self.item is None


def process_one(paper: PaperFile) -> Done:
    """Process a paper in this process into what a run keeps of it (its table lines made here, in
    parallel); any error becomes a Failure naming the file."""
    from exoextract.paper import process_document

    assert _PIPELINE is not None, "the pipeline is set before workers start"
    try:
        document = take(_AHEAD, paper) or load(paper.path, paper.doc_id, _READ_LIMITS)
        result = process_document(document, _PIPELINE)
        item: Outcome = StoredPaper.of(result)
        words, pages = len(result.document.text.split()), result.document.pages
    except ExoextractError as error:
        message = str(error).removeprefix(f"{paper.path}: ")  # the row names the file already
        item, words, pages = Failure(str(paper.path), paper.sha256, type(error).__name__, message), 0, 0
    except MemoryError:
        message = "ran out of memory (raise --paper-memory, or split the file)"
        item, words, pages = Failure(str(paper.path), paper.sha256, "TooLarge", message), 0, 0
    except Exception as error:  # a bug or a library failure on this file: recorded, the batch goes on
        message = f"{type(error).__name__}: {error}"
        item, words, pages = Failure(str(paper.path), paper.sha256, "InternalError", message), 0, 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Done(paper, item, words, pages, peak, isinstance(item, Failure))


def _process_and_store(paper: PaperFile) -> Done:
    """In a pooled worker: process the paper and commit its outcome to the store (when there is one)."""
    done = process_one(paper)
    if _STORE is None or done.item is None:
        return done
    data = _STORE.put(paper.sha256, done.item)
    return Done(paper, None, done.words, done.pages, done.peak_rss_mib, done.failed, data)


@dataclass(frozen=True)
class Limits:
    """Per-paper bounds: seconds of wall time and bytes of address space in a worker, and file size."""

    seconds: float | None = None
    memory_bytes: int | None = None
    read: ReadLimits = field(default_factory=ReadLimits)


NO_LIMITS = Limits()


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """Objects made inside live as long as the run (pipeline, knowledge base, word list): the cyclic collector
    is paused while they are made, millions of them (its passes cost a tenth of a run's start-up and find
    nothing to free), and they are frozen out of its reach after, so that no later pass scans them either, in
    this process or in a worker forked from it (the pattern the ``gc.freeze`` documentation gives for a
    process that forks workers). The collector's state is restored after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def collector_given_back(run: Callable[..., T]) -> Callable[..., T]:
    """``run``, which freezes what it loads (:func:`long_lived`), leaving the collector as it found it: what was
    frozen is unfrozen after, unless the caller had frozen objects of its own (a notebook's process gets its
    collector back; the command line's process ends anyway)."""

    @functools.wraps(run)
    def given_back(*args, **kwargs) -> T:
        frozen_before = gc.get_freeze_count()
        try:
            return run(*args, **kwargs)
        finally:
            if not frozen_before:
                gc.unfreeze()

    return given_back


def _start_worker(memory_bytes: int | None) -> None:
    """A pooled worker's first step: die with the run, and bound its address space."""
    die_with_parent()
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def process_all(papers: list[PaperFile], nlp: Language, workers: int, limits: Limits = NO_LIMITS,
                store: ResultStore | None = None, ahead: Path | None = None) -> Iterator[Done]:
    """Each paper's outcome as it finishes (in finishing order). With a ``store``, pooled workers commit
    outcomes there and yield them as ``stored``; a paper processed in this process is yielded whole.
    Documents already read into ``ahead`` are taken from there."""
    global _PIPELINE, _READ_LIMITS, _STORE, _AHEAD
    _PIPELINE, _READ_LIMITS, _STORE, _AHEAD = nlp, limits.read, store, ahead
    if limits == NO_LIMITS and (workers <= 1 or len(papers) <= 1):
        for paper in papers:
            yield process_one(paper)
        return
    gc.freeze()  # workers fork with the pipeline and knowledge base: their cyclic collector never scans them
    remaining = list(papers)
    while remaining:
        suspects: list[PaperFile] = []
        remaining = yield from _pooled(remaining, workers, limits, suspects)
        for paper in suspects:  # the papers a dying worker held, one at a time, to find the one that kills it
            again: list[PaperFile] = []
            outcomes = list(_pooled([paper], 1, limits, again))
            if again:
                yield Done(paper, Failure(str(paper.path), paper.sha256, "WorkerCrashed",
                                          "the worker process died while reading this paper (out of memory?)"),
                           0, 0, 0.0, True)
            else:
                yield from outcomes


def _pooled(papers: list[PaperFile], workers: int, limits: Limits, suspects: list[PaperFile]):
    """Outcomes of ``papers``; returns the papers still to do when the pool had to be stopped."""
    pending = list(papers)
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                               initargs=(limits.memory_bytes,))
    running: dict = {}  # future -> (paper, when a worker took it, or None while it waits in the queue)
    depth = 2 * workers  # a paper queued behind each one read: no worker waits for the next
    try:
        while pending or running:
            while pending and len(running) < depth:
                paper = pending.pop(0)
                running[pool.submit(_process_and_store, paper)] = (paper, None)
            _start_clocks(running, workers)
            finished, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in finished:
                paper, _ = running.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    suspects.append(paper)
                    suspects.extend(p for p, _ in running.values())
                    running.clear()
                    return pending
            late = [(f, p) for f, (p, began) in running.items()
                    if limits.seconds and began is not None and time.monotonic() - began > limits.seconds]
            if late:
                for future, paper in late:
                    running.pop(future)
                    yield Done(paper, Failure(str(paper.path), paper.sha256, "Timeout",
                                              f"stopped after {limits.seconds:g} s (--paper-timeout)"), 0, 0, 0.0,
                               True)
                redo = [p for p, _ in running.values()]
                running.clear()
                _kill_workers(pool)
                return redo + pending
        return []
    finally:
        if running or pending:
            _kill_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _start_clocks(running: dict, workers: int) -> None:
    """Workers take papers in the order they were submitted, so the first ``workers`` unfinished papers
    are the ones being read: their time limit runs from the moment they are seen there."""
    now = time.monotonic()
    for future, (paper, began) in list(running.items())[:workers]:
        if began is None:
            running[future] = (paper, now)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Stop every worker process of the pool now (a paper over its time limit holds one)."""
    for process in list((pool._processes or {}).values()):
        with contextlib.suppress(Exception):
            process.kill()

