"""PDF pages to raw blocks in reading order, from the glyphs of :mod:`exoextract.ingest.glyphs`.

Words are rebuilt from glyph gaps relative to the font size (many journal
PDFs carry no space characters), rows are split into column segments, the
page's gutter is found from where segments do not cross, and full-width
segments (title, abstract, wide figures) cut the page into bands read
left column first. Lines in the page margins that repeat across pages, page
numbers and lines in fonts without a text encoding are dropped.

A page holds thousands of glyphs: the layout reads them as columns (numpy
arrays, :class:`exoextract.ingest.columns.Glyphs`), a step at a time over the
whole page, not as a record per glyph.
"""

from __future__ import annotations

import hashlib
import statistics
from array import array
from collections import Counter
from functools import lru_cache
from itertools import groupby, pairwise
from operator import itemgetter
from pathlib import Path

import numpy as np

from exoextract.document import Document, SourcePositions
from exoextract.errors import NotAPdf, NoTextLayer, TooLarge
from exoextract.ingest.assemble import build_document
from exoextract.ingest.columns import Glyphs, Segment, assign_columns, placed, reading_order, rows, split_rows
from exoextract.ingest.furniture import furniture_key, is_furniture_text, is_garbled
from exoextract.ingest.glyphs import DEFAULT_ENGINE, PageGlyphs, PdfPages
from exoextract.ingest.lines import Line, RawBlock, expand_ligatures

MARGIN = 0.085  # share of the page height holding running heads and feet


class _Positions:
    """Collects the source geometry of every glyph that reaches the text: page and line numbers in typed
    arrays (a segment's run of one number is one repeat), boxes by glyph number on their page's columns (read
    out once a page when frozen)."""

    def __init__(self) -> None:
        self.page = array("i")
        self.line = array("i")
        self.segments: list[tuple[Glyphs, np.ndarray]] = []

    def add(self, line: int, segment: Segment) -> None:
        """The positions of a segment's glyphs."""
        self.page += array("i", [segment.page]) * segment.count
        self.line += array("i", [line]) * segment.count
        self.segments.append((segment.glyphs, segment.ids))

    def __len__(self) -> int:
        return len(self.page)

    def freeze(self) -> SourcePositions:
        if not self.page:
            return SourcePositions.empty()
        boxes = []
        for glyphs, run in groupby(self.segments, key=itemgetter(0)):  # a page's segments, one after another
            ids = np.concatenate([ids for _, ids in run])
            boxes.append(np.stack((glyphs.x0[ids], glyphs.top[ids], glyphs.x1[ids], glyphs.bottom[ids]), axis=1))
        return SourcePositions(
            np.frombuffer(self.page, np.intc).astype(np.int32), np.frombuffer(self.line, np.intc).astype(np.int32),
            np.concatenate(boxes).astype(np.float32),
        )


def load_pdf(path: Path, doc_id: str | None = None, max_pages: int = 2000, password: str | None = None,
             engine: str = DEFAULT_ENGINE) -> Document:
    """Read a PDF paper into a Document whose offsets point at page and glyph box; ``engine`` reads the
    glyphs (:mod:`exoextract.ingest.glyphs`: PDFium by default, pdfplumber as the reference)."""
    data = path.read_bytes()
    if not data.startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise NotAPdf(f"not a PDF file (no %PDF header){sniff(data)}")
    positions = _Positions()
    with PdfPages(data, password, engine) as pdf:
        page_count = len(pdf)
        if page_count > max_pages:
            raise TooLarge(f"{page_count} pages, over the limit of {max_pages} (raise it with --max-pages)")
        pages = [_page_segments(page) for page in pdf]
    if not any(segments for segments, _ in pages):
        raise NoTextLayer("the PDF has no text layer (scanned pages?); run OCR first, e.g. ocrmypdf")
    heights = [h for _, h in pages]
    _drop_furniture([segments for segments, _ in pages], heights)
    blocks: list[RawBlock] = []
    for segments, _ in pages:
        blocks.extend(_blocks(segments, positions))
    return build_document(
        blocks,
        doc_id=doc_id or path.stem,
        source=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        fmt="pdf",
        pages=page_count,
        positions=positions.freeze(),
    )


def sniff(data: bytes) -> str:
    """What a file that is no PDF looks like, for the error message."""
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return ": it looks like an HTML page (a download that saved the publisher's page?)"
    if head.startswith(b"pk\x03\x04"):
        return ": it is a ZIP archive (a Word .docx or similar?)"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ": it looks like an old Word .doc file"
    if head and all(32 <= b < 127 or b in (9, 10, 13) for b in head):
        return ": it looks like plain text (rename it .txt)"
    return ""


# --- one page ------------------------------------------------------------------------


def _page_segments(page: PageGlyphs) -> tuple[list[Segment], float]:
    images = [
        (x0, top, x1, bottom)
        for x0, top, x1, bottom in page.images
        if (x1 - x0) * (bottom - top) > 0.02 * page.width * page.height
    ]
    glyphs = _glyph_columns(page)
    upright = np.array([style.upright for style in page.styles], dtype=bool)[np.array(page.style_numbers, np.intp)]
    kept = placed(glyphs, page.width, page.height, images, upright)
    found = split_rows(glyphs, rows(glyphs, kept), page.number)
    assign_columns(found, page.width)
    return reading_order(found), page.height


def _glyph_columns(page: PageGlyphs) -> Glyphs:
    """The page's glyphs as the layout's columns (font names numbered once per style, not per glyph)."""
    count = len(page.texts)
    boxes = np.array(page.boxes, dtype=np.float64).reshape(count, 4)
    numbers = np.array(page.style_numbers, dtype=np.intp)
    fontnames: dict[str, int] = {}
    style_fonts = np.array([fontnames.setdefault(style.fontname, len(fontnames)) for style in page.styles],
                           dtype=np.intp)
    style_sizes = np.array([style.size for style in page.styles], dtype=np.float64)
    return Glyphs(page.texts, np.fromiter(map(len, page.texts), np.intp, count), boxes[:, 0].copy(),
                  boxes[:, 1].copy(), boxes[:, 2].copy(), boxes[:, 3].copy(), style_sizes[numbers],
                  style_fonts[numbers], list(fontnames), np.zeros(count, dtype=bool))


# --- furniture -----------------------------------------------------------------------


def _drop_furniture(pages: list[list[Segment]], heights: list[float]) -> None:
    """Running heads and feet repeat in the margins across pages; page numbers stand alone there."""
    marginal: list[tuple[int, Segment]] = []
    for index, (segments, height) in enumerate(zip(pages, heights)):
        for segment in segments:
            if segment.top < MARGIN * height or segment.bottom > (1 - MARGIN) * height:
                marginal.append((index, segment))
    pages_with_key: dict[str, set[int]] = {}
    for index, segment in marginal:
        pages_with_key.setdefault(furniture_key(segment.plain), set()).add(index)
    repeated = {k for k, v in pages_with_key.items() if len(v) >= 2 and len(k) >= 3}
    drop = {
        id(segment)
        for _, segment in marginal
        if furniture_key(segment.plain) in repeated or is_furniture_text(segment.plain)
    }
    for segments in pages:
        segments[:] = [s for s in segments if id(s) not in drop and not is_garbled(s.plain)]


# --- blocks --------------------------------------------------------------------------


def _line(segment: Segment, positions: _Positions, line_number: int) -> Line:
    """Glyphs to text, with a space where the gap is word-sized (``segment.spaced``)."""
    count = segment.count
    first = len(positions)  # the position id of the segment's first glyph
    positions.add(line_number, segment)
    spaced = segment.spaced
    plain = segment.plain
    src: list[int] = []
    if len(plain) == count and plain.isascii():  # most lines: one plain letter a glyph, nothing to expand
        cuts = [0, *spaced, count]
        text = " ".join([plain[start:stop] for start, stop in pairwise(cuts)])
        for start, stop in pairwise(cuts):
            if start:
                src.append(-1)
            src.extend(range(first + start, first + stop))
    else:
        pieces: list[str] = []
        space_before = set(spaced)
        texts = segment.glyphs.texts
        for number, piece in enumerate([texts[glyph] for glyph in segment.ids.tolist()]):
            if number in space_before:
                pieces.append(" ")
                src.append(-1)
            if len(piece) == 1 and piece.isascii():
                src.append(first + number)
            else:
                piece = _expanded(piece)
                src.extend([first + number] * len(piece))
            pieces.append(piece)
        text = "".join(pieces)
    return Line(text, src, segment.page, segment.x0, segment.top, segment.x1, segment.bottom, segment.size,
                segment.bold)


@lru_cache(maxsize=4096)
def _expanded(text: str) -> str:
    """:func:`expand_ligatures`, remembered: a page holds a few dozen distinct glyph texts."""
    return expand_ligatures(text)


def _blocks(segments: list[Segment], positions: _Positions) -> list[RawBlock]:
    """Cut a page's ordered segments into blocks at flow changes, gaps, font changes and indents."""
    blocks: list[RawBlock] = []
    flows: dict[int, tuple[float, float]] = {}
    for column in {s.column for s in segments}:
        members = [s for s in segments if s.column == column and not s.table and s.count > 20]
        if members:
            flows[column] = (
                statistics.median(s.x0 for s in members) if len(members) > 2 else min(s.x0 for s in members),
                max(s.x1 for s in members),
            )
    previous: Segment | None = None
    for number, segment in enumerate(segments):
        line = _line(segment, positions, number)
        if previous is None or _starts_block(previous, segment, flows):
            kind = "table" if segment.table else "paragraph"
            blocks.append(RawBlock([line], kind, {"layout": "pdf"}))
        else:
            blocks[-1].lines.append(line)
        previous = segment
    body = _body_size(segments)
    for block in blocks:
        lines = block.lines
        emphasized = all(line.bold for line in lines) or min(line.size for line in lines) > body + 0.8
        if block.kind == "paragraph" and len(lines) <= 3 and emphasized:
            block.meta["heading"] = True
    return blocks


def _body_size(segments: list[Segment]) -> float:
    if not segments:
        return 0.0
    sizes: Counter[float] = Counter()
    for size, count in Counter(np.concatenate([s.glyphs.size[s.ids] for s in segments]).tolist()).items():
        sizes[round(size, 1)] += count  # rounded once per distinct size, not once per glyph
    return sizes.most_common(1)[0][0]  # every segment has a glyph


def _starts_block(previous: Segment, segment: Segment, flows: dict[int, tuple[float, float]]) -> bool:
    if segment.column != previous.column or segment.table != previous.table:
        return True
    size = max(segment.size, previous.size, 1.0)
    if segment.top - previous.bottom > 0.8 * size or segment.top < previous.top:
        return True
    if abs(segment.size - previous.size) > 0.6:
        return True
    left, right = flows.get(segment.column, (segment.x0, segment.x1))
    indented = (
        segment.x0 - left > 0.6 * size and previous.x0 - left < 0.6 * size and right - segment.x1 < size
    )  # a first-line indent; a centred line does not reach the right edge
    short_previous = right - previous.x1 > 2.0 * size
    if segment.bold != previous.bold and short_previous:
        return True  # a heading line; a run-in bold lead fills its line
    return indented or (short_previous and previous.plain.rstrip()[-1:] in ".!?:")
