"""One page's geometry: glyphs to rows, rows to segments, the gutter between columns, table rows,
and the reading order of the segments (bands between full-width lines, left column first)."""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import groupby, pairwise
from operator import itemgetter

import numpy as np

_X0, _X1, _TOP, _BOTTOM, _SIZE, _TEXT = (itemgetter(key) for key in ("x0", "x1", "top", "bottom", "size", "text"))
_TOP_X0, _TOP_BOTTOM = itemgetter("top", "x0"), itemgetter("top", "bottom")
SEGMENT_GAP = 1.0  # em: gaps wider than this separate columns or table cells
MERGE_GAP = 4.0  # em: row pieces closer than this, not aligned with any table, are one line
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

    @cached_property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @cached_property
    def x1(self) -> float:
        return max(map(_X1, self.chars))

    @cached_property
    def top(self) -> float:
        return min(map(_TOP, self.chars))

    @cached_property
    def bottom(self) -> float:
        return max(map(_BOTTOM, self.chars))

    @cached_property
    def size(self) -> float:
        sizes = list(map(_SIZE, self.chars))
        if sizes and sizes.count(sizes[0]) == len(sizes):
            return sizes[0]  # most lines are in one size: the median without sorting
        return statistics.median(sizes)

    @cached_property
    def bold(self) -> bool:
        """Whether most of the glyphs are in a bold font."""
        fonts = [c.get("fontname", "") for c in self.chars]
        if fonts and fonts.count(fonts[0]) == len(fonts):
            return _is_bold(fonts[0])  # most lines are in one font
        return sum(count for font, count in Counter(fonts).items() if _is_bold(font)) * 2 > len(fonts)

    @cached_property
    def plain(self) -> str:
        """The glyphs' text run together (no spaces inserted)."""
        return "".join(map(_TEXT, self.chars))

    def absorb(self, other: Segment) -> None:
        """Take over another segment's glyphs (a line cut by a wide space)."""
        self.chars.extend(other.chars)
        other.chars = []
        for name in ("x0", "x1", "top", "bottom", "size", "bold", "plain"):
            self.__dict__.pop(name, None)


def rows(chars: list[dict]) -> list[list[dict]]:
    """Group glyphs whose vertical extents overlap the row's first glyph (superscripts included)."""
    rows: list[list[dict]] = []
    core: list[tuple[float, float]] = []
    # the row a glyph of these extents joined while the rows were as many as now: a line's glyphs mostly share
    # their extents, and the choice depends only on them and on the last rows
    joined: dict[tuple[float, float], tuple[int, list[dict]]] = {}
    ordered = sorted(chars, key=_TOP_X0)
    for extents, group in groupby(ordered, key=_TOP_BOTTOM):  # glyphs of one extents, one after another
        run = iter(group)  # one iterator: the loop below may take the rest of it at once
        char_top, char_bottom = extents
        # the glyphs after the first go where it went when its box has a height (not inverted, no infinite or
        # missing edge): to the row it joined (remembered, no row added since), or to the row it started (which
        # they overlap wholly)
        whole = char_bottom - char_top >= 0
        for char in run:
            known = joined.get(extents)
            if known is not None and known[0] == len(rows):
                known[1].append(char)
                if whole:
                    known[1].extend(run)  # the rest of the run (the loop ends with it)
                continue
            height = max(char_bottom - char_top, 0.1)
            for index in range(len(rows) - 1, max(len(rows) - 4, -1), -1):
                top, bottom = core[index]
                overlap = min(bottom, char_bottom) - max(top, char_top)
                if overlap >= 0.4 * min(height, bottom - top):
                    rows[index].append(char)
                    joined[extents] = (len(rows), rows[index])
                    break
            else:
                rows.append([char])
                core.append(extents)
                if whole:
                    joined[extents] = (len(rows), rows[-1])
    return rows


def _repair_ligature_widths(row: list[dict]) -> None:
    """Give zero-width ligature glyphs (pdfminer reads some fonts' ``fi``/``fl`` so) their width back.

    The glyphs after such a ligature stand too far left until the next
    absolutely positioned run, which leaves a false gap inside a word
    (``ph ysiological``); the shift is carried until that gap absorbs it.
    """
    if max(map(len, map(_TEXT, row))) == 1:
        return  # no glyph of several letters: nothing to repair
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


def split_row(row: list[dict], page: int) -> list[Segment]:
    row.sort(key=_X0)
    _repair_ligature_widths(row)
    # a cut before each glyph whose gap to the one before is wider than SEGMENT_GAP ems of the larger size
    # (at least 1), read from lists of the fields (one lookup per glyph and field, not two)
    sizes = list(map(_SIZE, row))
    cuts = [0]
    for number, (start, end, before, size) in enumerate(zip(map(_X0, row[1:]), map(_X1, row), sizes, sizes[1:]), 1):
        size = size if size > before else before  # max(before, size)
        if start - end > SEGMENT_GAP * (1.0 if size < 1.0 else size):
            cuts.append(number)
    cuts.append(len(row))
    return [Segment(row[first:stop], page) for first, stop in pairwise(cuts)]


def assign_columns(segments: list[Segment], width: float) -> None:
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


def reading_order(segments: list[Segment]) -> list[Segment]:
    """Bands between full-width segments; in each band the left column, then the right."""
    full_tops = sorted(s.top for s in segments if s.column == 0)

    def key(segment: Segment) -> tuple:
        if segment.column == 0:
            return (bisect_left(full_tops, segment.top) + 1, 0, 0, segment.top, segment.x0)
        return (bisect_right(full_tops, segment.top), 1, segment.column, segment.top, segment.x0)

    return sorted(segments, key=key)
