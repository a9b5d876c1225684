"""Cellosaurus: named cell lines, with the synonyms EFO gives the same lines (``U87`` for U-87MG ATCC)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from exoextract.kb.concepts import Concept
from exoextract.kb.normalize import normalize
from exoextract.kb.sources.files import SourceFile

_LINE_SUFFIX = re.compile(r"\s+(?:ATCC|cells?|cell lines?)$", re.IGNORECASE)


def line_key(name: str) -> str:
    """``U-87MG ATCC``, ``U-87 MG cell`` -> ``u87mg``: how two vocabularies' names of one line meet."""
    return normalize(_LINE_SUFFIX.sub("", name.strip()))


def efo_synonyms(source: SourceFile) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """EFO's names for cell lines: by Cellosaurus id (its RRID cross-references) and by line key."""
    by_id: dict[str, list[str]] = {}
    by_key: dict[str, list[str]] = {}
    for term in json.loads(source.path.read_text(encoding="utf-8")):
        names = [term.get("name") or "", *(term.get("synonyms") or [])]
        names = list(dict.fromkeys(_LINE_SUFFIX.sub("", n.strip()) for n in names if n and n.strip()))
        for xref in term.get("xrefs") or []:
            if xref.get("namespace") == "RRID" and str(xref.get("id", "")).startswith("CVCL_"):
                by_id.setdefault(xref["id"], []).extend(names)
        if names:
            by_key.setdefault(line_key(names[0]), []).extend(names)
    return by_id, by_key


SUBCLONE = re.compile(r"^(?P<line>[A-Za-z][\w.-]*[A-Za-z0-9])\s?\([^()]+\)$")  # "H9c2(2-1)", a line's subclone


def cell_lines(terms: dict[str, dict], efo: SourceFile | None = None) -> Iterator[Concept]:
    """Cellosaurus cell lines by their names, and EFO's synonyms of the same lines."""
    by_id, by_key = efo_synonyms(efo) if efo is not None else ({}, {})
    labels = [t.get("label") or "" for i, t in terms.items() if i.startswith("CVCL_") and not t.get("deprecated")]
    named = {line_key(label) for label in labels}
    parents: dict[str, int] = {}
    for label in labels:
        subclone = SUBCLONE.match(label)
        if subclone:
            parents[line_key(subclone.group(1))] = parents.get(line_key(subclone.group(1)), 0) + 1
    for identifier, term in sorted(terms.items()):
        label = term.get("label")
        if not identifier.startswith("CVCL_") or not label or term.get("deprecated"):
            continue
        concept = Concept(identifier, label, "CELL_TYPE", "cellosaurus")
        concept.aliases.append((label, "cell_line"))
        concept.aliases += [(s, "cell_line") for s in term.get("synonyms") or []]
        extra = by_id.get(identifier) or by_key.get(line_key(label), [])
        concept.aliases += [(s, "cell_line") for s in extra if s]
        subclone = SUBCLONE.match(label)
        if subclone and line_key(subclone.group(1)) not in named and parents[line_key(subclone.group(1))] == 1:
            concept.aliases.append((subclone.group(1), "cell_line"))  # H9c2(2-1): the line is written H9c2
        yield concept
