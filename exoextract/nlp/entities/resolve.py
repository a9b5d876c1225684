"""One mention per place: what the passes found, reduced to the mentions the paper gets."""

from __future__ import annotations

from bisect import bisect_right

from exoextract.nlp.entities.context import Found
from exoextract.records import ENTITY_TYPES

TYPE_PRIORITY = {"MIRNA": 0, "EXOSOME": 1, "CELL_TYPE": 2, "MARKER": 3, "OUTCOME": 4, "NEOPLASM": 5}


def resolve(found: list[Found], skip: tuple[tuple[int, int], ...]) -> list[Found]:
    """Output types only, none inside a skipped range; where readings overlap, the longer wins,
    and an exosome population may hold its source cell."""
    skipped = SkipRanges(skip)
    found = [f for f in found if f.type in ENTITY_TYPES and not skipped.overlaps(f.start, f.end)]
    # a total order: ties between equally long readings must not depend on set or hash order
    # and a reading with an identifier beats the same reading without one
    ordered = sorted(set(found), key=lambda f: (f.start, -f.length, TYPE_PRIORITY[f.type], not f.id, f.id, f.name,
                                                f.method))
    kept: list[Found] = []
    reaching: list[Found] = []  # kept mentions that reach past the current start (the only possible clashes)
    for item in ordered:
        reaching = [other for other in reaching if other.end > item.start]
        if not any(_clash(item, other) for other in reaching):
            kept.append(item)
            reaching.append(item)
    return sorted(kept, key=lambda f: (f.start, f.end, f.type))


def _clash(item: Found, other: Found) -> bool:
    if not (item.start < other.end and other.start < item.end):
        return False
    if item.type == other.type:
        return True
    return {item.type, other.type} != {"EXOSOME", "CELL_TYPE"}


class SkipRanges:
    """Character ranges no mention may touch, merged and sorted for binary search."""

    def __init__(self, ranges: tuple[tuple[int, int], ...]):
        merged: list[list[int]] = []
        for start, end in sorted(r for r in ranges if r[1] > r[0]):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def overlaps(self, start: int, end: int) -> bool:
        position = bisect_right(self.starts, end - 1) - 1  # the last range starting before ``end``
        return position >= 0 and self.ends[position] > start
