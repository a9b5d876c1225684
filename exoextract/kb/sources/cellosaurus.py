"""Cellosaurus: named cell lines and their synonyms."""

from __future__ import annotations

from collections.abc import Iterator

from exoextract.kb.concepts import Concept


def cell_lines(terms: dict[str, dict]) -> Iterator[Concept]:
    """Cellosaurus cell lines by their names."""
    for identifier, term in sorted(terms.items()):
        label = term.get("label")
        if not identifier.startswith("CVCL_") or not label or term.get("deprecated"):
            continue
        concept = Concept(identifier, label, "CELL_TYPE", "cellosaurus")
        concept.aliases.append((label, "cell_line"))
        concept.aliases += [(s, "cell_line") for s in term.get("synonyms") or []]
        yield concept
