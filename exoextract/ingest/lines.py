"""The shape both readers hand to the layout stage: lines in reading order, grouped in raw blocks."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

HYPHENS = "-\u2010\u2011\u00ad"
_HYPHEN_FOLD = str.maketrans({"\u2010": "-", "\u2011": "-"})
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
)


@dataclass
class Line:
    """One printed line; ``src`` holds a source position id per character (-1 when inserted): a list, or
    for a text file's line the range of its offsets."""

    text: str
    src: Sequence[int]
    page: int
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False

    def slice(self, start: int, end: int | None = None) -> Line:
        """The characters ``start:end`` with their ids, on the same printed line."""
        return Line(
            self.text[start:end], self.src[start:end], self.page, self.x0, self.top, self.x1,
            self.bottom, self.size, self.bold,
        )

    def strip(self) -> Line:
        """Drop surrounding white space, keeping ``src`` aligned."""
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return self if (left, right) == (0, len(self.text)) else self.slice(left, right)


@dataclass
class RawBlock:
    """Lines the reader saw as one visual unit (a paragraph, a caption, a header line...)."""

    lines: list[Line]
    kind: str = "paragraph"
    meta: dict = field(default_factory=dict)

    @property
    def page(self) -> int:
        return self.lines[0].page if self.lines else 1

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


def fold_characters(text: str) -> str:
    """Same-length character folding: typographic hyphens to '-', nothing else."""
    if text.isascii():
        return text  # most lines (``translate`` looks every character up)
    return text.translate(_HYPHEN_FOLD)


def expand_ligatures(text: str) -> str:
    """Ligatures to letters; mathematical italic/bold letters (𝛼, 𝑁) to plain ones."""
    text = text.translate(_LIGATURES)
    if any("\U0001d400" <= c <= "\U0001d7ff" for c in text):
        text = "".join(unicodedata.normalize("NFKC", c) if "\U0001d400" <= c <= "\U0001d7ff" else c for c in text)
    return text
