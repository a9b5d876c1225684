"""One mention per place: what the passes found, reduced to the mentions the paper gets."""

from __future__ import annotations

from exoextract.nlp.entities.context import Found
from exoextract.records import ENTITY_TYPES

TYPE_PRIORITY = {"MIRNA": 0, "EXOSOME": 1, "CELL_TYPE": 2, "MARKER": 3, "OUTCOME": 4, "NEOPLASM": 5}


def resolve(found: list[Found], skip: tuple[tuple[int, int], ...]) -> list[Found]:
    """Output types only, none inside a skipped range; where readings overlap, the longer wins,
    and an exosome population may hold its source cell."""
    found = [f for f in found if f.type in ENTITY_TYPES and not _inside(f, skip)]
    # a total order: ties between equally long readings must not depend on set or hash order
    ordered = sorted(set(found), key=lambda f: (f.start, -f.length, TYPE_PRIORITY[f.type], f.id, f.name, f.method))
    kept: list[Found] = []
    for item in ordered:
        if not any(_clash(item, other) for other in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: (f.start, f.end, f.type))


def _clash(item: Found, other: Found) -> bool:
    if not (item.start < other.end and other.start < item.end):
        return False
    if item.type == other.type:
        return True
    return {item.type, other.type} != {"EXOSOME", "CELL_TYPE"}


def _inside(found: Found, skip: tuple[tuple[int, int], ...]) -> bool:
    return any(found.start < end and start < found.end for start, end in skip)
