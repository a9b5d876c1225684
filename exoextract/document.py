"""The ingested paper: clean text, its blocks, citations, and a map back to the source.

Every later stage reads a :class:`Document` and never the file again, so
evidence rows can always be traced to a page (PDF) or a line (text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

BLOCK_KINDS = ("title", "heading", "paragraph", "caption", "table", "front")  # the roles a Block may have
BODY_KINDS = frozenset({"title", "heading", "paragraph", "caption"})


@dataclass(frozen=True)
class Block:
    """A run of clean text with one role: paragraph, heading, caption..."""

    kind: str
    start: int
    end: int
    page: int
    section: str


@dataclass(frozen=True)
class Citation:
    """A reference bracket such as ``[12, 93, 94]``; entities never come from inside it."""

    start: int
    end: int
    refs: tuple[int, ...]


@dataclass(frozen=True)
class Location:
    """Where a span of clean text came from."""

    page: int
    line: int
    bbox: tuple[float, float, float, float] | None


@dataclass
class SourcePositions:
    """Geometry of the source characters, indexed by source position id.

    For PDFs ``line`` counts lines within the page and the box is in PDF
    points from the page's top-left; for text files ``line`` is the
    1-based line of the file and the box is ``(column, line, column+1, line+1)``.
    """

    page: np.ndarray
    line: np.ndarray
    box: np.ndarray  # shape (n, 4): x0, top, x1, bottom

    @classmethod
    def empty(cls) -> SourcePositions:
        return cls(np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros((0, 4), np.float32))


@dataclass
class Document:
    """One paper after ingestion: a pure function of the file's bytes."""

    doc_id: str
    source: str
    sha256: str
    format: str
    pages: int
    text: str
    blocks: list[Block]
    citations: list[Citation]
    references: list[str]
    offsets: np.ndarray  # per clean-text character: source position id, -1 if inserted
    positions: SourcePositions = field(repr=False)
    notes: tuple[str, ...] = ()  # what a reader should know: "decoded as cp1252 (not UTF-8)"

    def locate(self, start: int, end: int) -> Location:
        """Page, first line and bounding box of ``text[start:end]`` in the source."""
        ids = self.offsets[start:end]
        ids = ids[ids >= 0]
        if ids.size == 0:
            block = self.block_at(start)
            return Location(block.page if block else 1, 0, None)
        first = int(ids[0])
        page = int(self.positions.page[first])
        same_page = ids[self.positions.page[ids] == page]
        boxes = self.positions.box[same_page]
        bbox = (
            float(boxes[:, 0].min()),
            float(boxes[:, 1].min()),
            float(boxes[:, 2].max()),
            float(boxes[:, 3].max()),
        )
        return Location(page, int(self.positions.line[first]), bbox)

    def page_at(self, start: int, end: int) -> int:
        """The page ``text[start:end]`` starts on (what :meth:`locate` gives, without the box)."""
        if start < end and start < len(self.offsets) and self.offsets[start] >= 0:  # the usual case, at once
            return int(self.positions.page[self.offsets[start]])
        ids = self.offsets[start:end]
        found = ids[ids >= 0]
        if found.size:
            return int(self.positions.page[found[0]])
        block = self.block_at(start)
        return block.page if block else 1

    def block_at(self, offset: int) -> Block | None:
        """The block that holds ``offset`` (blocks are sorted and disjoint)."""
        lo, hi = 0, len(self.blocks)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.blocks[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.blocks) and self.blocks[lo].start <= offset < self.blocks[lo].end:
            return self.blocks[lo]
        return None

    def in_citation(self, start: int, end: int) -> bool:
        """True when the span overlaps a reference bracket."""
        return any(c.start < end and start < c.end for c in self.citations)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready view: blocks with their text, page and section."""
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "sha256": self.sha256,
            "format": self.format,
            "pages": self.pages,
            "characters": len(self.text),
            "blocks": [
                {
                    "kind": b.kind,
                    "page": b.page,
                    "section": b.section,
                    "start": b.start,
                    "end": b.end,
                    "text": self.text[b.start : b.end],
                }
                for b in self.blocks
            ],
            "citations": [
                {"start": c.start, "end": c.end, "refs": list(c.refs)} for c in self.citations
            ],
            "references": self.references,
        }
