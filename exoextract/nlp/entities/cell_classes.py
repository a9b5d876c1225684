"""Views of the Cell Ontology the passes need, computed once per knowledge base."""

from __future__ import annotations

from functools import cached_property

from exoextract.kb import KnowledgeBase
from exoextract.kb.normalize import normalize

GENERIC_CELL_DESCENDANTS = 1500  # a class above this many subclasses is too general to be a cell type


class CellClasses:
    """Which classes are too general to name a cell type, and the ``<marker>-positive`` classes."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._positive: dict[tuple[str, str], tuple[str, str] | None] = {}

    @cached_property
    def generic(self) -> frozenset[str]:
        """Cell Ontology classes too general to name a cell type (``cell``, ``eukaryotic cell``)."""
        children: dict[str, list[str]] = {}
        for identifier, parents in zip(self.kb.ids, self.kb.parents):
            if identifier.startswith("CL:"):
                for parent in parents.split("|"):
                    if parent:
                        children.setdefault(parent, []).append(identifier)

        # each class's descendants as a set of bits (one per class), computed once (the graph is a DAG): the
        # unions are integer ORs
        bits: dict[str, int] = {}
        below: dict[str, int] = {}

        def descendants(identifier: str) -> int:
            found = below.get(identifier)
            if found is None:
                found = 0
                for child in children.get(identifier, ()):
                    bit = bits.get(child)
                    if bit is None:
                        bit = bits[child] = 1 << len(bits)
                    found |= bit | descendants(child)
                below[identifier] = found
            return found

        return frozenset(i for i in children if descendants(i).bit_count() > GENERIC_CELL_DESCENDANTS)

    @cached_property
    def _positive_names(self) -> dict[str, list[int]]:
        """Cell types named ``<marker>-positive ...``, by the marker written before ``-positive``."""
        index: dict[str, list[int]] = {}
        for number, name in enumerate(self.kb.names):
            if "ositive" not in name:  # most names: one substring test, no lower-casing
                continue
            lowered = name.lower()
            cut = lowered.find("-positive")
            if cut > 0 and self.kb.types[number] == "CELL_TYPE":
                index.setdefault(lowered[:cut], []).append(number)
        return index

    def warm(self) -> None:
        """Compute the views now (before worker processes fork, so they inherit them)."""
        _ = self.generic, self._positive_names

    def positive_class(self, marker: str, head: str) -> tuple[str, str] | None:
        """(id, label) of the most general class named ``<marker>-positive ... <head>``."""
        key = (marker.lower(), normalize(head))
        if key not in self._positive:
            numbers = (self._positive_names.get(key[0], []) if "-positive" not in key[0]
                       else range(len(self.kb.names)))
            wanted = f"{key[0]}-positive"
            options = [
                (-self.kb.ranks[n], len(self.kb.names[n]), self.kb.ids[n], self.kb.names[n])
                for n in numbers
                if self.kb.types[n] == "CELL_TYPE" and self.kb.names[n].lower().startswith(wanted)
                and normalize(self.kb.names[n]).endswith(key[1])
            ]
            self._positive[key] = min(options)[2:] if options else None
        return self._positive[key]
