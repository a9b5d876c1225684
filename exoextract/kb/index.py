"""The compiled alias index: concepts in columns, normalized keys, and ``lookup``.

Stored in columns (lists of strings, arrays of numbers) rather than one
object per alias, so that the cached file loads in a fraction of a second.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from exoextract.kb import mirna as mirna_grammar
from exoextract.kb.aliases import (
    CASE_SENSITIVE,
    KIND_SCORE,
    NEEDS_CONTEXT,
    SYMBOL_KINDS,
    alias_flags,
    case_match,
    same_words,
)
from exoextract.kb.concepts import Concept
from exoextract.kb.normalize import normalize, singular

KB_TYPES = ("MARKER", "MIRNA", "CELL_TYPE", "OUTCOME", "NEOPLASM", "SOURCE")  # the last two are never output:
# tumour types (glioma cells are malignant cells) and vesicle sources (plasma, milk, ginger)
LOOKUP_MEMORY = 200_000  # remembered lookups per knowledge base before the memory starts again
COLUMN_NAMES = (
    "ids", "names", "types", "origins", "parents", "xrefs", "ranks", "keys", "starts", "entry_concept",
    "entry_alias", "entry_kind", "entry_flags", "kinds", "topics",
)


@dataclass(frozen=True)
class Candidate:
    """A concept an alias may stand for, and why it matched."""

    id: str
    name: str
    type: str
    source: str
    alias: str
    kind: str
    why: str
    score: float
    needs_context: bool
    ambiguous: bool


def _approved_symbol_as_written(candidate: Candidate, text: str) -> bool:
    """``TXN`` written as HGNC spells its approved symbol names that gene, before a FamPlex family or
    another gene that shares the string (as INDRA's grounding reads it)."""
    return candidate.kind == "symbol" and candidate.id.startswith("HGNC:") and candidate.alias == text


WRITTEN_BONUS = 0.03  # enough to pass a symbol kind one step up, not a curated grounding


def _written_bonus(candidate: Candidate, text: str) -> float:
    """``SP-D`` written with its hyphen is the gene whose alias is spelled so (SFTPD), before one whose
    previous symbol matches only with the hyphen folded away (HOXD13, once SPD)."""
    exact = candidate.kind in ("alias_symbol", "previous_symbol") and candidate.alias == text
    return WRITTEN_BONUS if exact else 0.0


@dataclass(frozen=True)
class ConceptRecord:
    """One concept as the index stores it."""

    id: str
    name: str
    type: str
    source: str
    parents: tuple[str, ...]
    xrefs: tuple[str, ...]
    rank: int


@dataclass(frozen=True)
class Entry:
    """One alias of one concept under a normalized key."""

    concept: int
    alias: str
    kind: str
    flags: int


def mirna_key(species: str, kind: str, number: str, letter: str) -> str:
    """The index key of the precursors a miRNA name can stand for."""
    return f"\x00mirna:{species}:{kind}:{number}:{letter}"


class KnowledgeBase:
    """Concepts and their aliases; ``lookup`` gives the candidates for a surface form."""

    def __init__(self, columns: dict, sources: dict[str, str]):
        self.sources = sources
        self.ids: list[str] = columns["ids"]
        self.names: list[str] = columns["names"]
        self.types: list[str] = columns["types"]
        self.origins: list[str] = columns["origins"]
        self.parents: list[str] = columns["parents"]
        self.xrefs: list[str] = columns["xrefs"]
        self.ranks: array = columns["ranks"]
        self.keys: list[str] = columns["keys"]
        self.starts: array = columns["starts"]
        self.entry_concept: array = columns["entry_concept"]
        self.entry_alias: list[str] = columns["entry_alias"]
        self.entry_kind: bytes = columns["entry_kind"]
        self.entry_flags: bytes = columns["entry_flags"]
        self.kinds: list[str] = columns["kinds"]
        self.topics: dict[int, str] = columns["topics"]  # concept number -> Concept.topic, where it has one
        self._key_set = frozenset(self.keys)  # membership; a key's position is a binary search (keys are sorted)
        self._topic_by_id = {self.ids[number]: topic for number, topic in self.topics.items() if self.ids[number]}
        self._looked_up: dict[tuple[str, tuple[str, ...] | None], tuple[Candidate, ...]] = {}
        self._prefixes: dict[str, bool] = {}  # has_prefix answers: scans ask about the same words in every paper

    def columns(self) -> dict:
        return {name: getattr(self, name) for name in COLUMN_NAMES}

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def compile(cls, concepts: list[Concept], mirna_keys: dict[str, list[int]], versions: dict[str, str],
                gene_context: frozenset[str] = frozenset()):
        """The index of every alias of every concept, under its normalized key.

        ``gene_context``: texts that mean something else in biomedical prose (a chemical, a technique, an
        anatomical site); as a gene symbol they need context, unless a curated grounding says gene.
        """
        index: dict[str, list[tuple[int, str, str, int]]] = defaultdict(list)
        flag_cache: dict[tuple[str, str], int] = {}
        for number, concept in enumerate(concepts):
            best: dict[tuple[str, str], str] = {}  # one entry per written form, of its best-scoring kind
            for text, kind in concept.aliases:
                text = " ".join(text.split())
                key = normalize(text)
                if key and KIND_SCORE.get(kind, 0.8) > KIND_SCORE.get(best.get((key, text), ""), -1.0):
                    best[(key, text)] = kind
            for (key, text), kind in best.items():
                flags = flag_cache.get((text, kind))
                if flags is None:
                    flags = flag_cache[(text, kind)] = alias_flags(text, kind)
                # an acronym also grounded to a chemical or process (ROS, STZ, ER): a gene only beside a molecular word
                acronym_grounding = kind == "grounding" and text.isupper()
                if text in gene_context and concept.type == "MARKER" and (kind in SYMBOL_KINDS or acronym_grounding):
                    flags |= NEEDS_CONTEXT | CASE_SENSITIVE
                index[key].append((number, text, kind, flags))
        for key, members in mirna_keys.items():
            index[key] = [(number, key, "mirna_grammar", 0) for number in members]
        kinds = sorted({kind for entries in index.values() for _, _, kind, _ in entries})
        kind_code = {kind: code for code, kind in enumerate(kinds)}
        keys = sorted(index)
        starts, entry_concept = array("I", [0]), array("i")
        entry_alias: list[str] = []
        entry_kind, entry_flags = bytearray(), bytearray()
        for key in keys:
            for number, text, kind, flags in index[key]:
                entry_concept.append(number)
                entry_alias.append(text)
                entry_kind.append(kind_code[kind])
                entry_flags.append(flags)
            starts.append(len(entry_concept))
        columns = {
            "ids": [c.id for c in concepts], "names": [c.name for c in concepts],
            "types": [sys.intern(c.type) for c in concepts], "origins": [sys.intern(c.source) for c in concepts],
            "parents": ["|".join(c.parents) for c in concepts], "xrefs": ["|".join(c.xrefs) for c in concepts],
            "ranks": array("i", [c.rank for c in concepts]), "keys": keys, "starts": starts,
            "entry_concept": entry_concept, "entry_alias": entry_alias, "entry_kind": bytes(entry_kind),
            "entry_flags": bytes(entry_flags), "kinds": kinds,
            "topics": {number: c.topic for number, c in enumerate(concepts) if c.topic},
        }
        return cls(columns, versions)

    # --- lookup ----------------------------------------------------------------------------

    def topic(self, identifier: str) -> str:
        """The subject a concept's topic synonyms need the paper to be about ("" when it has none)."""
        return self._topic_by_id.get(identifier, "")

    @cached_property
    def _by_id(self) -> dict[str, int]:
        """Concept numbers by identifier (built when first asked: processing papers never asks)."""
        return {identifier: i for i, identifier in enumerate(self.ids) if identifier}

    def concept(self, identifier_or_number: str | int) -> ConceptRecord | None:
        """A concept by identifier (``HGNC:1692``) or by its number in the KB."""
        number = identifier_or_number
        if isinstance(number, str):
            number = self._by_id.get(number)
            if number is None:
                return None
        return ConceptRecord(
            self.ids[number], self.names[number], self.types[number], self.origins[number],
            tuple(p for p in self.parents[number].split("|") if p),
            tuple(x for x in self.xrefs[number].split("|") if x),
            self.ranks[number],
        )

    def entries(self, key: str) -> list[Entry]:
        """Index entries under a normalized key."""
        if key not in self._key_set:
            return []
        position = bisect_left(self.keys, key)
        return [
            Entry(self.entry_concept[i], self.entry_alias[i], self.kinds[self.entry_kind[i]], self.entry_flags[i])
            for i in range(self.starts[position], self.starts[position + 1])
        ]

    def has_key(self, key: str) -> bool:
        return key in self._key_set

    def has_prefix(self, prefix: str) -> bool:
        """Whether some key starts with ``prefix`` (keys are sorted: one binary search, remembered)."""
        answer = self._prefixes.get(prefix)
        if answer is None:
            if len(self._prefixes) >= LOOKUP_MEMORY:
                self._prefixes.clear()
            position = bisect_left(self.keys, prefix)
            answer = self._prefixes[prefix] = position < len(self.keys) and self.keys[position].startswith(prefix)
        return answer

    def lookup(self, text: str, types: Iterable[str] | None = None) -> list[Candidate]:
        """Candidates for ``text``, best first; each says why it matched (remembered: papers repeat names)."""
        key = (text, tuple(types) if types else None)
        found = self._looked_up.get(key)
        if found is None:
            if len(self._looked_up) >= LOOKUP_MEMORY:
                self._looked_up.clear()
            found = self._looked_up[key] = tuple(self._lookup(text, key[1]))
        return list(found)

    def _lookup(self, text: str, types: tuple[str, ...] | None) -> list[Candidate]:
        wanted = set(types) if types else None
        found: dict[int, Candidate] = {}
        for number, candidate in self._candidates(text):
            if wanted and candidate.type not in wanted:
                continue
            best = found.get(number)
            if best is None or candidate.score > best.score:
                found[number] = candidate
        ambiguous = len({(c.type, c.id or c.name) for c in found.values()}) > 1
        ordered = sorted(found.items(), key=lambda item: (
            not _approved_symbol_as_written(item[1], text), -item[1].score - _written_bonus(item[1], text),
            -(self.ranks[item[0]] if item[0] >= 0 else 0), item[1].id or item[1].name))
        return [replace(candidate, ambiguous=ambiguous) for _, candidate in ordered]

    def _candidates(self, text: str):
        text = " ".join(text.split())
        parsed = mirna_grammar.parse(text)
        if parsed is not None:
            if parsed.cluster:
                yield -1, Candidate("", parsed.canonical, "MIRNA", "mirna_grammar", text, "mirna_grammar",
                                    f"miRNA grammar: cluster {parsed.canonical}", 0.97, False, False)
            else:
                species = parsed.species or "hsa"
                for entry in self.entries(mirna_key(species, parsed.kind, parsed.number, parsed.letter)):
                    why = f"miRNA grammar: {parsed.canonical}"
                    yield entry.concept, self._candidate(entry.concept, text, "mirna_grammar", 0, why)
        forms = [(text, "")]
        plural_free = singular(text)
        if plural_free != text:
            forms.append((plural_free, " (singular)"))
        for form, note in forms:
            for entry in self.entries(normalize(form)):
                how = case_match(form, entry.alias, entry.flags)
                if how is None or not same_words(form, entry.alias):
                    continue
                why = f"{entry.kind.replace('_', ' ')} '{entry.alias}', {how}{note}"
                # a plural points at cells or families more often than at one gene symbol
                symbol = self.types[entry.concept] == "MARKER" and entry.kind in SYMBOL_KINDS
                penalty = (0.35 if symbol else 0.02) if note else 0.0
                yield entry.concept, self._candidate(entry.concept, entry.alias, entry.kind, entry.flags, why, penalty)

    def _candidate(self, number: int, alias: str, kind: str, flags: int, why: str, penalty: float = 0.0):
        exact_bonus = 0.01 if "exact" in why else 0.0
        return Candidate(
            id=self.ids[number], name=self.names[number], type=self.types[number], source=self.origins[number],
            alias=alias, kind=kind, why=why, score=round(KIND_SCORE.get(kind, 0.8) + exact_bonus - penalty, 3),
            needs_context=bool(flags & NEEDS_CONTEXT), ambiguous=False,
        )

    # --- reporting -------------------------------------------------------------------------

    def stats(self) -> dict:
        """Concept and alias counts per type and source."""
        concepts: dict[str, int] = defaultdict(int)
        aliases: dict[str, int] = defaultdict(int)
        for concept_type, origin in zip(self.types, self.origins):
            concepts[f"{concept_type} ({origin})"] += 1
        for number in self.entry_concept:
            aliases[self.types[number]] += 1
        human_mirnas = sum(
            1 for concept_type, origin, name in zip(self.types, self.origins, self.names)
            if concept_type == "MIRNA" and (origin == "hgnc" or name.startswith(("miR-", "let-", "lin-")))
        )
        return {
            "concepts": dict(sorted(concepts.items())),
            "aliases": dict(sorted(aliases.items())),
            "human_mirna_genes": human_mirnas,
        }
