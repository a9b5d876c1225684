"""Plain-text papers, including text already pulled out of a PDF with its debris."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from exoextract.document import SourcePositions
from exoextract.ingest.assemble import typical_line_length
from exoextract.ingest.furniture import furniture_key, is_furniture_text
from exoextract.ingest.lines import Line, RawBlock
from exoextract.ingest.sections import CAPTION_START, SECTION_NAMES, looks_like_heading, section_key

ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
_TERMINAL = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
_REPEATS_FOR_FURNITURE = 2
_MIN_FURNITURE_KEY = 8


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding that read it; latin-1 reads anything, so this never fails."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def read_lines(text: str) -> tuple[list[Line], SourcePositions]:
    """Lines of the file (form feeds start pages) and a position record per character: page, line
    number and a box of (column, line) cells. Newlines and form feeds themselves get page 1, line 1."""
    lines: list[Line] = []
    offset = 0
    current_page = 1
    for number, raw in enumerate(text.split("\n"), start=1):
        pieces = raw.split("\f")
        for k, piece in enumerate(pieces):
            if k:
                current_page += 1
                lines.append(Line("", [], current_page))  # a page break is a block break
            body = piece.rstrip("\r")
            lines.append(Line(body, range(offset, offset + len(body)), current_page, top=float(number)))
            offset += len(piece) + 1  # the form feed or newline
    return lines, _text_positions(text)


def _text_positions(text: str) -> SourcePositions:
    """Per character, in arrays: what the line loop would record one character at a time."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    newline, form_feed = codes == ord("\n"), codes == ord("\f")
    separator = newline | form_feed
    positions = np.arange(len(codes), dtype=np.int64)
    line_no = (_count_before(newline) + 1).astype(np.int32)
    page = (_count_before(form_feed) + 1).astype(np.int32)
    last_separator = np.maximum.accumulate(np.where(separator, positions, -1)) if len(codes) else positions
    column = (positions - (np.concatenate(([-1], last_separator[:-1])) + 1)).astype(np.float32)
    box = np.stack([column, line_no, column + 1, line_no + 1], axis=1).astype(np.float32)
    page[separator], line_no[separator], box[separator] = 1, 1, 0
    return SourcePositions(page, line_no, box)


def _count_before(flags: np.ndarray) -> np.ndarray:
    """For each position, how many flags are set before it."""
    counts = np.zeros(len(flags), np.int64)
    np.cumsum(flags[:-1], out=counts[1:])
    return counts


def group_blocks(lines: list[Line]) -> list[RawBlock]:
    """Blank lines separate blocks."""
    blocks: list[RawBlock] = []
    current: list[Line] = []
    for line in lines:
        stripped = line.strip()
        if stripped.text:
            current.append(stripped)
        elif current:
            blocks.append(RawBlock(current))
            current = []
    if current:
        blocks.append(RawBlock(current))
    return blocks


def split_captions(blocks: list[RawBlock], typical: float) -> list[RawBlock]:
    """A caption dropped inside a paragraph ends where the paragraph visibly resumes."""
    out: list[RawBlock] = []
    for block in blocks:
        lines = block.lines
        start = next((i for i, line in enumerate(lines) if CAPTION_START.match(line.text)), None)
        if start is None:
            out.append(block)
            continue
        if start:
            out.append(RawBlock(lines[:start]))
        end = start + 1
        while end < len(lines) and not _caption_ends(lines[start:end], lines[end], typical, end == len(lines) - 1):
            end += 1
        out.append(RawBlock(lines[start:end], "caption"))
        if end < len(lines):
            out.extend(split_captions([RawBlock(lines[end:])], typical))
    return out


def _caption_ends(caption: list[Line], line: Line, typical: float, is_last: bool) -> bool:
    previous = caption[-1].text
    if CAPTION_START.match(line.text):
        return True
    if _TERMINAL.search(previous) and line.text[:1].islower():
        return True  # "...respectively." then "but very few from..."
    wide = typical > 0 and max(len(c.text) for c in caption) > 1.3 * typical
    # A wide (full-width) caption gives way to narrow column lines; a lone narrow
    # last line is the caption's own end.
    return wide and not is_last and len(line.text) <= 1.1 * typical and len(previous) > 1.3 * typical


def drop_furniture(blocks: list[RawBlock]) -> list[RawBlock]:
    """Remove page lines, journal lines, repeated running titles, and a title line beside them."""
    edge_lines = [line for b in blocks for line in (b.lines[0], b.lines[-1])]
    keys = Counter(furniture_key(line.text) for line in {id(x): x for x in edge_lines}.values())

    def furniture(line: Line) -> bool:
        key = furniture_key(line.text)
        repeated = (
            len(key) >= _MIN_FURNITURE_KEY
            and keys[key] >= _REPEATS_FOR_FURNITURE
            and len(line.text) <= 140
            and section_key(line.text) not in SECTION_NAMES
        )
        return repeated or is_furniture_text(line.text)

    kept: list[RawBlock | None] = []
    removed_whole: list[int] = []
    for index, block in enumerate(blocks):
        lines = list(block.lines)
        while lines and furniture(lines[0]):
            lines.pop(0)
        while lines and furniture(lines[-1]):
            lines.pop()
        if not lines:
            removed_whole.append(index)
            kept.append(None)
        else:
            kept.append(RawBlock(lines, block.kind, block.meta))
    for index in removed_whole:
        for neighbour in (index - 1, index + 1):
            block = kept[neighbour] if 0 <= neighbour < len(kept) else None
            if block is not None and _running_title(block):
                kept[neighbour] = None
    return [b for b in kept if b is not None]


def _running_title(block: RawBlock) -> bool:
    if len(block.lines) != 1 or block.kind != "paragraph":
        return False
    text = block.lines[0].text
    return looks_like_heading(text) and len(text.split()) <= 8 and section_key(text) not in SECTION_NAMES


def text_blocks(text: str) -> tuple[list[RawBlock], SourcePositions, int]:
    """Raw blocks of a text file in reading order, its positions and its page count."""
    lines, positions = read_lines(text)
    blocks = group_blocks(lines)
    blocks = drop_furniture(blocks)
    blocks = split_captions(blocks, typical_line_length(blocks))
    pages = int(positions.page.max()) if len(positions.page) else 1
    return blocks, positions, pages
