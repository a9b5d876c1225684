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
        for number, identifier in enumerate(self.kb.ids):
            if identifier.startswith("CL:"):
                for parent in self.kb.parents[number].split("|"):
                    if parent:
                        children.setdefault(parent, []).append(identifier)

        def descendants(identifier: str, seen: set[str]) -> set[str]:
            for child in children.get(identifier, []):
                if child not in seen:
                    seen.add(child)
                    descendants(child, seen)
            return seen

        return frozenset(i for i in children if len(descendants(i, set())) > GENERIC_CELL_DESCENDANTS)

    def positive_class(self, marker: str, head: str) -> tuple[str, str] | None:
        """(id, label) of the most general class named ``<marker>-positive ... <head>``."""
        key = (marker.lower(), normalize(head))
        if key not in self._positive:
            wanted = f"{key[0]}-positive"
            options = [
                (-self.kb.ranks[n], len(name), self.kb.ids[n], name)
                for n, name in enumerate(self.kb.names)
                if self.kb.types[n] == "CELL_TYPE" and name.lower().startswith(wanted)
                and normalize(name).endswith(key[1])
            ]
            self._positive[key] = min(options)[2:] if options else None
        return self._positive[key]
