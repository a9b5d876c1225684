"""From raw blocks in reading order to a Document: the assembly both readers share.

Headings and captions get their role, the reference list leaves the body,
paragraphs broken by a column, page or caption are joined again, and
line-end hyphens are resolved. Every character keeps its source position id,
so the offset map survives all of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

from exoextract.document import Block, Document, SourcePositions
from exoextract.ingest.citations import find_citations
from exoextract.ingest.hyphenation import WordCounts, keep_hyphen, left_fragment, right_fragment
from exoextract.ingest.lines import HYPHENS, Line, RawBlock, fold_characters
from exoextract.ingest.sections import (
    NUMBERING,
    REFERENCE_SECTIONS,
    TERMINAL,
    assign_roles,
    mark_front_and_references,
    section_key,
    split_inline_labels,
)


def join_broken_paragraphs(blocks: list[RawBlock], lookahead: int = 6) -> list[RawBlock]:
    """Rejoin a paragraph cut by a column, page or caption; the caption follows the paragraph.

    Text extracted from two-column pages may put another paragraph between a
    sentence and its continuation; a lower-case paragraph start a few blocks
    on is taken as that continuation.
    """
    blocks = list(blocks)
    out: list[RawBlock] = []
    open_paragraph: RawBlock | None = None
    deferred: list[RawBlock] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        index += 1
        if block.kind == "paragraph":
            if open_paragraph is not None and not _finished(open_paragraph):
                if _continues(open_paragraph, block):
                    open_paragraph.lines.extend(block.lines)
                    continue
                later = _displaced_continuation(blocks, index, lookahead)
                if later is not None:
                    open_paragraph.lines.extend(blocks.pop(later).lines)
                    index -= 1
                    continue
            out.extend(deferred)
            deferred.clear()
            out.append(block)
            open_paragraph = block
        elif block.kind in ("caption", "table") and open_paragraph is not None and not _finished(open_paragraph):
            deferred.append(block)
        else:
            out.extend(deferred)
            deferred.clear()
            out.append(block)
            if block.kind not in ("caption", "table"):
                open_paragraph = None
    out.extend(deferred)
    return out


def _displaced_continuation(blocks: list[RawBlock], start: int, lookahead: int) -> int | None:
    for index in range(start, min(len(blocks), start + lookahead)):
        block = blocks[index]
        if block.kind == "heading":
            return None
        if block.kind == "paragraph":  # the next paragraph in reading order continues it, or none does
            return index if block.lines[0].text.strip()[:1].islower() else None
    return None


def _finished(block: RawBlock) -> bool:
    return bool(TERMINAL.search(block.lines[-1].text.strip()))


def _continues(previous: RawBlock, block: RawBlock) -> bool:
    if _finished(previous):
        return False
    first = block.lines[0].text.strip()
    last = previous.lines[-1].text.strip()
    return bool(first) and (first[0].islower() or first[0] in "[(,;" or last[-1:] in HYPHENS or last[-1:] in ",;(")


# --- rendering ---------------------------------------------------------------------


_NEEDS_SQUEEZE = re.compile(r"^\s|\s\s|[^\S ]|[\u00ad\u200b]")  # leading or repeated space, tabs, soft hyphens
_ASCII_BREAKS = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # the ASCII white space other than the space


def _needs_squeeze(text: str) -> bool:
    """``_NEEDS_SQUEEZE.search(text)``, answered for an ASCII line by substring tests (the pattern tries each
    of its branches at every character)."""
    if not text.isascii():
        return _NEEDS_SQUEEZE.search(text) is not None
    return text[:1].isspace() or "  " in text or any(c in text for c in _ASCII_BREAKS)


def _squeeze(line: Line) -> tuple[str, Sequence[int], bool]:
    """Characters and ids of a line with white space runs folded to one space.

    The flag says the line ended in a soft (discretionary) hyphen.
    """
    text = fold_characters(line.text).rstrip()
    if not _needs_squeeze(text):  # most lines: nothing to fold or drop
        return text, line.src[: len(text)], False
    chars: list[str] = []
    ids: list[int] = []
    soft_end = text.endswith("\u00ad")
    for char, src in zip(text, line.src):
        if char in "\u00ad\u200b":
            continue  # soft hyphen / zero-width space
        if char.isspace():
            if not chars or chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        ids.append(src)
    if soft_end:
        chars.append("-")
        ids.append(line.src[len(text) - 1])
    return "".join(chars), ids, soft_end


def _ending(pieces: list[str], size: int = 64) -> str:
    """The last ``size`` characters of the pieces joined."""
    taken, count = [], 0
    for piece in reversed(pieces):
        taken.append(piece)
        count += len(piece)
        if count >= size:
            break
    return "".join(reversed(taken))[-size:]


def render_block(lines: list[Line], counts: WordCounts) -> tuple[str, list[int]]:
    """Join a block's lines into one string, resolving line-end hyphens (the text is kept as one piece per
    line, none of them empty, until the end)."""
    pieces: list[str] = []
    ids: list[int] = []
    soft_break = False
    for line in lines:
        line_text, line_ids, soft_end = _squeeze(line)
        if not line_text:
            continue
        if pieces:
            last = pieces[-1][-1]
            left = left_fragment(_ending(pieces)) if last in HYPHENS else None
            right = right_fragment(line_text[:64]) if left else None
            if left and right:
                if soft_break or not keep_hyphen(left, right, counts):
                    pieces[-1] = pieces[-1][:-1]
                    if not pieces[-1]:
                        pieces.pop()
                    ids.pop()
            elif last in "/\u2013" or (last in HYPHENS and line_text[0].isalnum()):
                pass  # CD9/CD63/ + CD81, [3– + 6], ESCRT- + II
            else:
                pieces.append(" ")
                ids.append(-1)
        pieces.append(line_text)
        ids.extend(line_ids)
        soft_break = soft_end
    return "".join(pieces), ids


def typical_line_length(blocks: Iterable[RawBlock]) -> float:
    lengths = sorted(len(line.text.strip()) for b in blocks for line in b.lines if len(line.text.strip()) > 20)
    return float(lengths[len(lengths) // 2]) if lengths else 0.0


def build_document(
    blocks: list[RawBlock],
    *,
    doc_id: str,
    source: str,
    sha256: str,
    fmt: str,
    pages: int,
    positions: SourcePositions,
) -> Document:
    """Assign roles, rejoin paragraphs and render the clean text with its offset map."""
    counts = WordCounts(line.text for b in blocks for line in b.lines)
    blocks = split_inline_labels(blocks)
    blocks = assign_roles(blocks, typical_line_length(blocks))
    blocks = mark_front_and_references(blocks)
    references = _reference_entries([b for b in blocks if b.kind == "references"], counts)
    blocks = join_broken_paragraphs([b for b in blocks if b.kind != "references" and b.lines])

    text_parts: list[str] = []
    offsets: list[int] = []
    out_blocks: list[Block] = []
    section = ""
    cursor = 0
    for block in blocks:
        text, ids = render_block(block.lines, counts)
        if not text:
            continue
        if block.kind == "heading":
            section = re.sub(r"\s+", " ", NUMBERING.sub("", text)).strip()
        if out_blocks:
            text_parts.append("\n\n")
            offsets.extend((-1, -1))
            cursor += 2
        out_blocks.append(Block(block.kind, cursor, cursor + len(text), block.page, section))
        text_parts.append(text)
        offsets.extend(ids)
        cursor += len(text)
    full_text = "".join(text_parts)
    return Document(
        doc_id=doc_id,
        source=source,
        sha256=sha256,
        format=fmt,
        pages=pages,
        text=full_text,
        blocks=out_blocks,
        citations=find_citations(full_text),
        references=[r for r in references if r],
        offsets=np.asarray(offsets, dtype=np.int64),
        positions=positions,
    )


_ENTRY_START = re.compile(r"^(?:\[\d{1,4}\]|\d{1,4}\.\s)")


def _reference_entries(blocks: list[RawBlock], counts: WordCounts) -> list[str]:
    """The reference list as one string per entry (``[12] ...`` or ``12. ...`` starts one)."""
    entries: list[list[Line]] = []
    for block in blocks:
        if block.lines and section_key(block.text) in REFERENCE_SECTIONS:
            continue
        for index, line in enumerate(block.lines):
            if not entries or _ENTRY_START.match(line.text.strip()) or (index == 0 and not _numbered(entries)):
                entries.append([line])
            else:
                entries[-1].append(line)
    return [text for text in (render_block(lines, counts)[0] for lines in entries) if text]


def _numbered(entries: list[list[Line]]) -> bool:
    return bool(entries) and bool(_ENTRY_START.match(entries[0][0].text.strip()))
