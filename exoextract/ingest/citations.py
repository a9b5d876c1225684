"""Reference brackets in running text: ``[12]``, ``[8-10]``, ``[3–6, 93, 94]``, ``(Smith et al., 2010)``."""

from __future__ import annotations

import re

from exoextract.document import Citation

_NUMBERED = re.compile(
    r"\[\s*(\d{1,4}(?:\s*[-\u2013\u2014,;]\s*\d{1,4})*)\s*\]"
)
_AUTHOR_YEAR = re.compile(
    r"\((?:see\s+)?[A-Z][\w'\u2019\-]+(?:\s+(?:et\s+al\.?|and\s+[A-Z][\w'\u2019\-]+))?,?\s+(?:19|20)\d{2}[a-z]?"
    r"(?:\s*;\s*[A-Z][\w'\u2019\-]+(?:\s+(?:et\s+al\.?|and\s+[A-Z][\w'\u2019\-]+))?,?\s+(?:19|20)\d{2}[a-z]?)*\)"
)
_RANGE_LIMIT = 200


def _expand(numbers: str) -> tuple[int, ...]:
    refs: list[int] = []
    for part in re.split(r"\s*[,;]\s*", numbers):
        bounds = re.split(r"\s*[-\u2013\u2014]\s*", part)
        if len(bounds) == 2 and bounds[0] and bounds[1]:
            low, high = int(bounds[0]), int(bounds[1])
            if low <= high and high - low <= _RANGE_LIMIT:
                refs.extend(range(low, high + 1))
                continue
        refs.extend(int(b) for b in bounds if b)
    return tuple(refs)


def find_citations(text: str) -> list[Citation]:
    """All reference brackets of ``text``, in order; author-year ones carry no numbers."""
    found = [Citation(m.start(), m.end(), _expand(m.group(1))) for m in _NUMBERED.finditer(text)]
    found += [Citation(m.start(), m.end(), ()) for m in _AUTHOR_YEAR.finditer(text)]
    return sorted(found, key=lambda c: c.start)
