"""The Cell Ontology: cell types with exact synonyms, parents, abbreviations and name variants,
enriched by the MeSH cell descriptors that name the same class."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from exoextract.english import COMMON_WORD, word_frequency
from exoextract.kb.concepts import Concept
from exoextract.kb.normalize import normalize, singular

_ACRONYM_WORD = re.compile(r"^[A-Za-z]+$")
_OF_TISSUE = re.compile(r"^(?P<cell>.+?) of (?:the )?(?P<tissue>[a-z][a-z ]+)$")
ADJECTIVE_ENDINGS = ("ory", "ic", "al", "ive", "ous", "ary", "oid", "ed", "ing", "ant", "ent", "ar", "ile", "ine")
COMMONLY_DISCUSSED = 10_000  # rank bonus of a class MeSH also names


def acronym(label: str) -> str | None:
    """``mesenchymal stem cell`` -> ``MSC``; ``cytotoxic T lymphocyte`` -> ``CTL`` (2-5 letters)."""
    words = [w for w in re.split(r"[\s-]+", label) if w]
    if not 2 <= len(words) <= 5 or not all(_ACRONYM_WORD.match(w) for w in words):
        return None
    if any(w.isupper() and len(w) > 1 for w in words):
        return None  # already holds an abbreviation (NK cell)
    return "".join(w[0] for w in words).upper()


def label_variants(label: str) -> list[str]:
    """``mesenchymal stem cell of the bone marrow`` -> ``bone marrow mesenchymal stem cell``,
    ``bone marrow-derived mesenchymal stem cell`` (and ``adipose-derived ...`` for ``adipose tissue``)."""
    match = _OF_TISSUE.match(label)
    if not match:
        return []
    cell, tissue = match.group("cell"), match.group("tissue")
    tissues = [tissue] + ([tissue.rsplit(" ", 1)[0]] if tissue.endswith(" tissue") else [])
    return [form for t in tissues for form in (f"{t} {cell}", f"{t}-derived {cell}")]


def bare_nouns(label: str, parts: frozenset[str] = frozenset()) -> list[str]:
    """``photoreceptor cell`` is also called ``photoreceptor``; ``hair cell`` is not ``hair`` (a common word)
    and ``granule cell`` not ``granule``, which names a part of cells (``parts``: GO cellular components)."""
    if not label.endswith(" cell"):
        return []
    noun = label[: -len(" cell")]
    if " " in noun or len(noun) < 6 or not noun.isalpha() or word_frequency(noun.lower()) >= COMMON_WORD:
        return []
    if noun.lower() in parts:
        return []
    if noun.lower().endswith(ADJECTIVE_ENDINGS):
        return []  # "secretory cell", "myeloid cell", "neoplastic cell": an adjective is no cell name
    return [noun]


# how English makes an adjective of a cell's noun: neuron -> neuronal, glia -> glial, astrocyte -> astrocytic,
# osteoblast -> osteoblastic, osteoclast -> osteoclastic
_NOUN_TO_ADJECTIVE = (("cyte", "cytic"), ("blast", "blastic"), ("clast", "clastic"), ("ron", "ronal"), ("ia", "ial"))


def derived_adjectives(names: list[str]) -> list[str]:
    """Adjectives English derives from a cell's one-word name (``neuron`` -> ``neuronal``, ``microglia`` ->
    ``microglial``): they name the cell as a modifier (``neuronal survival``, ``microglial exosomes``)."""
    out = []
    for name in names:
        if " " in name or len(name) < 4 or not name.isalpha() or not name.islower():
            continue
        for ending, adjective in _NOUN_TO_ADJECTIVE:
            if name.endswith(ending):
                out.append(name[: -len(ending)] + adjective)
                break
    return out


def cell_adjective(label: str) -> list[str]:
    """``endothelial cell`` -> ``endothelial``: an adjective that, as a source before ``exosomes``, names the
    cell (``endothelial exosomes``); alone it names no cell (``endothelial dysfunction``), so it is an alias
    for lookups only (``cell_adjective``)."""
    if not label.endswith(" cell"):
        return []
    word = label[: -len(" cell")]
    if " " in word or len(word) < 5 or not word.isalpha() or not word.islower():
        return []
    return [word] if word.endswith(ADJECTIVE_ENDINGS) and not word.endswith(("ed", "ing")) else []


HEAD_CLASSES = 3  # a head noun shared by this many classes under one names that one


def head_names(terms: dict[str, dict], known: set[str]) -> dict[str, list[str]]:
    """``hair cell`` names ``sensory hair cell``: when at least three classes end with the same two-word head
    that no class is called, and one of them, labelled ``<adjective> <head>``, is an ancestor of all the
    others, the head alone names that class (``ganglion cell``: retinal ganglion cell)."""
    by_head: dict[str, list[str]] = defaultdict(list)
    for identifier, term in terms.items():
        words = (term.get("label") or "").split()
        if len(words) >= 3 and words[-1] == "cell":
            by_head[" ".join(words[-2:])].append(identifier)
    out: dict[str, list[str]] = defaultdict(list)
    for head, members in sorted(by_head.items()):
        if len(members) < HEAD_CLASSES or normalize(head) in known:
            continue
        for identifier in members:
            modifier, _, rest = (terms[identifier].get("label") or "").partition(" ")
            if rest == head and modifier.endswith(ADJECTIVE_ENDINGS) and all(
                    identifier in (terms[other].get("ancestors") or {}) for other in members if other != identifier):
                out[identifier].append(head)
                break
    return out


_STEM_CELL = re.compile(r"^([a-z]+) stem cell$")


def stem_cell_short_form(label: str) -> list[str]:
    """``embryonic stem cell`` -> ``ES cell``: a stem cell named by one adjective is written with its two
    initials before ``cell`` (``ES cells``, ``NS cells``) as well as with three (``ESC``)."""
    match = _STEM_CELL.match(label)
    if not match or not match.group(1).endswith(("ic", "al", "ary")):
        return []
    return [f"{match.group(1)[0].upper()}S cell"]


INDUCED = ("induced ", "inducible ")


def _abbreviations(concept: Concept, texts: list[str], kind: str) -> None:
    for text in texts:
        short = acronym(text)
        if short:
            concept.aliases.append((short, kind))
            if text.lower().startswith(INDUCED):  # "induced pluripotent stem cell": iPSC, as biologists write it
                concept.aliases.append((short[0].lower() + short[1:], kind))


def cellular_parts(go_terms: list[dict]) -> frozenset[str]:
    """Head nouns of GO cellular components (``secretory granule`` -> granule, ``synaptic vesicle`` ->
    vesicle): words that name a part of a cell."""
    heads = set()
    for term in go_terms:
        if term.get("namespace") == "cellular_component":
            for name in (term.get("name") or "", *(term.get("synonyms") or [])):
                words = name.lower().split()
                if words:
                    heads.add(singular(words[-1]))
    return frozenset(heads)


def cell_types(terms: dict[str, dict], mesh_cells: list[list[str]], parts: frozenset[str] = frozenset(),
               tissues: frozenset[str] = frozenset()) -> Iterator[Concept]:
    """Cell Ontology classes with exact synonyms, is_a parents and abbreviations of their names.

    MeSH cell descriptors whose heading or entry term names a CL class add
    their entry terms to it (and mark it as commonly discussed); the others
    become cell types without an identifier, named by their heading.
    """
    terms = {k: v for k, v in terms.items() if k.startswith("CL:") and not v.get("deprecated")}
    descendants: dict[str, int] = defaultdict(int)
    for term in terms.values():
        for ancestor in term.get("ancestors", {}) or term.get("parents", []):
            descendants[ancestor] += 1
    by_name: dict[str, str] = {}
    for identifier, term in sorted(terms.items()):
        for text in (term.get("label") or "", *(term.get("synonyms") or [])):
            by_name.setdefault(normalize(singular(text)), identifier)
            if text.endswith(" cell"):  # MeSH "Myofibroblasts" names CL "myofibroblast cell"
                by_name.setdefault(normalize(text[: -len(" cell")]), identifier)
    heads = head_names(terms, set(by_name))
    mesh_for: dict[str, list[str]] = defaultdict(list)
    unmatched: list[list[str]] = []
    for names in mesh_cells:
        keys = {normalize(singular(re.sub(r"^(?:human|mouse|murine|rat) ", "", n, flags=re.I))) for n in names}
        matches = {by_name.get(key) for key in keys} - {None}
        if len(matches) == 1:
            mesh_for[matches.pop()].extend(names)
        elif not matches:
            unmatched.append(names)
    for identifier, term in sorted(terms.items()):
        label = term.get("label")
        if not label:
            continue
        rank = descendants.get(identifier, 0) + (COMMONLY_DISCUSSED if identifier in mesh_for else 0)
        concept = Concept(identifier, label, "CELL_TYPE", "cl", rank=rank)
        concept.aliases.append((label, "name"))
        synonyms = term.get("synonyms") or []
        concept.aliases += [(s, "synonym") for s in synonyms]
        concept.aliases += _mesh_aliases(concept, mesh_for.get(identifier, []))
        concept.aliases += [(v, "name_variant") for text in (label, *synonyms) for v in label_variants(text)]
        concept.aliases += [(head, "name_variant") for head in heads.get(identifier, [])]
        nouns = bare_nouns(label, parts)
        concept.aliases += [(v, "name_variant") for v in nouns]
        adjectives = derived_adjectives([label, *synonyms, *nouns])
        concept.aliases += [(a, "adjective") for a in adjectives]
        concept.aliases += [(f"{a} cell", "name_variant") for a in adjectives]
        concept.aliases += [(a, "cell_adjective") for a in cell_adjective(label) if a not in adjectives]
        concept.aliases += [(v, "name_variant") for text in (label, *synonyms) for v in tissue_written(text, tissues)]
        _abbreviations(concept, [label], "abbreviation")
        concept.aliases += [(short, "abbreviation") for short in stem_cell_short_form(label)]
        _abbreviations(concept, [*synonyms, *mesh_for.get(identifier, [])], "synonym_abbreviation")
        ancestors = term.get("ancestors")
        if ancestors:
            concept.parents = tuple(sorted(a for a, distance in ancestors.items() if distance == 1))
        else:
            concept.parents = tuple(sorted(term.get("parents", [])))
        yield concept
    for names in unmatched:
        name = singular(names[0]).lower()
        concept = Concept("", name, "CELL_TYPE", "mesh", rank=COMMONLY_DISCUSSED)
        concept.aliases += [(names[0], "name"), *_mesh_aliases(concept, names[1:])]
        _abbreviations(concept, [singular(n) for n in names], "abbreviation")
        yield concept


QUALIFIED_TERM = re.compile(r"^(.+?) \(([^()]+)\)$")  # MeSH "Cones (Retina)": a word and its subject
COORDINATION = re.compile(r"^\w+ and \w+$", re.IGNORECASE)  # "Rods and Cones", not "Uptake and Decarboxylation Cells"


def _mesh_aliases(concept: Concept, terms: list[str]) -> list[tuple[str, str]]:
    """MeSH entry terms as aliases. A term MeSH qualifies with a subject (``Cones (Retina)``) is an alias
    without the qualifier, for papers about that subject (``topic_synonym``; the concept keeps the subject);
    a coordination (``Rods and Cones``) is no name of its own: its members are found one by one."""
    aliases = []
    for term in terms:
        qualified = QUALIFIED_TERM.match(term)
        if qualified:
            aliases.append((qualified.group(1), "topic_synonym"))
            concept.topic = concept.topic or qualified.group(2)
        elif not COORDINATION.search(term):
            aliases.append((term, "mesh_synonym"))
    return aliases


def tissue_written(name: str, tissues: frozenset[str]) -> list[str]:
    """``adipose macrophage`` is written ``adipose tissue macrophage`` (the tissue spelled out)."""
    first, _, rest = name.partition(" ")
    return [f"{first} tissue {rest}"] if rest and first.lower() in tissues and not rest.startswith("tissue") else []
