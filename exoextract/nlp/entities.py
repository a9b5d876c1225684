"""Recognition and normalization of the five entity types, from the knowledge base and grammars.

Order of work in one document: miRNA names (grammar), a longest-match scan of
token n-grams against the knowledge base (markers, cell types, outcomes),
abbreviations the paper defines (``dendritic cells (DCs)``) carried to every
use, tumour cells read as malignant cells, marker-qualified cells
(``CD8+ T cells``), and exosome populations named by their source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span

from exoextract.ingest.hyphenation import word_frequency
from exoextract.kb import load_kb
from exoextract.kb.base import KnowledgeBase
from exoextract.kb.mirna import find_all as find_mirnas
from exoextract.kb.normalize import normalize, singular

SPAN_KEY = "exo"
OUTPUT_TYPES = frozenset({"MARKER", "MIRNA", "CELL_TYPE", "EXOSOME", "OUTCOME"})
TYPE_PRIORITY = {"MIRNA": 0, "EXOSOME": 1, "CELL_TYPE": 2, "MARKER": 3, "OUTCOME": 4, "NEOPLASM": 5}
MALIGNANT = ("CL:0001064", "malignant cell")
ROOT_CELL = "CL:0000000"
GENERIC_CELL_DESCENDANTS = 1500  # a class above this many subclasses is too general to be a cell type
TUMOUR_WORDS = frozenset({"tumor", "tumour", "cancer", "malignant", "neoplastic", "carcinoma", "tumorigenic"})
CELL_HEAD_NOUNS = frozenset({"cell", "fibroblast", "lymphocyte", "macrophage", "monocyte", "neutrophil", "blast"})
VESICLE = r"(?:exosomes?|exosome|EVs?|extracellular\s+vesicles?|vesicles|microvesicles|small\s+EVs?|sEVs?)"
SOURCE_VERB = r"(?:derived|secreted?|released?|produced?|shed|isolated|purified|collected|obtained)"
FLUIDS = frozenset(
    {"ascites", "plasma", "serum", "urine", "saliva", "milk", "blood", "semen", "bile", "cerebrospinal fluid",
     "amniotic fluid", "breast milk", "tissue", "tumor tissue", "bone marrow"}
)
MARKER_CUES = frozenset(
    {"protein", "proteins", "gene", "genes", "expression", "expressed", "expressing", "marker", "markers", "receptor",
     "receptors", "ligand", "ligands", "antibody", "antibodies", "molecule", "molecules", "kinase", "levels", "level",
     "mrna", "positive", "negative", "+", "knockdown", "inhibitor", "signaling", "signalling", "pathway", "pathways",
     "secretion", "family", "inhibitors", "axis"}
)
EFFECT_CUES = re.compile(
    r"\b(?:promot|induc|enhanc|inhibit|suppress|reduc|increas|decreas|stimulat|activat|trigger|facilitat|contribut|"
    r"mediat|regulat|modulat|block|impair|prevent|favou?r|accelerat|delay|elicit|caus|lead|result|role|involv|"
    r"associat|effect|potential|abilit|capacit|propert|improv|restor|attenuat|protect|support|enabl|driv|boost|"
    r"shap|prim|kill|lys|destroy|elimin|confer|mimic|transfer|deliver|participat|los[te]|differentiat|uptake|"
    r"internaliz|protect)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    """One recognized mention before it becomes a spaCy span."""

    start: int
    end: int
    type: str
    id: str
    name: str
    method: str

    @property
    def length(self) -> int:
        return self.end - self.start


@Language.factory(
    "exo_entities",
    default_config={"max_ngram": 7, "outcome_cues": True},
    assigns=["doc.spans"],
    requires=["token.is_sent_start"],
)
def make_entity_recognizer(nlp: Language, name: str, max_ngram: int, outcome_cues: bool) -> EntityRecognizer:
    return EntityRecognizer(max_ngram=max_ngram, outcome_cues=outcome_cues)


class EntityRecognizer:
    """The ``exo_entities`` component: mentions in ``doc.spans['exo']``, label = type, kb_id = identifier."""

    def __init__(self, max_ngram: int = 7, outcome_cues: bool = True, kb: KnowledgeBase | None = None):
        Span.set_extension("exo_name", default=None, force=True)
        Span.set_extension("exo_method", default=None, force=True)
        Span.set_extension("exo_start", default=None, force=True)  # exact offsets: tokens may be wider
        Span.set_extension("exo_end", default=None, force=True)
        Doc.set_extension("exo_skip", default=(), force=True)
        self.max_ngram = max_ngram
        self.outcome_cues = outcome_cues
        self._kb = kb
        self._positive_cache: dict[tuple[str, str], tuple[str, str] | None] = {}
        self._meanings: dict[str, Found] = {}
        self._long_texts: dict[str, str] = {}

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = load_kb()
        return self._kb

    @cached_property
    def generic_cells(self) -> frozenset[str]:
        """Cell Ontology classes too general to name a cell type (``cell``, ``eukaryotic cell``)."""
        children: dict[str, list[str]] = {}
        for number, identifier in enumerate(self.kb.ids):
            if identifier.startswith("CL:"):
                for parent in self.kb.parents[number].split("|"):
                    if parent:
                        children.setdefault(parent, []).append(identifier)
        counts: dict[str, int] = {}

        def descendants(identifier: str, seen: set[str]) -> set[str]:
            for child in children.get(identifier, []):
                if child not in seen:
                    seen.add(child)
                    descendants(child, seen)
            return seen

        for identifier in children:
            counts[identifier] = len(descendants(identifier, set()))
        return frozenset(i for i, n in counts.items() if n > GENERIC_CELL_DESCENDANTS)

    def __call__(self, doc: Doc) -> Doc:
        self._meanings, self._long_texts = {}, {}
        skip = list(doc._.exo_skip)
        found: list[Found] = []
        found += self._mirnas(doc)
        found += self._scan(doc, skip)
        found = self._abbreviations(doc, found)
        found += self._paralogs(doc, found)
        found += self._suffix_coordination(doc, found)
        found += self._qualified_cells(doc, found)
        found += self._tumour_cells(doc)
        found += self._coordinated_cells(doc, found)
        found += self._exosomes(doc, found)
        found = self._late_abbreviations(doc, found)
        found = [f for f in found if not _inside(f, skip) and f.type in OUTPUT_TYPES]
        spans = []
        for item in _resolve(found):
            span = doc.char_span(item.start, item.end, label=item.type, kb_id=item.id, alignment_mode="expand")
            if span is None:
                continue
            span._.exo_name = item.name
            span._.exo_method = item.method
            span._.exo_start, span._.exo_end = item.start, item.end
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc

    # --- miRNAs ------------------------------------------------------------------------------

    def _mirnas(self, doc: Doc) -> list[Found]:
        out = []
        for start, end, name in find_mirnas(_text(doc)):
            identifier = ""
            if not name.cluster:
                # the grammar looks up precursors of the named species (human when none is written)
                key = f"{name.species + '-' if name.species else ''}{name.canonical}"
                precursors = self.kb.lookup(key, ["MIRNA"])
                if len(precursors) == 1 and precursors[0].id.startswith("miRBase:"):
                    identifier = precursors[0].id
            out.append(Found(start, end, "MIRNA", identifier, name.canonical, "mirna_grammar"))
        return out

    # --- knowledge-base scan ---------------------------------------------------------------

    def _scan(self, doc: Doc, skip: list[tuple[int, int]]) -> list[Found]:
        out: list[Found] = []
        full_text = _text(doc)
        for sentence in doc.sents:
            sentence_text = sentence.text
            tokens = [t for t in sentence if not t.is_space]
            index = 0
            while index < len(tokens):
                first = tokens[index]
                if first.is_punct:
                    index += 1
                    continue
                taken = 0
                for size in range(min(self.max_ngram, len(tokens) - index), 0, -1):
                    last = tokens[index + size - 1]
                    if last.is_punct and size > 1:
                        continue
                    start, end = first.idx, last.idx + len(last.text)
                    text = full_text[start:end]
                    if "\n" in text or not self._has_key(text):
                        continue
                    choice = self._choose(text, doc, first.i, last.i + 1, sentence_text)
                    if choice is not None and choice[0] == "CELL_TYPE" and NOT_A_SOURCE.match(full_text, end):
                        choice = None  # "platelet-derived growth factor" names a protein, not platelets
                    if choice is not None:
                        out.append(Found(start, end, choice[0], choice[1], choice[2], choice[3]))
                        taken = size
                        break
                index += taken or 1
        return out

    def _has_key(self, text: str) -> bool:
        return self.kb.has_key(normalize(text)) or self.kb.has_key(normalize(singular(text)))

    def _choose(self, text: str, doc: Doc, start: int, end: int, sentence: str) -> tuple[str, str, str, str] | None:
        candidates = [
            c for c in self.kb.lookup(text, ["MARKER", "CELL_TYPE", "OUTCOME"]) if c.id != ROOT_CELL
        ]
        for candidate in candidates:
            if candidate.kind in ("abbreviation", "synonym_abbreviation") and (candidate.ambiguous or len(text) < 5):
                continue  # short or shared cell abbreviations count once the paper defines them (HUVECs does not)
            if candidate.kind == "cell_line" and (
                not _cell_line_context(text, doc, end) or any(c.type == "MARKER" for c in candidates)
            ):
                continue  # a name that is also a gene (NT3) or has no line-like shape (1996, 48h)
            if candidate.needs_context and not _marker_context(doc, start, end):
                continue
            method = f"kb:{candidate.kind}" + ("+context" if candidate.needs_context else "")
            if candidate.type == "OUTCOME" and self.outcome_cues and not EFFECT_CUES.search(sentence):
                continue
            if candidate.type == "OUTCOME" and end < len(doc) and doc[end].lower_ in MOLECULE_NOUNS:
                continue  # "adhesion molecules", "apoptosis markers": a class of molecules, not an effect
            generic = singular(text.lower()) in GENERIC_CLASSES
            if candidate.type == "MARKER" and (generic or not _plausible_marker(text)):
                continue
            charged = text.endswith("+") or (end < len(doc) and doc[end].text.startswith("+"))
            if candidate.type == "MARKER" and ION.match(text) and charged:
                continue  # Ca2+, Mg2+: an ion, not the gene CA2
            if candidate.type == "CELL_TYPE" and candidate.id in self.generic_cells:
                continue
            return candidate.type, candidate.id, _display_name(candidate), method
        return None

    def _paralogs(self, doc: Doc, found: list[Found]) -> list[Found]:
        """``Rab11`` names RAB11A and RAB11B: a name covering paralogs lists both identifiers."""
        out = []
        for match in re.finditer(r"(?<![\w-])([A-Z][A-Za-z]{1,4}\d{1,3})(?![\w-])", _text(doc)):
            if any(f.start <= match.start() < f.end for f in found):
                continue
            symbol = match.group(1).upper()
            ids = []
            for letter in "ABCD":
                exact = [c for c in self.kb.lookup(symbol + letter, ["MARKER"]) if c.kind == "symbol"]
                if not exact:
                    break
                ids.append(exact[0].id)
            if len(ids) >= 2:
                out.append(Found(match.start(), match.end(), "MARKER", "|".join(ids), match.group(1), "paralogs"))
        return out

    # --- abbreviations -----------------------------------------------------------------------

    def _abbreviations(self, doc: Doc, found: list[Found]) -> list[Found]:
        """A short form the paper defines takes its long form's concept everywhere it is used."""
        meaning: dict[str, Found] = {}
        defined: set[str] = set()
        long_texts: dict[str, str] = {}
        head_forms: dict[str, Found] = {}
        text = _text(doc)
        for short in _definitions(doc):
            long_form = short._.long_form
            start = long_form.start_char
            while start > 1 and "-" in (text[start], text[start - 1]) and text[start - 2 : start].strip("-").isalnum():
                # the long form cut a hyphenated word: "BM-derived MSCs", not "derived MSCs"
                start = re.search(r"[\w]+-?$", text[: start if text[start] == "-" else start - 1]).start()
            defined.add(short.text)
            long_texts.setdefault(short.text, text[start:long_form.end_char])
            concept = self._concept_of(doc, start, long_form.end_char, found, long_texts)
            after = re.match(r"\s*\)\s*(cells?)\b", text[short.end_char:])
            if concept is None and after:  # "embryonic stem (ES) cells": the head noun follows the bracket
                for candidate in self.kb.lookup(f"{text[start:long_form.end_char]} cells", ["CELL_TYPE"]):
                    if candidate.kind not in ("abbreviation", "synonym_abbreviation", "cell_line"):
                        head_forms[short.text] = Found(start, short.end_char + after.end(), "CELL_TYPE",
                                                       candidate.id, _display_name(candidate), "abbreviation")
                        found.append(head_forms[short.text])  # the definition itself
                        break
            if concept is not None:
                meaning.setdefault(short.text, concept)
                if concept.method == "abbreviation_definition":
                    found.append(replace(concept, method="abbreviation_definition"))
        text = _text(doc)
        # a short form the paper defines as something else is no gene symbol: "plasma membrane (PM)"
        defined_otherwise = {
            form for short in defined if short in meaning and meaning[short].type != "MARKER"
            for form in (short, singular(short))
        }
        undefined = {form for short in defined if short not in meaning for form in (short, singular(short))}
        found = [
            f for f in found
            if not (f.type == "MARKER" and (text[f.start:f.end] in defined_otherwise
                                            or (text[f.start:f.end] in undefined and f.method.endswith("+context"))))
        ]
        self._meanings, self._long_texts = meaning, long_texts
        for short, concept in head_forms.items():
            for match in re.finditer(rf"(?<![\w-]){re.escape(short)}\s+cells?\b", text):
                found.append(replace(concept, start=match.start(), end=match.end(), method="abbreviation"))
        if not meaning:
            return found
        forms = {}
        for short, concept in meaning.items():
            for form in (short, singular(short), short + "s"):
                forms.setdefault(form, concept)
        alternatives = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
        pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w])")
        added = []
        for match in pattern.finditer(_text(doc)):
            concept = forms[match.group(1)]
            added.append(replace(concept, start=match.start(), end=match.end(), method="abbreviation"))
        return _merge_short_forms(found, added)

    def _concept_of(
        self, doc: Doc, start: int, end: int, found: list[Found], long_texts: dict[str, str] | None = None
    ) -> Found | None:
        overlapping = [f for f in found if f.start < end and start < f.end and f.type != "EXOSOME"]
        if overlapping:
            widest = max(overlapping, key=lambda f: (min(f.end, end) - max(f.start, start), f.length))
            if min(widest.end, end) - max(widest.start, start) >= 0.9 * (end - start):
                return widest
        text = _text(doc)[start:end]
        expanded = self._expand(text, long_texts)
        for form in dict.fromkeys((text, expanded)):
            for candidate in self.kb.lookup(form, ["CELL_TYPE", "MARKER", "OUTCOME", "NEOPLASM"]):
                if candidate.kind in ("abbreviation", "synonym_abbreviation", "cell_line") or candidate.id == ROOT_CELL:
                    continue
                return Found(start, end, candidate.type, candidate.id, _display_name(candidate), "abbreviation")
        head = singular(expanded.split()[-1].lower()) if expanded.split() else ""
        if head in CELL_HEAD_NOUNS or head.endswith(("cyte", "blast", "phage")):
            # a cell type the paper defines but no vocabulary names: "cancer-initiating cells (CICs)"
            name = " ".join([*expanded.lower().split()[:-1], head])
            return Found(start, end, "CELL_TYPE", "", name, "abbreviation_definition")
        return None

    def _expand(self, text: str, long_texts: dict[str, str] | None = None) -> str:
        """Replace the paper's short forms inside a phrase by their long forms."""
        for short, long_text in (self._long_texts if long_texts is None else long_texts).items():
            text = re.sub(rf"(?<![\w]){re.escape(short)}(?![\w])", long_text, text)
        return text

    def _late_abbreviations(self, doc: Doc, found: list[Found]) -> list[Found]:
        """Short forms of exosome populations (``Dexs``, ``Texs``, ``CTL-EXO``) and of a recognized name
        scispaCy's detector could not align (``adipose-derived MSCs (AT-MSCs)``) name that concept too."""
        text = _text(doc)
        meaning: dict[str, Found] = {}
        for short in _definitions(doc):
            long_form = short._.long_form
            populations = [f for f in found if f.type == "EXOSOME" and f.name != "exosome"
                           and f.start < long_form.end_char and long_form.start_char < f.end]
            if populations and short.text not in self._meanings:
                meaning.setdefault(short.text, max(populations, key=lambda f: f.length))
        for match in re.finditer(r"\s\(([A-Z][\w-]{1,14})\)", text):
            short = match.group(1)
            before = [f for f in found if f.end == match.start() and f.type in ("CELL_TYPE", "EXOSOME")]
            abbreviation_like = any(c.isupper() for c in short[1:]) or word_frequency(short.lower()) < 2.0
            if before and short not in self._meanings and short not in meaning and abbreviation_like:
                # "(Dexs)", "(CTL-EXO)" abbreviate the vesicles; "(AT-MSCs)" the cells
                vesicle_word = bool(re.search(r"ex|ev|vesic", short, re.IGNORECASE))
                preferred = [f for f in before if (f.type == "EXOSOME") == vesicle_word] or before
                meaning[short] = max(preferred, key=lambda f: f.length)
        if not meaning:
            return found
        added = []
        alternatives = "|".join(map(re.escape, sorted({f for s in meaning for f in (s, singular(s))}, key=len,
                                                      reverse=True)))
        for match in re.finditer(rf"(?<![\w-])({alternatives})(?![\w-])", text):
            concept = meaning.get(match.group(1)) or meaning.get(match.group(1) + "s")
            if concept is not None:
                added.append(replace(concept, start=match.start(), end=match.end(), method="abbreviation"))
        return _merge_short_forms(found, added)

    # --- cells ---------------------------------------------------------------------------------

    def _qualified_cells(self, doc: Doc, found: list[Found]) -> list[Found]:
        """``CD8+ T cells`` (and the ``CD8+`` of ``CD8+ and CD4+ T cells``) -> the Cell Ontology class
        named ``CD8-positive, ... T cell``."""
        out = []
        text = _text(doc)
        heads = r"T cells?|T lymphocytes?|B cells?|NK cells?|CTLs?|cells|monocytes?|macrophages?|dendritic cells?"
        positive = r"(?:\+|-positive|\u207a)"
        pattern = re.compile(rf"(?<![\w-])(CD\d+[a-z]?){positive}\s+({heads})(?![\w-])")
        coordinated = re.compile(
            rf"(?<![\w-])(CD\d+[a-z]?){positive}(?=\s*(?:,|and|or|/)\s*(?:CD\d+[a-z]?{positive}\s*(?:,|and|or)?\s*)*"
            rf"CD\d+[a-z]?{positive}\s+({heads}))"
        )
        for regex in (pattern, coordinated):
            for match in regex.finditer(text):
                head = singular(match.group(2))
                head = "cytotoxic T cell" if head == "CTL" else head
                best = self._positive_class(match.group(1), head)
                if best is not None:
                    end = match.end() if regex is pattern else match.end(1) + 1
                    out.append(Found(match.start(), end, "CELL_TYPE", best[0], best[1], "marker_qualified"))
        return out

    def _positive_class(self, marker: str, head: str) -> tuple[str, str] | None:
        """The most general Cell Ontology class named ``<marker>-positive ... <head>``."""
        key = (marker.lower(), normalize(head))
        if key not in self._positive_cache:
            wanted = f"{key[0]}-positive"
            options = [
                (-self.kb.ranks[n], len(name), self.kb.ids[n], name)
                for n, name in enumerate(self.kb.names)
                if self.kb.types[n] == "CELL_TYPE" and name.lower().startswith(wanted)
                and normalize(name).endswith(key[1])
            ]
            self._positive_cache[key] = min(options)[2:] if options else None
        return self._positive_cache[key]

    def _suffix_coordination(self, doc: Doc, found: list[Found]) -> list[Found]:
        """``MHC-I and -II``, ``IL-6 and -8``: the bare suffix takes the stem of the name before it."""
        out = []
        text = _text(doc)
        for match in re.finditer(r"(?<![\w-])([A-Za-z]{2,8})-(\w{1,4})\s+(?:and|or|,)\s+(-(\w{1,4}))(?![\w-])", text):
            name = f"{match.group(1)}-{match.group(4)}"
            for candidate in self.kb.lookup(name, ["MARKER"]):
                if not candidate.needs_context and _plausible_marker(name):
                    out.append(Found(match.start(3), match.end(3), "MARKER", candidate.id,
                                     _display_name(candidate), "suffix_coordination"))
                    break
        return out

    def _coordinated_cells(self, doc: Doc, found: list[Found]) -> list[Found]:
        """``B and T cells``: the first item shares the head noun of the second."""
        out = []
        text = _text(doc)
        for match in re.finditer(r"(?<![\w-])([A-Z][\w+-]{0,6})\s+(?:and|or)\s+[A-Z][\w+-]{0,6}\s+(cells?)\b", text):
            for candidate in self.kb.lookup(f"{match.group(1)} {match.group(2)}", ["CELL_TYPE"]):
                if candidate.kind not in ("abbreviation", "synonym_abbreviation", "cell_line"):
                    out.append(Found(match.start(1), match.end(1), "CELL_TYPE", candidate.id,
                                     _display_name(candidate), "coordination"))
                    break
        return out

    def _tumour_cells(self, doc: Doc) -> list[Found]:
        """``glioma cells``, ``tumor cells``, ``breast adenocarcinoma cells`` -> malignant cell."""
        out = []
        for match in re.finditer(r"(?<![\w-])((?:[\w-]+\s){0,2}?[\w-]+)\s+(cells?|blasts?)(?![\w-])", _text(doc)):
            words = match.group(1).split()
            for size in range(len(words), 0, -1):
                phrase = " ".join(words[-size:])
                meaning = self._meanings.get(phrase) or self._meanings.get(phrase.rstrip("s"))
                if phrase.lower() in TUMOUR_WORDS or (meaning is not None and meaning.type == "NEOPLASM") or any(
                    c.type == "NEOPLASM" for c in self.kb.lookup(phrase, ["NEOPLASM"])
                ):
                    start = match.start(1) + len(" ".join(words[:-size])) + (1 if size < len(words) else 0)
                    out.append(Found(start, match.end(), "CELL_TYPE", *MALIGNANT, "tumour_cells"))
                    break
        return out

    # --- exosomes ------------------------------------------------------------------------------

    def _exosomes(self, doc: Doc, found: list[Found]) -> list[Found]:
        out: list[Found] = []
        cells = [f for f in found if f.type == "CELL_TYPE"]
        text = _text(doc)
        # "<source>-derived exosomes", "<source> cell-derived exosomes", "<source> exosomes"
        before = re.compile(
            rf"(?<![\w])((?:[\w+/]+[\s-]){{0,4}}?[\w+]+(?:[\s-]cells?)?)[\s-]{SOURCE_VERB}\s+({VESICLE})\b",
            re.IGNORECASE,
        )
        for match in before.finditer(text):
            source = self._source(doc, match.start(1), match.end(1), cells)
            if source:
                out.append(self._population(match.start(1) if source[3] is None else source[3], match.end(), source))
                if source[4]:
                    out.append(source[4])
        after = re.compile(
            rf"\b({VESICLE})\s+(?:(?:(?:were|was|are|is|being)\s+)?{SOURCE_VERB}\s+(?:from|by)|from|of)\s+"
            rf"((?:[\w+/-]+\s?){{1,6}})",
            re.IGNORECASE,
        )
        for match in after.finditer(text):
            phrase_end = _noun_phrase_end(text, match.start(2), match.end(2))
            for end in _word_ends(text, match.start(2), phrase_end):
                source = self._source(doc, match.start(2), end, cells, abbreviations=False)
                if source and end < phrase_end and source[2] in ("source_tumour", "source_fluid"):
                    continue  # "exosomes from melanoma patients" are no melanoma exosomes
                if source:
                    out.append(self._population(match.start(), end, source))
                    if source[4]:
                        out.append(source[4])
                    break
        for match in re.finditer(rf"(?<![\w-]){VESICLE}(?![\w-])", text, re.IGNORECASE):
            if match.group().lower() in ("vesicles", "microvesicles") and "extracellular" not in match.group().lower():
                continue
            preceding = re.search(r"((?:[\w+/-]+\s){1,3})$", text[max(0, match.start() - 60) : match.start()])
            if preceding:  # "tumour exosomes", "plasma exosomes", "DC exosomes"
                phrase_start = match.start() - len(preceding.group(1))
                source = self._source(doc, phrase_start, match.start() - 1, cells)
                if source and source[2] != "source_unnamed_cell":
                    out.append(self._population(source[3], match.end(), source))
                    if source[4]:
                        out.append(source[4])
                    continue
            out.append(Found(match.start(), match.end(), "EXOSOME", "", "exosome", "vesicle"))
        return out

    def _source(self, doc: Doc, start: int, end: int, cells: list[Found], abbreviations: bool = True):
        """The cell type (or fluid) a source phrase names: (id, name, method, span start, cell mention)."""
        words_text = _text(doc)[start:end]
        expanded = self._expand(words_text)  # "BM-derived MSCs" -> "bone marrow-derived mesenchymal stem cells"
        if expanded != words_text:
            for candidate in self.kb.lookup(expanded, ["CELL_TYPE"]):
                if candidate.kind not in ("abbreviation", "synonym_abbreviation", "cell_line"):
                    cell = Found(start, end, "CELL_TYPE", candidate.id, _display_name(candidate), "exosome_source")
                    return candidate.id, cell.name, "source_cell", start, cell
        # the longest recognized cell mention that ends the phrase
        ending = [c for c in cells if c.end == end and c.start >= start]
        if ending:
            cell = max(ending, key=lambda c: c.length)
            return cell.id, cell.name, "source_cell", cell.start, None
        words = [(m.group(), start + m.start()) for m in re.finditer(r"[^\s()\[\],;:]+", _text(doc)[start:end])]
        for size in range(len(words), 0, -1):
            offset = words[-size][1]
            phrase = _text(doc)[offset:end].strip()
            line = re.sub(r"[\s-]cells?$", "", phrase)
            if line != phrase and re.search(r"\d", line):  # "HEK293T cells": the line's name
                lines = [c for c in self.kb.lookup(line, ["CELL_TYPE"]) if c.kind == "cell_line"]
                if lines:
                    cell = Found(offset, offset + len(line), "CELL_TYPE", lines[0].id, lines[0].name, "exosome_source")
                    return lines[0].id, lines[0].name, "source_cell", offset, cell
            lowered = " ".join(w for w, _ in words[-size:]).lower()
            defined = self._meanings.get(re.sub(r"[\s-]cells?$", "", phrase))
            if defined is not None and defined.type == "NEOPLASM":
                lowered = "tumor"
            if lowered in TUMOUR_WORDS or any(c.type == "NEOPLASM" for c in self.kb.lookup(phrase, ["NEOPLASM"])):
                cell = Found(offset, offset + len(phrase), "CELL_TYPE", *MALIGNANT, "exosome_source")
                return MALIGNANT[0], MALIGNANT[1], "source_tumour", offset, cell
            if lowered in FLUIDS:
                return "", lowered, "source_fluid", offset, None
            for candidate in self.kb.lookup(phrase, ["CELL_TYPE"]):
                if candidate.id in self.generic_cells or candidate.id == ROOT_CELL:
                    continue
                if candidate.kind in ("abbreviation", "synonym_abbreviation") and not abbreviations:
                    continue  # only right before "-derived exosomes" does an undefined abbreviation name a cell
                if candidate.kind == "cell_line" and not re.search(r"\d", phrase):
                    continue
                cell = Found(offset, offset + len(phrase), "CELL_TYPE", candidate.id, _display_name(candidate),
                             "exosome_source")
                return candidate.id, cell.name, "source_cell", offset, cell
        if len(words) >= 2 and words[-1][0].lower() in ("cell", "cells") and re.search(r"[A-Z0-9]", words[-2][0]):
            offset = words[-2][1]  # a cell type no vocabulary names: "CAR-T cell"
            name = f"{words[-2][0].lower()} cell"
            cell = Found(offset, end, "CELL_TYPE", "", name, "exosome_source")
            return "", name, "source_unnamed_cell", offset, cell
        return None

    @staticmethod
    def _population(start: int, end: int, source) -> Found:
        identifier, name = source[0], source[1]
        return Found(start, end, "EXOSOME", identifier, f"{name} exosome", source[2])


def _merge_short_forms(found: list[Found], added: list[Found]) -> list[Found]:
    """Uses of a short form join the mentions: a longer mention holding one wins ("NK cell activation"),
    shorter or crossing ones give way."""
    added = [a for a in added if not any(f.start <= a.start and a.end <= f.end and f.length > a.length
                                         for f in found)]
    kept = [f for f in found if not any(f.start < a.end and a.start < f.end for a in added)]
    return kept + added


def _definitions(doc: Doc) -> list[Span]:
    """One defining short form per long form, in text order: the one in brackets right after it.

    scispaCy lists every later use of a short form too, in an order that varies
    between runs (a set of spans); results must not depend on it.
    """
    by_long: dict[tuple[int, int], list[Span]] = {}
    for short in getattr(doc._, "abbreviations", []):
        long_form = short._.long_form
        if long_form is not None:
            by_long.setdefault((long_form.start_char, long_form.end_char), []).append(short)
    chosen = []
    for (_, end), shorts in sorted(by_long.items()):
        after = [s for s in shorts if s.start_char >= end]
        chosen.append(min(after or shorts, key=lambda s: (s.start_char, s.end_char)))
    return chosen


def _text(doc: Doc) -> str:
    """The document's text, kept: ``Doc.text`` is rebuilt from the tokens on every access."""
    cached = doc.user_data.get("exo_text")
    if cached is None:
        cached = doc.user_data["exo_text"] = doc.text
    return cached


MOLECULE_NOUNS = frozenset(
    {"molecule", "molecules", "protein", "proteins", "marker", "markers", "receptor", "receptors", "factor",
     "factors", "gene", "genes", "inhibitor", "inhibitors", "pathway", "pathways", "assay", "assays"}
)
NOT_A_SOURCE = re.compile(rf"-derived\s+(?!{VESICLE})[a-z]", re.IGNORECASE)
PHRASE_STOP = frozenset(
    {"was", "were", "is", "are", "be", "been", "and", "or", "which", "that", "with", "in", "into", "to", "by", "for",
     "on", "at", "as", "after", "before", "during", "than", "via", "through", "could", "can", "may", "might", "did"}
)


def _noun_phrase_end(text: str, start: int, end: int) -> int:
    """Where the source phrase after ``exosomes from`` ends: before a verb or a function word."""
    for match in re.finditer(r"[\w+/-]+", text[start:end]):
        word = match.group()
        if word.lower() in PHRASE_STOP or (match.start() > 0 and EFFECT_CUES.match(word)):
            return start + match.start()
    return end


def _word_ends(text: str, start: int, end: int) -> Iterable[int]:
    """Candidate ends of a source phrase, longest first."""
    ends = [m.end() for m in re.finditer(r"[^\s()\[\],;:]+", text[start:end])]
    return [start + e for e in reversed(ends)]


def _display_name(candidate) -> str:
    """Canonical names: HGNC symbol, FamPlex or family name, CL label (or the lower-case phrase), outcome."""
    return candidate.name


# ANNOTATION.md: generic classes with no name are not entities
GENERIC_CLASSES = frozenset(
    {"protein", "cytokine", "growth factor", "lipid", "chemokine", "hormone", "enzyme", "kinase", "receptor",
     "antigen", "antibody", "transcription factor", "adhesion molecule", "mirna", "microrna"}
)
ION = re.compile(r"^(?:Ca|Mg|Zn|Fe|Cu|Mn|Na|K|Co|Ni|Cd|Hg|Pb|Ba|Sr|Li)\d?\+?$")
ROMAN = re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X)$")


def _plausible_marker(text: str) -> bool:
    """Not a number, a single letter, a Roman numeral or a short lower-case word."""
    core = text.strip("-+ ")
    if len(core) < 2 or not any(c.isalpha() for c in core) or ROMAN.match(core) or text.startswith("-"):
        return False
    return not (text.islower() and " " not in text and len(text) <= 3)


def _marker_context(doc: Doc, start: int, end: int) -> bool:
    """A word next to the mention says it is a molecule: ``SET protein``, ``CAN expression``, ``CD4+``."""
    window = [t.text.lower() for t in doc[max(0, start - 1) : min(len(doc), end + 1)]]
    return any(word in MARKER_CUES for word in window)


def _cell_line_context(text: str, doc: Doc, end: int) -> bool:
    """A cell line's name: letters and digits (HEK293T, PC12), or any name followed by ``cells``."""
    following = doc[end].text.lower() if end < len(doc) else ""
    letters = sum(c.isalpha() for c in text)
    line_like = letters >= 2 and any(c.isdigit() for c in text) and len(text) >= 4
    return (following in ("cells", "cell", "line", "lines") and letters >= 2 and len(text) >= 3) or line_like


def _inside(found: Found, skip: list[tuple[int, int]]) -> bool:
    return any(found.start < end and start < found.end for start, end in skip)


def _resolve(found: list[Found]) -> list[Found]:
    """One mention per place: longer wins; an exosome population may hold its source cell."""
    # a total order: ties between equally long readings must not depend on set or hash order
    ordered = sorted(set(found), key=lambda f: (f.start, -f.length, TYPE_PRIORITY[f.type], f.id, f.name, f.method))
    kept: list[Found] = []
    for item in ordered:
        clash = False
        for other in kept:
            if item.start < other.end and other.start < item.end:
                nested_source = {item.type, other.type} == {"EXOSOME", "CELL_TYPE"}
                if not nested_source and not (item.type == other.type == "EXOSOME" and item.name == other.name):
                    clash = True
                    break
                if item.type == other.type:
                    clash = True
                    break
        if not clash:
            kept.append(item)
    return sorted(kept, key=lambda f: (f.start, f.end, f.type))
