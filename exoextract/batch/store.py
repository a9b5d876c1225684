"""Per-paper results kept in the output folder, keyed by the paper's content and the pipeline's version.

A result (or the failure a paper gave) is written under a temporary name and
renamed as soon as the paper is done, so a stopped run loses at most the
papers it was working on; an unchanged paper is not processed again until the
code, the pipeline config or the knowledge base changes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from exoextract import __version__
from exoextract.document import SourcePositions
from exoextract.records import PaperResult
from exoextract.rows import PaperLines, paper_lines

STORE = Path(".exoextract") / "papers"


@dataclass(frozen=True)
class Failure:
    """A paper that could not be processed: what kind of error, and what it said."""

    path: str
    sha256: str
    kind: str
    message: str


@dataclass(frozen=True)
class StoredPaper:
    """A processed paper as a run keeps it: its table lines, ready to be assembled, and its result
    pickled, read back only when someone asks for results (exports, notebooks). The process that read
    the paper makes both, so the end of a corpus run has little left to do."""

    lines: PaperLines
    pickled_result: bytes

    @classmethod
    def of(cls, result: PaperResult) -> StoredPaper:
        return cls(paper_lines(result), pickle.dumps(light(result), protocol=pickle.HIGHEST_PROTOCOL))

    def result(self) -> PaperResult:
        return pickle.loads(self.pickled_result)


Outcome = StoredPaper | Failure  # what a run keeps of each paper


def code_fingerprint() -> str:
    """A hash of exoextract's own code, configs and data: a change to any of them reprocesses papers."""
    digest = hashlib.sha256(__version__.encode())
    root = resources.files("exoextract")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.is_file() and path.suffix in (".py", ".cfg", ".tsv") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(Path(str(root))).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def pipeline_version(kb_key: str, pipeline: str = "default") -> str:
    """The version part of every stored result's key: code, pipeline config and knowledge base."""
    return hashlib.sha256(f"{code_fingerprint()}|{pipeline}|{kb_key}".encode()).hexdigest()[:16]


class ResultStore:
    """``OUT/.exoextract/papers/<sha256>-<version>.pickle``: one file per paper and version."""

    def __init__(self, out: Path, version: str):
        self.folder = out / STORE
        self.version = version

    def path(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / f"{sha256}-{self.version}.pickle"

    def get(self, sha256: str) -> Outcome | None:
        path = self.path(sha256)
        if not path.exists():
            return None
        try:
            with path.open("rb") as handle:
                item = pickle.load(handle)
        except Exception:  # a damaged entry is processed again
            return None
        return item if isinstance(item, StoredPaper | Failure) else None

    def put(self, sha256: str, item: Outcome) -> bytes:
        """Store the outcome (atomically); returns the stored bytes (``pickle.loads`` gives it back)."""
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        path = self.path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.tmp{os.getpid()}")
        partial.write_bytes(data)
        partial.replace(path)
        return data


def light(result: PaperResult) -> PaperResult:
    """A result without the per-character source geometry (tables and exports need text, blocks and records)."""
    document = dataclasses.replace(result.document, offsets=np.zeros(0, np.int64),
                                   positions=SourcePositions.empty())
    return dataclasses.replace(result, document=document)
