"""Papers processed in worker processes that inherit the loaded pipeline, each failure isolated.

Workers are forked after the pipeline and knowledge base are loaded, so each
starts with them at once (copy-on-write). A paper that raises gives a
:class:`Failure` record; a worker that dies (a crash, the kernel's OOM killer)
breaks only the papers it held, which are retried once, alone, before they
are recorded as failed.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from spacy.language import Language

from exoextract.batch.store import Failure, light
from exoextract.errors import ExoextractError
from exoextract.ingest import PaperFile
from exoextract.paper import process_paper
from exoextract.records import PaperResult

_PIPELINE: Language | None = None  # the pipeline a worker process inherits


@dataclass(frozen=True)
class Done:
    """One paper's outcome, with what the progress line counts."""

    paper: PaperFile
    item: PaperResult | Failure
    words: int
    pages: int
    peak_rss_mib: float


def process_one(paper: PaperFile) -> Done:
    """Process a paper in this process; any error becomes a Failure naming the file."""
    assert _PIPELINE is not None, "the pipeline is set before workers start"
    try:
        result = light(process_paper(paper.path, _PIPELINE, paper.doc_id))
        item: PaperResult | Failure = result
        words, pages = len(result.document.text.split()), result.document.pages
    except ExoextractError as error:
        item, words, pages = Failure(str(paper.path), paper.sha256, type(error).__name__, str(error)), 0, 0
    except Exception as error:  # a bug or a library failure on this file: recorded, the batch goes on
        message = f"{type(error).__name__}: {error}"
        item, words, pages = Failure(str(paper.path), paper.sha256, "InternalError", message), 0, 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Done(paper, item, words, pages, peak)


def process_all(papers: list[PaperFile], nlp: Language, workers: int) -> Iterator[Done]:
    """Each paper's outcome as it finishes (in finishing order)."""
    global _PIPELINE
    _PIPELINE = nlp
    if workers <= 1 or len(papers) <= 1:
        for paper in papers:
            yield process_one(paper)
        return
    retry: list[PaperFile] = []
    yield from _pooled(papers, workers, retry)
    for paper in retry:  # the papers a dying worker held, one at a time
        broken: list[PaperFile] = []
        outcomes = list(_pooled([paper], 1, broken))
        if broken:
            yield Done(paper, Failure(str(paper.path), paper.sha256, "WorkerCrashed",
                                      "the worker process died while reading this paper"), 0, 0, 0.0)
        else:
            yield from outcomes


def _pooled(papers: Iterable[PaperFile], workers: int, broken: list[PaperFile]) -> Iterator[Done]:
    pending_papers = list(papers)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        running = {}
        while pending_papers or running:
            while pending_papers and len(running) < 2 * workers:
                paper = pending_papers.pop(0)
                running[pool.submit(process_one, paper)] = paper
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                paper = running.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken.append(paper)
                    broken.extend(running.values())
                    broken.extend(pending_papers)
                    return


ProgressCallback = Callable[[Done], None]
