"""The compiled knowledge base: concepts, an alias index with hygiene flags, and lookup.

Built once from the sources, pickled into a cache folder keyed by the
sources' versions, and loaded from there in well under two seconds.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import sys
import time
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from exoextract.errors import ExoextractError
from exoextract.ingest.hyphenation import word_frequency
from exoextract.kb import mirna as mirna_grammar
from exoextract.kb import sources as src
from exoextract.kb.normalize import fold, greek_variant, normalize, replace_greek, replace_unicode, singular

logger = logging.getLogger(__name__)

SCHEMA = 12  # bump when the compiled layout or the alias rules change
CASE_SENSITIVE = 1
NEEDS_CONTEXT = 2
COMMON_WORD = 3.0  # zipf frequency from which an alias is an everyday English word
SYMBOL_KINDS = frozenset(
    {"symbol", "alias_symbol", "previous_symbol", "abbreviation", "synonym_abbreviation", "cell_line"}
)
KIND_SCORE = {
    "symbol": 1.0, "name": 0.97, "family_grammar": 0.97, "mirna_grammar": 0.97, "synonym": 0.93,
    "go_synonym": 0.9, "mesh_synonym": 0.9, "cell_line": 0.8, "greek_variant": 0.9, "alias_symbol": 0.85,
    "previous_symbol": 0.75, "name_stem": 0.8, "name_variant": 0.92, "abbreviation": 0.7, "synonym_abbreviation": 0.65,
}
TYPES = ("MARKER", "MIRNA", "CELL_TYPE", "OUTCOME", "NEOPLASM")


class CacheError(ExoextractError):
    """The cache folder cannot be written."""


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


@dataclass(frozen=True)
class ConceptRecord:
    id: str
    name: str
    type: str
    source: str
    parents: tuple[str, ...]
    xrefs: tuple[str, ...]
    rank: int


def alias_flags(text: str, kind: str) -> int:
    """Hygiene decided by rules over the vocabulary: case and context for short or common-word symbols."""
    folded = fold(text)
    symbol_like = len(folded) <= 4 or any(c.isupper() or c.isdigit() for c in folded[1:])  # CaN, Mhc; not Tumor
    if kind not in SYMBOL_KINDS and (" " in text or len(folded) > 6 or not symbol_like):
        return 0  # names and multi-word synonyms match in any case
    common = folded.isalpha() and word_frequency(folded.lower()) >= COMMON_WORD
    flags = 0
    if len(folded) <= 5 or common:
        flags |= CASE_SENSITIVE
    if common or (kind in ("alias_symbol", "previous_symbol", "abbreviation", "synonym_abbreviation")
                  and len(folded) <= 3):
        flags |= NEEDS_CONTEXT
    return flags


class KnowledgeBase:
    """Concepts and their aliases; ``lookup`` gives the candidates for a surface form.

    Stored in columns (lists of strings, arrays of numbers) rather than one
    object per alias, so that the cached file loads in a fraction of a second.
    """

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
        self._key_position = dict(zip(self.keys, range(len(self.keys))))
        self._by_id = {identifier: i for i, identifier in enumerate(self.ids) if identifier}

    def columns(self) -> dict:
        return {name: getattr(self, name) for name in (
            "ids", "names", "types", "origins", "parents", "xrefs", "ranks", "keys", "starts", "entry_concept",
            "entry_alias", "entry_kind", "entry_flags", "kinds")}

    def __len__(self) -> int:
        return len(self.ids)

    # --- building -----------------------------------------------------------------------

    @classmethod
    def build(cls, overrides: dict[str, Path] | None = None) -> KnowledgeBase:
        """Read every source and compile the alias index."""
        files = src.locate_sources(overrides)
        concepts: list[src.Concept] = []
        famplex = src.famplex_families(files["famplex"])
        for gene in src.hgnc_genes(files["hgnc"]):
            gene.aliases += famplex.gene_aliases.get(gene.name, [])
            gene.parents = famplex.gene_parents.get(gene.name, ())
            variant = greek_variant(gene.name)
            if variant:
                gene.aliases.append((variant, "greek_variant"))
            concepts.append(gene)
        concepts += famplex.families
        mirna_keys: dict[str, list[int]] = defaultdict(list)
        for concept, parsed in src.mirnas(files["mirbase"], files["hgnc"]):
            mirna_keys[_mirna_key(parsed.species, parsed.kind, parsed.number, parsed.letter)].append(len(concepts))
            mirna_keys[_mirna_key(parsed.species, parsed.kind, parsed.number, "")].append(len(concepts))
            concepts.append(concept)
        concepts += src.cell_types(files["cl"], files["mesh"])
        concepts += src.cell_lines(files["cellosaurus"])
        concepts += src.outcomes(files["outcomes"], files["go"], files["mesh"])
        concepts += src.neoplasms(files["mesh"])
        return cls.compile(concepts, mirna_keys, {name: f.version for name, f in files.items()})

    @classmethod
    def compile(cls, concepts: list[src.Concept], mirna_keys: dict[str, list[int]], versions: dict[str, str]):
        index: dict[str, list[tuple[int, str, str, int]]] = defaultdict(list)
        flag_cache: dict[tuple[str, str], int] = {}
        for number, concept in enumerate(concepts):
            seen: set[tuple[str, str]] = set()
            for text, kind in concept.aliases:
                text = " ".join(text.split())
                key = normalize(text)
                if not key or (key, text) in seen:
                    continue
                seen.add((key, text))
                flags = flag_cache.get((text, kind))
                if flags is None:
                    flags = flag_cache[(text, kind)] = alias_flags(text, kind)
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
        }
        return cls(columns, versions)

    # --- lookup ----------------------------------------------------------------------------

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

    def entries(self, key: str) -> list[tuple[int, str, str, int]]:
        """Index entries under a normalized key: (concept number, alias, kind, flags)."""
        position = self._key_position.get(key)
        if position is None:
            return []
        return [
            (self.entry_concept[i], self.entry_alias[i], self.kinds[self.entry_kind[i]], self.entry_flags[i])
            for i in range(self.starts[position], self.starts[position + 1])
        ]

    def has_key(self, key: str) -> bool:
        return key in self._key_position

    def lookup(self, text: str, types: Iterable[str] | None = None) -> list[Candidate]:
        """Candidates for ``text``, best first; each says why it matched."""
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
            -item[1].score, -(self.ranks[item[0]] if item[0] >= 0 else 0), item[1].id or item[1].name))
        return [_with(candidate, ambiguous=ambiguous) for _, candidate in ordered]

    def _candidates(self, text: str):
        text = " ".join(text.split())
        parsed = mirna_grammar.parse(text)
        if parsed is not None:
            if parsed.cluster:
                yield -1, Candidate("", parsed.canonical, "MIRNA", "mirna_grammar", text, "mirna_grammar",
                                    f"miRNA grammar: cluster {parsed.canonical}", 0.97, False, False)
            else:
                species = parsed.species or "hsa"
                for number, *_ in self.entries(_mirna_key(species, parsed.kind, parsed.number, parsed.letter)):
                    why = f"miRNA grammar: {parsed.canonical}"
                    yield number, self._candidate(number, text, "mirna_grammar", 0, why)
        forms = [(text, "")]
        plural_free = singular(text)
        if plural_free != text:
            forms.append((plural_free, " (singular)"))
        for form, note in forms:
            for number, alias, kind, flags in self.entries(normalize(form)):
                how = _case_match(form, alias, flags)
                if how is None or not _same_words(form, alias):
                    continue
                why = f"{kind.replace('_', ' ')} '{alias}', {how}{note}"
                # a plural points at cells or families more often than at one gene symbol
                penalty = (0.35 if self.types[number] == "MARKER" and kind in SYMBOL_KINDS else 0.02) if note else 0.0
                yield number, self._candidate(number, alias, kind, flags, why, penalty)

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


def _with(candidate: Candidate, **changes) -> Candidate:
    return Candidate(**{**candidate.__dict__, **changes})


def _letter_breaks(value: str) -> tuple[str, set[int]]:
    """The string without separators, and where a separator stood between two letters."""
    value = replace_greek(replace_unicode(value)).lower()
    collapsed: list[str] = []
    breaks: set[int] = set()
    pending = False
    for char in value:
        if char in " -_/":
            pending = bool(collapsed)
            continue
        if pending and char.isalpha() and collapsed[-1].isalpha():
            breaks.add(len(collapsed))
        pending = False
        collapsed.append(char)
    return "".join(collapsed), breaks


def _same_words(text: str, alias: str) -> bool:
    """Words the alias separates must be separate in the text too: ``proteins`` is not ``protein S``,
    while ``TGF-β1`` may stand for ``TGF beta 1``."""
    if " " not in alias.strip():
        return True
    text_letters, text_breaks = _letter_breaks(text)
    alias_letters, alias_breaks = _letter_breaks(alias)
    return text_letters != alias_letters or alias_breaks <= text_breaks


def _mirna_key(species: str, kind: str, number: str, letter: str) -> str:
    return f"\x00mirna:{species}:{kind}:{number}:{letter}"


def _case_match(text: str, alias: str, flags: int) -> str | None:
    """How ``text`` matches ``alias``; None when a case-sensitive alias is written otherwise."""
    if fold(text) == fold(alias):
        return "exact"
    if not flags & CASE_SENSITIVE:
        return "case-insensitive"
    folded = fold(alias)
    written = fold(text)
    if folded.isupper() and len(folded) >= 3 and not flags & NEEDS_CONTEXT:
        if written == folded.capitalize():
            return "capitalized symbol"  # Alix for ALIX, Tsg101 for TSG101
        if written.upper() == folded and written[0].isupper() and any(c.isupper() for c in written[1:]):
            return "mixed-case symbol"  # RhoA for RHOA, HoxB4 for HOXB4
    return None


# --- cache ---------------------------------------------------------------------------------------


def cache_dir() -> Path:
    """``$EXOEXTRACT_CACHE``, else the user cache folder."""
    configured = os.environ.get("EXOEXTRACT_CACHE")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("exoextract"))


def cache_key(versions: dict[str, str]) -> str:
    blob = json.dumps({"schema": SCHEMA, "sources": versions}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def cache_path(versions: dict[str, str]) -> Path:
    return cache_dir() / f"kb-{cache_key(versions)}.pickle"


def current_versions(overrides: dict[str, Path] | None = None) -> dict[str, str]:
    return {name: f.version for name, f in src.locate_sources(overrides).items()}


def saved_overrides() -> dict[str, Path]:
    """The ``--source`` paths of the last ``kb build``, which later loads keep using."""
    path = cache_dir() / "sources.json"
    try:
        return {name: Path(value) for name, value in json.loads(path.read_text()).items()}
    except (OSError, ValueError):
        return {}


def remember_overrides(overrides: dict[str, Path]) -> None:
    path = cache_dir() / "sources.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    if overrides:
        path.write_text(json.dumps({name: str(Path(p).resolve()) for name, p in sorted(overrides.items())}, indent=1))
    else:
        path.unlink(missing_ok=True)


def save(kb: KnowledgeBase, path: Path) -> None:
    """Write atomically: a half-written cache is never read."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".tmp{os.getpid()}")
        with partial.open("wb") as handle:
            pickle.dump({"schema": SCHEMA, "sources": kb.sources, "columns": kb.columns()},
                        handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    except OSError as error:
        raise CacheError(f"cannot write the knowledge-base cache at {path}: {error}; set EXOEXTRACT_CACHE") from error


def read(path: Path) -> KnowledgeBase:
    with path.open("rb") as handle:
        data = pickle.load(handle)
    if data.get("schema") != SCHEMA:
        raise ValueError(f"cache schema {data.get('schema')} is not {SCHEMA}")
    return KnowledgeBase(data["columns"], data["sources"])


Notify = Callable[[str], None]


def build_and_cache(
    overrides: dict[str, Path] | None = None, notify: Notify | None = None, remember: bool = False
) -> tuple[KnowledgeBase, Path]:
    """Build from the sources and write the cache; returns the KB and the cache file.

    With ``remember``, the overrides become the default sources of later loads.
    """
    started = time.perf_counter()
    if overrides is None and not remember:
        overrides = saved_overrides()
    kb = KnowledgeBase.build(overrides)
    path = cache_path(kb.sources)
    save(kb, path)
    if remember:  # only once the sources have proved readable
        remember_overrides(overrides or {})
    if notify:
        notify(f"knowledge base built in {time.perf_counter() - started:.1f} s, cached at {path}")
    return kb, path


_LOADED: dict[str, KnowledgeBase] = {}


def load_kb(notify: Notify | None = None, overrides: dict[str, Path] | None = None) -> KnowledgeBase:
    """The knowledge base for the installed sources: from the cache, or built (and cached) once."""
    if overrides is None:
        overrides = saved_overrides()
    versions = current_versions(overrides)
    path = cache_path(versions)
    if str(path) in _LOADED:
        return _LOADED[str(path)]
    kb = None
    if path.exists():
        try:
            kb = read(path)
        except Exception as error:  # any unpickling failure means a corrupt file
            message = f"knowledge-base cache {path} is unreadable ({error.__class__.__name__}); rebuilding"
            (notify or logger.warning)(message)
    else:
        stale = sorted(path.parent.glob("kb-*.pickle")) if path.parent.exists() else []
        if stale:
            (notify or logger.warning)("knowledge-base cache is stale (sources or schema changed); rebuilding")
    if kb is None:
        kb, path = build_and_cache(overrides, notify)
        for old in path.parent.glob("kb-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    _LOADED[str(path)] = kb
    return kb
