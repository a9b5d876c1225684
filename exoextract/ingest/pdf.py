"""PDF pages to raw blocks in reading order, from pdfplumber's characters.

Words are rebuilt from glyph gaps relative to the font size (many journal
PDFs carry no space characters), rows are split into column segments, the
page's gutter is found from where segments do not cross, and full-width
segments (title, abstract, wide figures) cut the page into bands read
left column first. Lines in the page margins that repeat across pages, page
numbers and lines in fonts without a text encoding are dropped.
"""

from __future__ import annotations

import hashlib
import io
import re
import statistics
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from exoextract.document import Document, SourcePositions
from exoextract.errors import EncryptedPdf, NoTextLayer, UnreadablePdf
from exoextract.ingest.layout import build_document, furniture_key, is_furniture_text, is_garbled
from exoextract.ingest.lines import Line, RawBlock, expand_ligatures

WORD_GAP = 0.1  # em: glyph gaps wider than this separate words
SEGMENT_GAP = 1.0  # em: gaps wider than this separate columns or table cells
MERGE_GAP = 4.0  # em: row pieces closer than this, not aligned with any table, are one line
MARGIN = 0.085  # share of the page height holding running heads and feet
_BOLD = re.compile(r"bold|black|heavy|semibold|demi|[-,]b$|\.b$", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _is_bold(fontname: str) -> bool:
    return bool(_BOLD.search(fontname))


@dataclass
class Segment:
    """A run of glyphs on one row with no column-sized gap inside."""

    chars: list[dict]
    page: int
    column: int = 0
    table: bool = False
    text: str = ""
    src: list[int] = field(default_factory=list)

    @cached_property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @cached_property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars)

    @cached_property
    def top(self) -> float:
        return min(c["top"] for c in self.chars)

    @cached_property
    def bottom(self) -> float:
        return max(c["bottom"] for c in self.chars)

    @cached_property
    def size(self) -> float:
        return statistics.median(c["size"] for c in self.chars)

    @cached_property
    def bold(self) -> bool:
        return sum(_is_bold(c.get("fontname", "")) for c in self.chars) * 2 > len(self.chars)

    def absorb(self, other: Segment) -> None:
        """Take over another segment's glyphs (a line cut by a wide space)."""
        self.chars.extend(other.chars)
        other.chars = []
        for name in ("x0", "x1", "top", "bottom", "size", "bold"):
            self.__dict__.pop(name, None)


class _Positions:
    """Collects the source geometry of every glyph that reaches the text."""

    def __init__(self) -> None:
        self.page: list[int] = []
        self.line: list[int] = []
        self.box: list[tuple[float, float, float, float]] = []

    def add(self, page: int, line: int, char: dict) -> int:
        self.page.append(page)
        self.line.append(line)
        self.box.append((char["x0"], char["top"], char["x1"], char["bottom"]))
        return len(self.page) - 1

    def freeze(self) -> SourcePositions:
        if not self.page:
            return SourcePositions.empty()
        return SourcePositions(
            np.asarray(self.page, np.int32), np.asarray(self.line, np.int32), np.asarray(self.box, np.float32)
        )


def open_pdf(data: bytes):
    """Open with pdfplumber, turning parser failures into exoextract errors."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # parses the page tree: broken files fail here
    except Exception as error:  # pdfminer raises many unrelated types for damaged files
        causes = [error, error.__cause__, error.__context__, *error.args]
        if any(isinstance(c, PDFPasswordIncorrect) for c in causes):
            raise EncryptedPdf("the PDF is encrypted; decrypt it first (e.g. qpdf --decrypt)") from error
        raise UnreadablePdf(f"cannot parse PDF: {error.__class__.__name__}: {error}".rstrip(": ")) from error
    return pdf


def load_pdf(path: Path) -> Document:
    """Read a PDF paper into a Document whose offsets point at page and glyph box."""
    data = path.read_bytes()
    if not data.startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise UnreadablePdf("not a PDF file (no %PDF header)")
    positions = _Positions()
    with open_pdf(data) as pdf:
        pages = [_page_segments(page, number) for number, page in enumerate(pdf.pages, start=1)]
        page_count = len(pdf.pages)
    if not any(segments for segments, _ in pages):
        raise NoTextLayer("the PDF has no text layer (scanned pages?); run OCR first, e.g. ocrmypdf")
    heights = [h for _, h in pages]
    _drop_furniture([segments for segments, _ in pages], heights)
    blocks: list[RawBlock] = []
    for segments, _ in pages:
        blocks.extend(_blocks(segments, positions))
    return build_document(
        blocks,
        doc_id=path.stem,
        source=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        fmt="pdf",
        pages=page_count,
        positions=positions.freeze(),
    )


# --- one page ------------------------------------------------------------------------


def _page_glyphs(page) -> tuple[list[dict], list[dict]]:
    """The parser's characters and images of a page; its failures are the file's fault."""
    try:
        glyphs, images = list(page.chars), list(page.images)
    except Exception as error:  # pdfminer raises many unrelated types for damaged content
        raise UnreadablePdf(f"cannot read page {page.page_number}: {error.__class__.__name__}: {error}") from error
    page.flush_cache()
    return glyphs, images


def _page_segments(page, number: int) -> tuple[list[Segment], float]:
    glyphs, page_images = _page_glyphs(page)
    images = [
        (im["x0"], im["top"], im["x1"], im["bottom"])
        for im in page_images
        if (im["x1"] - im["x0"]) * (im["bottom"] - im["top"]) > 0.02 * page.width * page.height
    ]
    chars = []
    for char in glyphs:
        text = char.get("text", "")
        if text.isspace() and chars:
            chars[-1]["space_after"] = True  # the file's own word space, in content order
        if not text or text.isspace() or not char.get("upright", True):
            continue
        if char["x1"] < 0 or char["x0"] > page.width or char["bottom"] < 0 or char["top"] > page.height:
            continue
        cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        if any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in images):
            continue  # labels inside a raster figure
        chars.append(char)
    segments = [s for row in _rows(chars) for s in _split_row(row, number)]
    _assign_columns(segments, page.width)
    return _reading_order(segments), float(page.height)


def _rows(chars: list[dict]) -> list[list[dict]]:
    """Group glyphs whose vertical extents overlap the row's first glyph (superscripts included)."""
    rows: list[list[dict]] = []
    core: list[tuple[float, float]] = []
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        height = max(char["bottom"] - char["top"], 0.1)
        for index in range(len(rows) - 1, max(len(rows) - 4, -1), -1):
            top, bottom = core[index]
            overlap = min(bottom, char["bottom"]) - max(top, char["top"])
            if overlap >= 0.4 * min(height, bottom - top):
                rows[index].append(char)
                break
        else:
            rows.append([char])
            core.append((char["top"], char["bottom"]))
    return rows


def _repair_ligature_widths(row: list[dict]) -> None:
    """Give zero-width ligature glyphs (pdfminer reads some fonts' ``fi``/``fl`` so) their width back.

    The glyphs after such a ligature stand too far left until the next
    absolutely positioned run, which leaves a false gap inside a word
    (``ph ysiological``); the shift is carried until that gap absorbs it.
    """
    debt = 0.0
    previous: dict | None = None
    previous_end = 0.0
    for char in row:
        start, end = char["x0"], char["x1"]
        if debt and previous is not None and not previous.get("space_after") and start - previous_end >= 0.8 * debt:
            debt = 0.0  # the next absolutely positioned run: positions are right again
        previous, previous_end = char, end
        if debt:
            char["x0"] += debt
            char["x1"] += debt
        size = max(char["size"], 1.0)
        if len(char["text"]) > 1 and char["text"].isalpha() and end - start < 0.05 * size:
            width = 0.55 * size
            char["x1"] = char["x0"] + width
            debt += width


def _split_row(row: list[dict], page: int) -> list[Segment]:
    row.sort(key=lambda c: c["x0"])
    _repair_ligature_widths(row)
    segments: list[list[dict]] = [[row[0]]]
    for previous, char in pairwise(row):
        size = max(previous["size"], char["size"], 1.0)
        if char["x0"] - previous["x1"] > SEGMENT_GAP * size:
            segments.append([char])
        else:
            segments[-1].append(char)
    return [Segment(chars, page) for chars in segments]


def _assign_columns(segments: list[Segment], width: float) -> None:
    """Find a gutter no text crosses near the middle; mark segments left (1), right (2) or full (0)."""
    if not segments:
        return
    spans = [(s.x0, s.x1, len(s.chars)) for s in segments]
    total = sum(n for _, _, n in spans)
    starts, ends, weights = (np.asarray(column, dtype=float) for column in zip(*spans))
    xs = np.arange(int(0.3 * width), int(0.7 * width) + 1, dtype=float)
    crossing = (((starts[:, None] < xs) & (xs < ends[:, None])) * weights[:, None]).sum(axis=0)
    least = crossing.min()
    first = int(np.argmax(crossing == least))
    last = first
    while last + 1 < len(xs) and crossing[last + 1] == least:
        last += 1  # the gutter is the first run of least-crossed positions
    gutter = float(xs[first] + xs[last]) / 2
    left = [n for x0, x1, n in spans if x1 <= gutter]
    right = [n for x0, x1, n in spans if x0 >= gutter]
    if min(sum(left), sum(right)) < 0.15 * total or min(len(left), len(right)) < 5:
        _mark_tables(segments, two_columns=False)
        return  # one column (full-width lines may still cross a two-column page's gutter)
    for segment in segments:
        if segment.x1 <= gutter + 1:
            segment.column = 1
        elif segment.x0 >= gutter - 1:
            segment.column = 2
    _attach_short_last_lines(segments)
    _mark_tables(segments, two_columns=True)


def _attach_short_last_lines(segments: list[Segment]) -> None:
    """The short last line of a full-width paragraph fits in the left column but belongs above."""
    ordered = sorted(segments, key=lambda s: (s.top, s.x0))
    right_rows = [s.top for s in ordered if s.column == 2]
    for index, segment in enumerate(ordered):
        if segment.column != 1 or index == 0:
            continue
        above = ordered[index - 1]
        near = 0.5 * segment.size
        position = bisect_left(right_rows, segment.top - near)
        beside = position < len(right_rows) and right_rows[position] < segment.top + near
        close = segment.top - above.bottom < 0.8 * max(segment.size, 1.0)
        if above.column == 0 and close and abs(above.x0 - segment.x0) < 2 and not beside:
            segment.column = 0


def _mark_tables(segments: list[Segment], two_columns: bool) -> None:
    """Rows cut into cells that line up with the cells of a neighbouring row are table rows.

    A row split by a wide justified space lines up with nothing: its pieces are
    merged back into one line. Short lines between table rows join the table.
    """
    rows: dict[tuple[int, int], list[Segment]] = {}
    for segment in segments:
        rows.setdefault((segment.column if two_columns else 0, round(segment.bottom)), []).append(segment)
    split = {key: sorted(cells, key=lambda c: c.x0) for key, cells in rows.items() if len(cells) > 1}
    starts = {key: [c.x0 for c in cells[1:]] for key, cells in split.items()}

    def aligned(key: tuple[int, int]) -> bool:
        column, bottom = key
        reach = 3 * max(split[key][0].size, 1.0)
        return any(
            other[0] == column and 0 < abs(other[1] - bottom) <= reach
            and any(abs(a - b) < 3 for a in starts[other] for b in starts[key])
            for other in split
        )

    table_rows = {key for key in split if aligned(key)}
    for key, cells in split.items():
        if key in table_rows:
            for cell in cells:
                cell.table = True
        else:  # one line cut by wide justified spaces, not a running head and its page number
            end = cells[0].x1
            for cell in cells[1:]:
                if cell.x0 - end > MERGE_GAP * max(cell.size, 1.0):
                    break
                end = cell.x1
                cells[0].absorb(cell)
    segments[:] = [s for s in segments if s.chars]
    for column in {s.column for s in segments}:
        flow = sorted((s for s in segments if s.column == column), key=lambda s: s.top)
        widest = max(s.x1 - s.x0 for s in flow)
        for before, segment, after in zip(flow, flow[1:], flow[2:]):
            if before.table and after.table and segment.x1 - segment.x0 < 0.6 * widest:
                segment.table = True


def _reading_order(segments: list[Segment]) -> list[Segment]:
    """Bands between full-width segments; in each band the left column, then the right."""
    full_tops = sorted(s.top for s in segments if s.column == 0)

    def key(segment: Segment) -> tuple:
        if segment.column == 0:
            return (bisect_left(full_tops, segment.top) + 1, 0, 0, segment.top, segment.x0)
        return (bisect_right(full_tops, segment.top), 1, segment.column, segment.top, segment.x0)

    return sorted(segments, key=key)


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
        pages_with_key.setdefault(furniture_key(_plain(segment)), set()).add(index)
    repeated = {k for k, v in pages_with_key.items() if len(v) >= 2 and len(k) >= 3}
    drop = {
        id(segment)
        for _, segment in marginal
        if furniture_key(_plain(segment)) in repeated or is_furniture_text(_plain(segment))
    }
    for segments in pages:
        segments[:] = [s for s in segments if id(s) not in drop and not is_garbled(_plain(s))]


def _plain(segment: Segment) -> str:
    return "".join(c["text"] for c in segment.chars)


# --- blocks --------------------------------------------------------------------------


def _line(segment: Segment, positions: _Positions, line_number: int) -> Line:
    """Glyphs to text, with a space where the gap is word-sized."""
    text: list[str] = []
    src: list[int] = []
    previous = None
    for char in segment.chars:
        if previous is not None and char["x0"] - previous["x1"] > WORD_GAP * max(previous["size"], 1.0):
            text.append(" ")
            src.append(-1)
        position = positions.add(segment.page, line_number, char)
        for piece in expand_ligatures(char["text"]):
            text.append(piece)
            src.append(position)
        previous = char
    return Line("".join(text), src, segment.page, segment.x0, segment.top, segment.x1, segment.bottom,
                segment.size, segment.bold)


def _blocks(segments: list[Segment], positions: _Positions) -> list[RawBlock]:
    """Cut a page's ordered segments into blocks at flow changes, gaps, font changes and indents."""
    blocks: list[RawBlock] = []
    flows: dict[int, tuple[float, float]] = {}
    for column in {s.column for s in segments}:
        members = [s for s in segments if s.column == column and not s.table and len(s.chars) > 20]
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
    sizes = Counter(round(c["size"], 1) for s in segments for c in s.chars)
    return sizes.most_common(1)[0][0] if sizes else 0.0


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
    return indented or (short_previous and _plain(previous).rstrip()[-1:] in ".!?:")
