"""Roles of blocks: headings, captions, section names, front matter and the reference list."""

from __future__ import annotations

import re

from exoextract.ingest.lines import Line, RawBlock

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
NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Z]\.)\s+")
TERMINAL = re.compile(r"[.!?:][\"'\u201d\u2019)\]]*$")


def section_key(text: str) -> str:
    """``'2. Materials and Methods:'`` -> ``'materials and methods'``."""
    text = NUMBERING.sub("", text.strip())
    text = re.sub(r"[\u2019'`]", "", text).rstrip(":. ").lower()
    return re.sub(r"\s+", " ", text)


def looks_like_heading(text: str) -> bool:
    """A short line that could title a section: no sentence end, not a fragment."""
    text = text.strip()
    if not text or len(text) > 100 or len(text.split()) > 12:
        return False
    if text[-1] in ",;-\u2010" or (text[-1] == "." and not NUMBERING.match(text)):
        return False
    first = NUMBERING.sub("", text)[:1]
    return first.isupper() or first.isdigit()


# --- block roles ---------------------------------------------------------------


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
    if previous is not None and previous.kind == "paragraph" and not TERMINAL.search(previous.lines[-1].text.strip()):
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
        if narrow and (size == 1 or not TERMINAL.search(lines[0].text.strip())):
            return size
    return 0


NOT_CONTENT = re.compile(
    r"\u00a9|copyright|licen[cs]e|creative commons|open access|correspond|@|"
    r"\b(?:received|accepted|published|revised)\s*:?\s*\d|\beditor\b|\bdoi\b|https?://|\bvolume\b|"
    r"\barticle id\b|\buniversity\b|\bdepartment\b|\bhospital\b|\binstitute\b",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?](?:\s+[A-Z(]|$)")


def keep_title_and_abstract(front: list[RawBlock]) -> None:
    """Title and abstract are content; author lists, affiliations, dates and licence lines are not.

    The title is the front block in the largest type (PDF), or the first that reads as a title (text);
    an abstract is front prose of several sentences.
    """
    candidates = [b for b in front if b.kind == "front" and _title_like(b.text)]
    if candidates:
        largest = max(candidates, key=lambda b: max(line.size for line in b.lines))
        title = largest if max(line.size for line in largest.lines) > 0 else candidates[0]
        title.kind = "title"
        following = front.index(title) + 1
        if following < len(front) and front[following].kind == "front" and title.lines[0].size > 0:
            rest = front[following]  # a title set on two lines the reader kept apart
            if rest.lines[0].size == title.lines[0].size and not NOT_CONTENT.search(rest.text):
                rest.kind = "title"
    for block in front:
        words = block.text.split()
        if block.kind == "front" and len(words) >= 40 and len(SENTENCE_END.findall(block.text)) >= 2 and not (
            NOT_CONTENT.search(block.text)
        ):
            block.kind = "paragraph"


def _title_like(text: str) -> bool:
    words = text.split()
    return (4 <= len(words) <= 40 and not NOT_CONTENT.search(text) and text.count(",") < 3
            and not re.search(r"[a-z]\d\b|,\d", text) and text.rstrip()[-1:] != ".")  # "Obuobie3", "Dacruz,1"


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
        keep_title_and_abstract(blocks[:first_section])
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
