"""Papers read while the pipeline loads: the first seconds of a run, on a core that would idle.

Loading spaCy, the knowledge base and the pipeline takes seconds in the main
process before workers can fork from it. Reading a paper (ingestion) needs
none of that, so a reader process, forked before the load, reads the first
papers of the queue meanwhile and leaves each document in a folder; a worker
takes a document from there instead of reading the file again. The reader
stops when the workers start, so a run never has more processes at work on
papers than ``--workers``; it runs only when there are two workers or more.
A paper the reader could not read is simply read again by its worker, which
records any failure as usual.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import shutil
from pathlib import Path

from exoextract.batch.children import die_with_parent
from exoextract.document import Document
from exoextract.ingest import PaperFile, ReadLimits, load


class ReadAhead:
    """A reader process working through ``papers`` in order into ``folder`` until :meth:`stop`."""

    def __init__(self, papers: list[PaperFile], folder: Path, limits: ReadLimits, memory_bytes: int | None = None):
        self.folder = folder
        self._papers, self._limits, self._memory = papers, limits, memory_bytes
        self._process: multiprocessing.process.BaseProcess | None = None

    def start(self) -> ReadAhead:
        for stale in self.folder.parent.glob("read-ahead-*"):  # left by a run that was killed
            shutil.rmtree(stale, ignore_errors=True)
        self.folder.mkdir(parents=True)
        context = multiprocessing.get_context("fork")
        self._process = context.Process(target=_read_all, name="exoextract-read-ahead", daemon=True,
                                        args=(self._papers, self.folder, self._limits, self._memory))
        self._process.start()
        return self

    def stop(self) -> None:
        """Stop the reader (what it finished stays for the workers; a half-written file is never taken)."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def take(folder: Path | None, paper: PaperFile) -> Document | None:
    """The document the reader left for ``paper`` (removed from the folder), or None."""
    if folder is None:
        return None
    path = folder / f"{paper.sha256}.pickle"
    try:
        with path.open("rb") as handle:
            document = pickle.load(handle)
        path.unlink()
    except Exception:  # not read ahead (or unreadable): the worker reads the file itself
        return None
    return document if isinstance(document, Document) and document.doc_id == paper.doc_id else None


def _read_all(papers: list[PaperFile], folder: Path, limits: ReadLimits, memory_bytes: int | None) -> None:
    die_with_parent()
    if memory_bytes:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    for paper in papers:
        try:
            document = load(paper.path, paper.doc_id, limits)
        except Exception:  # any failure is the worker's to record, on its own reading
            continue
        partial = folder / f".{paper.sha256}.tmp"
        with contextlib.suppress(OSError):
            partial.write_bytes(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial, folder / f"{paper.sha256}.pickle")

