"""The records every stage hands on, and the columns of every table: no spaCy, no pandas.

``docs/ANNOTATION.md`` fixes the entity types and predicates; ``docs/tables.md``
describes the columns. Tables, evaluation and diffs import only this module,
so reading a TSV never loads the NLP stack.
"""

from __future__ import annotations

from dataclasses import dataclass

from exoextract.document import Document

ENTITY_TYPES = ("MARKER", "MIRNA", "CELL_TYPE", "EXOSOME", "OUTCOME")  # also the order of concept rows
PREDICATES = ("carries", "marker_of", "promotes", "inhibits", "targets")
TYPE_ORDER = {name: rank for rank, name in enumerate(ENTITY_TYPES)}

DOCUMENT_COLUMNS = ("doc_id", "source", "sha256", "pages", "characters", "sentences")
MENTION_COLUMNS = (
    "doc_id", "sentence_id", "start", "end", "page", "text", "type", "id", "name", "method", "section", "sentence",
)
CONCEPT_COLUMNS = ("doc_id", "type", "id", "name", "example", "mentions")
RELATION_COLUMNS = (
    "doc_id", "subject_type", "subject_id", "subject_name", "predicate", "object_type", "object_id", "object_name",
    "hedged", "negated", "confidence", "trigger", "sentence_id", "page", "evidence",
)
TABLE_COLUMNS = {
    "documents": DOCUMENT_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "concepts": CONCEPT_COLUMNS,
    "relations": RELATION_COLUMNS,
}
TABLE_NAMES = tuple(TABLE_COLUMNS)
TABLE_FORMATS = ("tsv", "parquet")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the clean text (the title counts as one)."""

    id: int
    start: int
    end: int
    page: int
    text: str


@dataclass(frozen=True)
class Mention:
    """One occurrence of a concept, with offsets in the clean text."""

    start: int
    end: int
    text: str
    type: str
    id: str
    name: str
    method: str
    sentence_id: int
    page: int
    section: str
    sentence: str = ""


@dataclass(frozen=True)
class Relation:
    """A claim of the paper: subject, predicate, object, its flags and the sentence that states it."""

    subject_type: str
    subject_id: str
    subject_name: str
    predicate: str
    object_type: str
    object_id: str
    object_name: str
    hedged: bool
    negated: bool
    sentence_id: int
    evidence: str
    page: int
    trigger: str = ""
    confidence: float = 1.0

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """One row per distinct triple: ends compared by identifier, else by name."""
        return (self.subject_type, self.subject_id or self.subject_name.lower(), self.predicate,
                self.object_type, self.object_id or self.object_name.lower())

    @property
    def directness(self) -> tuple[bool, bool, float, int]:
        """Sort key of the statement that speaks for a triple: unhedged, affirmed, confident, early."""
        return self.hedged, self.negated, -self.confidence, self.sentence_id


def distinct_relations(relations) -> tuple[Relation, ...]:
    """One relation per triple, from its most direct statement (ANNOTATION.md), in text order."""
    best: dict[tuple, Relation] = {}
    for relation in relations:
        held = best.get(relation.key)
        if held is None or relation.directness < held.directness:
            best[relation.key] = relation
    return tuple(sorted(best.values(), key=lambda r: (r.sentence_id, TYPE_ORDER[r.subject_type], r.key)))


@dataclass(frozen=True)
class PaperResult:
    """Everything exoextract learned from one paper: the one hand-off from processing to outputs."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...] = ()

    @property
    def doc_id(self) -> str:
        return self.document.doc_id
