"""From raw blocks in reading order to a Document: the steps PDF and text share.

Page furniture goes, headings and captions get their role, the reference
list leaves the body, paragraphs broken by a column, page or caption are
joined again, and line-end hyphens are resolved. Every character keeps its
source position id, so the offset map survives all of it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import numpy as np

from exoextract.document import Block, Document, SourcePositions
from exoextract.ingest.citations import find_citations
from exoextract.ingest.hyphenation import count_words, keep_hyphen, left_fragment, right_fragment
from exoextract.ingest.lines import HYPHENS, Line, RawBlock, fold_characters

SECTION_NAMES = frozenset(
    {
        "abstract", "summary", "introduction", "background", "methods", "materials and methods",
        "methods and materials", "material and methods", "experimental procedures", "results",
        "discussion", "results and discussion", "conclusion", "conclusions", "concluding remarks",
        "conclusions and perspectives", "future perspectives", "perspectives", "outlook",
        "acknowledgments", "acknowledgements", "acknowledgment", "acknowledgement", "funding",
        "abbreviations", "keywords", "conflict of interests", "conflict of interest",
        "conflicts of interest", "competing interests", "disclosure", "declarations",
        "authors contributions", "author contributions", "authors contribution",
        "case report", "case presentation", "limitations", "references", "bibliography",
        "literature cited", "reference list", "supplementary material", "data availability",
    }
)
REFERENCE_SECTIONS = frozenset({"references", "bibliography", "literature cited", "reference list"})
FRONT_END_SECTIONS = frozenset({"abstract", "summary", "introduction", "background", "keywords"})

CAPTION_START = re.compile(
    r"^(?:fig(?:ure)?s?\.?|table|scheme|box|chart|plate)\s*[A-Z]?\d+[A-Za-z]?(?:\s*[.:|]|\s+[A-Z(])",
    re.IGNORECASE,
)
_INLINE_LABEL = re.compile(r"^(Abstract|Summary|Background|Keywords|Key words)\s*[:.\u2014\u2013]\s*(?=\S)")
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Z]\.)\s+")
_PAGE_NUMBER = re.compile(
    r"^[-\u2013\u2014\s]*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-\u2013\u2014\s]*$", re.IGNORECASE
)
_PAGE_OF = re.compile(r"^page\s+\d{1,4}\s+of\s+\d{1,4}", re.IGNORECASE)
_JOURNAL_LINE = re.compile(
    r"(?:19|20)\d{2}\s*[;,]\s*\d+\s*\(\s*\d+\s*\)\s*:\s*\d+"  # 2018;8(11):2165
    r"|\((?:19|20)\d{2}\)\s*\d+\s*:\s*\d+"  # (2015) 34:46
    r"|\bdoi\s*:?\s*10\.\d{4,}/|^https?://\S+$"
    r"|\bvol(?:ume)?\.?\s*\d+\s*,\s*(?:no\.|issue|article|pp)",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?:][\"'\u201d\u2019)\]]*$")
MAX_FURNITURE_CHARS = 140


def section_key(text: str) -> str:
    """``'2. Materials and Methods:'`` -> ``'materials and methods'``."""
    text = _NUMBERING.sub("", text.strip())
    text = re.sub(r"[\u2019'`]", "", text).rstrip(":. ").lower()
    return re.sub(r"\s+", " ", text)


def furniture_key(text: str) -> str:
    """Running titles differ only by page numbers; compare them without digits or spaces."""
    text = _PAGE_OF.sub("", text.strip())
    return re.sub(r"[\W\d_]+", "", text.lower())


def is_furniture_text(text: str) -> bool:
    """Page numbers and journal citation lines, whatever page they are on."""
    text = text.strip()
    if not text:
        return True
    if _PAGE_NUMBER.match(text) or _PAGE_OF.match(text):
        return True
    return len(text) <= MAX_FURNITURE_CHARS and bool(_JOURNAL_LINE.search(text))


def is_garbled(text: str) -> bool:
    """A line from a font without a usable text encoding (cid codes, control or private-use chars)."""
    if "(cid:" in text:
        return True
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return False
    odd = sum(1 for c in visible if ord(c) < 32 or 0xE000 <= ord(c) <= 0xF8FF or c == "\ufffd")
    return odd / len(visible) > 0.2


def looks_like_heading(text: str) -> bool:
    """A short line that could title a section: no sentence end, not a fragment."""
    text = text.strip()
    if not text or len(text) > 100 or len(text.split()) > 12:
        return False
    if text[-1] in ",;-\u2010" or (text[-1] == "." and not _NUMBERING.match(text)):
        return False
    first = _NUMBERING.sub("", text)[:1]
    return first.isupper() or first.isdigit()


# --- block roles -----------------------------------------------------------------


def split_inline_labels(blocks: list[RawBlock]) -> list[RawBlock]:
    """``Abstract: Exosomes are...`` becomes a heading block and a paragraph."""
    out: list[RawBlock] = []
    for block in blocks:
        first = block.lines[0] if block.lines else None
        match = _INLINE_LABEL.match(first.text) if first else None
        if block.kind != "paragraph" or not match:
            out.append(block)
            continue
        out.append(RawBlock([first.slice(0, len(match.group(1)))], "heading"))
        out.append(RawBlock([first.slice(match.end()), *block.lines[1:]], "paragraph", dict(block.meta)))
    return out


def assign_roles(blocks: list[RawBlock], typical_line: float) -> list[RawBlock]:
    """Mark captions and headings; split a heading line off the paragraph it tops (text files)."""
    out: list[RawBlock] = []
    for index, block in enumerate(blocks):
        if block.kind != "paragraph":
            out.append(block)
            continue
        first = block.lines[0].text
        if CAPTION_START.match(first):
            block.kind = "caption"
            out.append(block)
            continue
        if len(block.lines) == 1 and _is_heading_block(block, blocks, index):
            block.kind = "heading"
            out.append(block)
            continue
        for part in _split_at_section_names(block):
            lines = list(part.lines)
            while size := _tops_paragraph(lines, typical_line, out):
                out.append(RawBlock(lines[:size], "heading"))
                lines = lines[size:]
            part.lines = lines
            out.append(part)
    return out


def _split_at_section_names(block: RawBlock) -> list[RawBlock]:
    """A line that is exactly a section name ('Introduction') is a heading wherever it sits."""
    parts: list[RawBlock] = []
    current: list[Line] = []
    for line in block.lines:
        if len(block.lines) > 1 and len(line.text) < 40 and section_key(line.text) in SECTION_NAMES:
            if current:
                parts.append(RawBlock(current, block.kind, dict(block.meta)))
            parts.append(RawBlock([line], "heading"))
            current = []
        else:
            current.append(line)
    if current:
        parts.append(RawBlock(current, block.kind, dict(block.meta)))
    return parts


def _is_heading_block(block: RawBlock, blocks: list[RawBlock], index: int) -> bool:
    text = block.lines[0].text
    if section_key(text) in SECTION_NAMES and len(text) < 60:
        return True
    if block.meta.get("heading"):
        return looks_like_heading(text)
    if block.meta.get("layout") == "pdf":
        return False  # the PDF reader has font evidence; without it a short line is a paragraph end
    following = blocks[index + 1].lines[0].text.strip() if index + 1 < len(blocks) and blocks[index + 1].lines else ""
    return looks_like_heading(text) and bool(following) and not following[0].islower()


def _tops_paragraph(lines: list[Line], typical_line: float, done: list[RawBlock]) -> int:
    """In plain text a heading often sits on the one or two lines right above its paragraph.

    Returns how many leading lines form that heading (0 when none do).
    """
    previous = next((b for b in reversed(done) if b.kind in ("paragraph", "heading")), None)
    if previous is not None and previous.kind == "paragraph" and not _TERMINAL.search(previous.lines[-1].text.strip()):
        return 0  # the paragraph above is unfinished: these lines continue it
    for size in (1, 2):
        if len(lines) <= size:
            return 0
        head = " ".join(line.text.strip() for line in lines[:size])
        after = lines[size].text.strip()
        if not after or not after[0].isupper() or not looks_like_heading(head):
            continue
        if section_key(head) in SECTION_NAMES:
            return size
        widths = [len(line.text.strip()) for line in lines[:size]]
        narrow = typical_line > 0 and max(widths) < typical_line
        if narrow and (size == 1 or not _TERMINAL.search(lines[0].text.strip())):
            return size
    return 0


def mark_front_and_references(blocks: list[RawBlock]) -> list[RawBlock]:
    """Front matter before the first section heading; the reference list after its heading."""
    first_section = next(
        (i for i, b in enumerate(blocks) if b.kind == "heading" and section_key(b.text) in FRONT_END_SECTIONS),
        None,
    )
    if first_section is not None:
        for block in blocks[:first_section]:
            if block.kind in ("paragraph", "heading"):
                block.kind = "front"
    in_references = False
    for block in blocks:
        if block.kind == "heading":
            key = section_key(block.text)
            if key in REFERENCE_SECTIONS:
                in_references = True
                block.kind = "references"
                continue
            if key in SECTION_NAMES:
                in_references = False
        if in_references:
            block.kind = "references"
    return blocks


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
        if block.kind == "paragraph" and block.lines[0].text.strip()[:1].islower():
            return index
    return None


def _finished(block: RawBlock) -> bool:
    return bool(_TERMINAL.search(block.lines[-1].text.strip()))


def _continues(previous: RawBlock, block: RawBlock) -> bool:
    if _finished(previous):
        return False
    first = block.lines[0].text.strip()
    last = previous.lines[-1].text.strip()
    return bool(first) and (first[0].islower() or first[0] in "[(,;" or last[-1:] in HYPHENS or last[-1:] in ",;(")


# --- rendering ---------------------------------------------------------------------


def _squeeze(line: Line) -> tuple[list[str], list[int], bool]:
    """Characters and ids of a line with white space runs folded to one space.

    The flag says the line ended in a soft (discretionary) hyphen.
    """
    chars: list[str] = []
    ids: list[int] = []
    text = fold_characters(line.text).rstrip()
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
    return chars, ids, soft_end


def render_block(lines: list[Line], counts: Counter[str]) -> tuple[str, list[int]]:
    """Join a block's lines into one string, resolving line-end hyphens."""
    chars: list[str] = []
    ids: list[int] = []
    soft_break = False
    for line in lines:
        line_chars, line_ids, soft_end = _squeeze(line)
        if not line_chars:
            continue
        if chars:
            left = left_fragment("".join(chars[-64:]))
            right = right_fragment("".join(line_chars[:64]))
            if left and right:
                if soft_break or not keep_hyphen(left, right, counts):
                    chars.pop()
                    ids.pop()
            elif chars[-1] in "/\u2013" or (chars[-1] in HYPHENS and line_chars[0].isalnum()):
                pass  # CD9/CD63/ + CD81, [3– + 6], ESCRT- + II
            else:
                chars.append(" ")
                ids.append(-1)
        chars.extend(line_chars)
        ids.extend(line_ids)
        soft_break = soft_end
    return "".join(chars), ids


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
    counts = count_words(line.text for b in blocks for line in b.lines)
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
            section = re.sub(r"\s+", " ", _NUMBERING.sub("", text)).strip()
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


def _reference_entries(blocks: list[RawBlock], counts: Counter[str]) -> list[str]:
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
