"""One page's geometry: glyphs to rows, rows to segments, the gutter between columns, table rows,
and the reading order of the segments (bands between full-width lines, left column first)."""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

SEGMENT_GAP = 1.0  # em: gaps wider than this separate columns or table cells
MERGE_GAP = 4.0  # em: row pieces closer than this, not aligned with any table, are one line
WORD_GAP = 0.1  # em: glyph gaps wider than this separate words
_BOLD = re.compile(r"bold|black|heavy|semibold|demi|[-,]b$|\.b$", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _is_bold(fontname: str) -> bool:
    return bool(_BOLD.search(fontname))


@dataclass(eq=False)
class Glyphs:
    """A page's glyphs as columns, one entry per glyph: the layout works on whole columns at once (numpy),
    not on a record per glyph. ``x0`` and ``x1`` are repaired in place (see :func:`split_rows`)."""

    texts: list[str]
    letters: np.ndarray  # the length of each glyph's text (a ligature has several letters, a space none)
    x0: np.ndarray
    x1: np.ndarray
    top: np.ndarray
    bottom: np.ndarray
    size: np.ndarray
    font: np.ndarray  # each glyph's font, by its place in ``fontnames``
    fontnames: list[str]
    space_after: np.ndarray  # the file's own word space follows the glyph

    @cached_property
    def bold_fonts(self) -> np.ndarray:
        return np.array([_is_bold(name) for name in self.fontnames], dtype=bool)


@dataclass(eq=False)
class Segment:
    """A run of glyphs on one row with no column-sized gap inside: their numbers in ``glyphs``, left to right,
    and what the layout reads of them (their extent, size, boldness and text run together)."""

    glyphs: Glyphs
    ids: np.ndarray
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    plain: str  # the glyphs' text run together (no spaces inserted)
    spaced: list[int]  # the glyphs a word space goes before (wider than WORD_GAP ems of the glyph before it)
    column: int = 0
    table: bool = False

    @property
    def count(self) -> int:
        return len(self.ids)

    def absorb(self, other: Segment) -> None:
        """Take over another segment's glyphs (a line cut by a wide space)."""
        joined = np.concatenate((self.ids, other.ids))
        length = len(self.ids)
        self.x1 = max(self.x1, other.x1)
        self.top = min(self.top, other.top)
        self.bottom = max(self.bottom, other.bottom)
        self.size = _size(self.glyphs.size[joined])
        self.bold = _bold(self.glyphs, joined)
        self.plain += other.plain
        meeting = [length] if _word_gap(self.glyphs, self.ids[-1:], other.ids[:1])[0] else []
        self.spaced = [*self.spaced, *meeting, *(length + number for number in other.spaced)]
        self.ids = joined
        other.ids = joined[:0]


def _word_gap(glyphs: Glyphs, before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Whether the gap from each glyph of ``before`` to the glyph of ``after`` beside it is word-sized (wider
    than WORD_GAP ems of the glyph before it, at least 1)."""
    sizes = glyphs.size[before]
    return glyphs.x0[after] - glyphs.x1[before] > WORD_GAP * np.where(sizes < 1.0, 1.0, sizes)


def _size(sizes: np.ndarray) -> float:
    """The median size (most segments are in one size: their first)."""
    if sizes.min() == sizes.max():
        return float(sizes[0])
    return statistics.median(sizes.tolist())


def _bold(glyphs: Glyphs, ids: np.ndarray) -> bool:
    """Whether most of the glyphs are in a bold font."""
    return int(glyphs.bold_fonts[glyphs.font[ids]].sum()) * 2 > len(ids)


def placed(glyphs: Glyphs, width: float, height: float, images: list[tuple[float, float, float, float]],
           upright: np.ndarray) -> np.ndarray:
    """The numbers of the glyphs the layout places: upright, with a box, on the page and outside raster figures
    (their labels); and marks the glyphs the file's own word spaces follow."""
    texts = glyphs.texts
    x0, x1, top, bottom = glyphs.x0, glyphs.x1, glyphs.top, glyphs.bottom
    space = np.fromiter(map(str.isspace, texts), bool, len(texts))
    off = (x1 < 0) | (x0 > width) | (bottom < 0) | (top > height) | np.isnan(x0) | np.isnan(x1) | np.isnan(top) \
        | np.isnan(bottom)
    keep = ~space & (glyphs.letters > 0) & upright & ~off
    if images:
        middle_x, middle_y = (x0 + x1) / 2, (top + bottom) / 2
        for left, above, right, below in images:
            keep &= ~((left <= middle_x) & (middle_x <= right) & (above <= middle_y) & (middle_y <= below))
    kept = np.flatnonzero(keep)
    spaces = np.flatnonzero(space)
    before = np.searchsorted(kept, spaces) - 1  # the placed glyph before each space, in content order
    glyphs.space_after[kept[before[before >= 0]]] = True
    return kept


def rows(glyphs: Glyphs, kept: np.ndarray) -> list[np.ndarray]:
    """Group glyphs whose vertical extents overlap the row's first glyph (superscripts included); a row's glyphs
    in the order they joined it."""
    if not len(kept):
        return []
    order = kept[np.lexsort((glyphs.x0[kept], glyphs.top[kept]))]  # by top, then x0 (stable)
    tops, bottoms = glyphs.top[order], glyphs.bottom[order]
    breaks = (np.flatnonzero((tops[1:] != tops[:-1]) | (bottoms[1:] != bottoms[:-1])) + 1).tolist()
    starts, stops = [0, *breaks], [*breaks, len(order)]
    rows: list[list[tuple[int, int]]] = []  # each row: runs of places in ``order``
    core: list[tuple[float, float]] = []
    # the row a glyph of these extents joined while the rows were as many as now: a line's glyphs mostly share
    # their extents, and the choice depends only on them and on the last rows
    joined: dict[tuple[float, float], tuple[int, list[tuple[int, int]]]] = {}
    for start, stop, char_top, char_bottom in zip(starts, stops, tops[starts].tolist(), bottoms[starts].tolist()):
        extents = (char_top, char_bottom)  # one run: the glyphs of these extents, one after another
        # once a glyph of the run is remembered in a row (it joined one, or started one and its box has a height:
        # not inverted, no infinite edge), the rest of the run goes there too: no row is added meanwhile
        whole = char_bottom - char_top >= 0
        place = start
        while place < stop:
            known = joined.get(extents)
            if known is not None and known[0] == len(rows):
                known[1].append((place, stop))
                break
            height = max(char_bottom - char_top, 0.1)
            for index in range(len(rows) - 1, max(len(rows) - 4, -1), -1):
                top, bottom = core[index]
                overlap = min(bottom, char_bottom) - max(top, char_top)
                if overlap >= 0.4 * min(height, bottom - top):
                    rows[index].append((place, place + 1))
                    joined[extents] = (len(rows), rows[index])
                    break
            else:
                rows.append([(place, place + 1)])
                core.append(extents)
                if whole:
                    joined[extents] = (len(rows), rows[-1])
            place += 1
    return [order[row[0][0] : row[0][1]] if len(row) == 1 else order[np.concatenate([np.arange(*run) for run in row])]
            for row in rows]


def _repair_ligature_widths(glyphs: Glyphs, row: list[int]) -> None:
    """Give zero-width ligature glyphs (pdfminer reads some fonts' ``fi``/``fl`` so) their width back.

    The glyphs after such a ligature stand too far left until the next
    absolutely positioned run, which leaves a false gap inside a word
    (``ph ysiological``); the shift is carried until that gap absorbs it.
    """
    x0, x1, sizes, texts, space_after = glyphs.x0, glyphs.x1, glyphs.size, glyphs.texts, glyphs.space_after
    debt = 0.0
    previous: int | None = None
    previous_end = 0.0
    for char in row:
        start, end = float(x0[char]), float(x1[char])
        if debt and previous is not None and not space_after[previous] and start - previous_end >= 0.8 * debt:
            debt = 0.0  # the next absolutely positioned run: positions are right again
        previous, previous_end = char, end
        if debt:
            x0[char] = start + debt
            x1[char] = end + debt
        size = max(float(sizes[char]), 1.0)
        text = texts[char]
        if len(text) > 1 and text.isalpha() and end - start < 0.05 * size:
            width = 0.55 * size
            x1[char] = float(x0[char]) + width
            debt += width


def split_rows(glyphs: Glyphs, rows: list[np.ndarray], page: int) -> list[Segment]:
    """Each row left to right (zero-width ligatures given their width back), cut before each glyph whose gap to
    the one before is wider than SEGMENT_GAP ems of the larger size (at least 1)."""
    if not rows:
        return []
    lengths = [len(row) for row in rows]
    together = np.concatenate(rows)
    row_of = np.repeat(np.arange(len(rows)), lengths)
    order = together[np.lexsort((glyphs.x0[together], row_of))]  # each row by x0 (stable), rows as they were
    firsts = np.cumsum([0, *lengths[:-1]])
    several = glyphs.letters[order] > 1
    if several.any():
        for first, length in zip(firsts.tolist(), lengths):
            if several[first : first + length].any():
                _repair_ligature_widths(glyphs, order[first : first + length].tolist())
    x0, x1, sizes = glyphs.x0[order], glyphs.x1[order], glyphs.size[order]
    larger = np.where(sizes[1:] > sizes[:-1], sizes[1:], sizes[:-1])
    cut = x0[1:] - x1[:-1] > SEGMENT_GAP * np.where(larger < 1.0, 1.0, larger)
    cut[firsts[1:] - 1] = True  # a row starts
    starts = np.concatenate(([0], np.flatnonzero(cut) + 1))
    stops = [*starts[1:].tolist(), len(order)]
    space_before = _word_gap(glyphs, order[:-1], order[1:])
    space_before &= ~cut  # a word space inside a segment, not between two
    spaced: list[list[int]] = [[] for _ in stops]
    gaps = np.flatnonzero(space_before) + 1
    for segment, place in zip((np.searchsorted(starts, gaps, "right") - 1).tolist(), gaps.tolist()):
        spaced[segment].append(place)
    lefts = x0[starts].tolist()
    rights = np.maximum.reduceat(x1, starts).tolist()
    tops = np.minimum.reduceat(glyphs.top[order], starts).tolist()
    bottoms = np.maximum.reduceat(glyphs.bottom[order], starts).tolist()
    texts = glyphs.texts
    ordered_texts = [texts[number] for number in order.tolist()]
    out = []
    for number, (start, stop) in enumerate(zip(starts.tolist(), stops)):
        ids = order[start:stop]
        out.append(Segment(glyphs, ids, page, lefts[number], rights[number], tops[number], bottoms[number],
                           _size(sizes[start:stop]), _bold(glyphs, ids), "".join(ordered_texts[start:stop]),
                           [p - start for p in spaced[number]]))
    return out


def assign_columns(segments: list[Segment], width: float) -> None:
    """Find a gutter no text crosses near the middle; mark segments left (1), right (2) or full (0)."""
    if not segments:
        return
    spans = [(s.x0, s.x1, s.count) for s in segments]
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
    segments[:] = [s for s in segments if s.count]
    for column in {s.column for s in segments}:
        flow = sorted((s for s in segments if s.column == column), key=lambda s: s.top)
        widest = max(s.x1 - s.x0 for s in flow)
        for before, segment, after in zip(flow, flow[1:], flow[2:]):
            if before.table and after.table and segment.x1 - segment.x0 < 0.6 * widest:
                segment.table = True


def reading_order(segments: list[Segment]) -> list[Segment]:
    """Bands between full-width segments; in each band the left column, then the right."""
    full_tops = sorted(s.top for s in segments if s.column == 0)

    def key(segment: Segment) -> tuple:
        if segment.column == 0:
            return (bisect_left(full_tops, segment.top) + 1, 0, 0, segment.top, segment.x0)
        return (bisect_right(full_tops, segment.top), 1, segment.column, segment.top, segment.x0)

    return sorted(segments, key=key)
