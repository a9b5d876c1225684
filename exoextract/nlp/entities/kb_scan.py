"""A longest-match scan of token n-grams against the knowledge base: markers, cell types, outcomes.

Flagged aliases need a molecular word beside them, generic classes and ions
are left out, cell lines need a line-like name, and outcomes count only in
sentences that state an effect.
"""

from __future__ import annotations

import re
from dataclasses import replace
from weakref import WeakKeyDictionary

from exoextract.kb import Candidate, KnowledgeBase
from exoextract.kb.normalize import fold, normalize, singular
from exoextract.nlp.doctext import TokenTable
from exoextract.nlp.entities.context import (
    ROOT_CELL,
    TUMOUR_WORDS,
    VESICLE,
    Found,
    PaperContext,
    plausible_marker,
)
from exoextract.nlp.tokenizer import SUFFIX_WORDS

SCAN_TYPES = ("MARKER", "CELL_TYPE", "OUTCOME")
MARKER_CUES = frozenset(
    {"protein", "proteins", "gene", "genes", "expression", "expressed", "expressing", "marker", "markers", "receptor",
     "receptors", "ligand", "ligands", "antibody", "antibodies", "molecule", "molecules", "kinase", "levels", "level",
     "mrna", "positive", "negative", "+", "knockdown", "inhibitor", "signaling", "signalling", "pathway", "pathways",
     "secretion", "family", "inhibitors", "axis", "knockout", "deficient", "null", "mutant", "mutants", "mutation",
     "mutations", "variant", "variants", "allele", "alleles", "polymorphism", "polymorphisms", "transgenic",
     "overexpression", "overexpressing", "silencing", "sirna", "shrna"}
)
GENE_SYMBOL_KINDS = frozenset({"symbol", "alias_symbol", "previous_symbol"})
# a space inside a written symbol: beside a digit ("IL 6", "5-HT 2A") or between capitals ("HLA DR")
SYMBOL_SPACE = re.compile(r"(?:\d |. \d|[A-Z] [A-Z])")
PLACE_NOUNS = frozenset({"region", "regions", "area", "areas", "field", "fields", "subfield", "subfields"})
PLACE_SHAPE = re.compile(r"^[A-Z]{1,2}\d$")  # CA1, V1, S1: how fields of the hippocampus and cortex are numbered
DOMAIN_NOUNS = frozenset({"domain", "domains", "motif", "motifs", "subdomain", "subdomains"})
BODY_RESPONSES = frozenset({"resistance", "sensitivity", "insensitivity", "intolerance", "tolerance"})
MOLECULE_NOUNS = frozenset(
    {"molecule", "molecules", "protein", "proteins", "marker", "markers", "receptor", "receptors", "factor",
     "factors", "gene", "genes", "inhibitor", "inhibitors", "pathway", "pathways", "assay", "assays"}
)
# ANNOTATION.md: generic classes with no name are not entities (enzymes named only by what they catalyse are
# such classes, as kinase is)
GENERIC_CLASSES = frozenset(
    {"protein", "cytokine", "growth factor", "lipid", "chemokine", "hormone", "enzyme", "kinase", "receptor",
     "antigen", "antibody", "transcription factor", "adhesion molecule", "mirna", "microrna", "protease",
     "proteinase", "peptidase", "phosphatase", "gtpase", "atpase", "nuclease", "lipase"}
)
# residues of a protein sequence (232Thr/Thr, codon 435 (Thr), Ser473): not the genes of those symbols
AMINO_ACIDS = frozenset({"Ala", "Arg", "Asn", "Asp", "Cys", "Gln", "Glu", "Gly", "His", "Ile", "Leu", "Lys", "Met",
                         "Phe", "Pro", "Ser", "Thr", "Trp", "Tyr", "Val"})
RESIDUE_SIDE = frozenset("0123456789/()-")
_RESIDUES = "|".join(sorted(AMINO_ACIDS))
RESIDUE_COUNT = re.compile(rf"(?:{_RESIDUES})\d")  # "Cys2-His2" (a zinc finger's residues), not "Arg1" alone
RESIDUE_BEFORE = re.compile(rf"(?:{_RESIDUES})\d[-/]$")
RESIDUE_AFTER = re.compile(rf"[-/](?:{_RESIDUES})\d")
RESIDUE_POSITION = re.compile(rf"(?:{_RESIDUES})\d{{2,4}}")  # Ser473, Tyr705 (Arg1 is a gene)
ION = re.compile(r"^(?:Ca|Mg|Zn|Fe|Cu|Mn|Na|K|Co|Ni|Cd|Hg|Pb|Ba|Sr|Li)(?:\d?\+?|\+\d|\(\d?\+\))$")  # Ca2+, Ca(2+)
NOT_A_SOURCE = re.compile(rf"-derived\s+(?!{VESICLE})[a-z]", re.IGNORECASE)


def scan(paper: PaperContext, max_ngram: int, outcome_cues: bool) -> list[Found]:
    """Per sentence, from each token the longest n-gram the knowledge base accepts in its context.

    An n-gram is extended only while its normalized form is still the start of
    some alias key, so most tokens cost one or two probes of the sorted keys.
    """
    out: list[Found] = []
    text, kb = paper.text, paper.kb
    table = paper.tokens
    probes = _probe_memory(kb)
    named: dict[str, bool] = {}  # phrase -> whether it has a candidate the scan can choose
    for sentence_first, sentence_stop in table.sentences:
        sentence_text = text[table.starts[sentence_first] : table.end(sentence_stop - 1)]
        tokens = []
        for i, token, start, punct in zip(range(sentence_first, sentence_stop),
                                          table.texts[sentence_first:sentence_stop],
                                          table.starts[sentence_first:sentence_stop],
                                          table.punct[sentence_first:sentence_stop]):
            if token.isspace():
                continue
            if "-" in token and "-" in token[1:-1] and not punct:  # (most tokens hold no hyphen at all)
                tokens += _hyphen_pieces(i, start, token)
            else:
                tokens.append((i, start, token, punct, True, True))
        index = 0
        while index < len(tokens):
            first, first_start, first_text, first_punct, first_opens, _ = tokens[index]
            known = probes.get((first_text, first_punct), False)
            if first_punct or known is None or (known is not False and not known[1] and not known[2]):
                index += 1  # no name starts at punctuation, nor at a token no key starts with
                continue
            taken = 0
            for size in reversed(_key_sizes(kb, probes, known, text, tokens, index, max_ngram)):
                last, last_start, last_text, _, _, last_closes = tokens[index + size - 1]
                if (not last_closes and not _fusion_head(paper, tokens, index, size)) or (
                        not first_opens and last != first):
                    continue
                if size > 1 and last_text.lower() in ("gene", "genes"):
                    continue  # "the p53 gene" names p53 (MeSH's "Genes, p53" is filed under a family)
                start, end = first_start, last_start + len(last_text)
                if text[end - 1] == "." and end - start > 1:
                    if size > 1 and ABBREVIATION_LETTER.fullmatch(last_text):
                        continue  # "FGFR3 p.G380R", "cells i.e.": a letter and its period name nothing
                    end -= 1  # "granzyme B." ending a sentence: the period is the sentence's, not the name's
                viable = named.get(text[start:end])
                if viable is None:
                    viable = named[text[start:end]] = any(
                        c.id != ROOT_CELL for c in kb.lookup(text[start:end], SCAN_TYPES))
                if not viable:
                    continue  # "of", "cells": a key of another type's name, or of the root cell class only
                if _debris(text[start:end]) or (start > 1 and text[start - 1] == "-" and text[start - 2].isalnum()
                                                 and SUFFIX_START.match(text, start)):
                    continue  # "(platelet-)derived growth factor": no name starts inside a compound
                found = _choose(paper, text[start:end], start, end, first, last + 1, sentence_text, outcome_cues)
                if found is not None and found.type == "MARKER" and size > 1:
                    found = _symbol_alone(paper, found)
                if found is not None and found.type == "MARKER" and size > 1 and DECIMAL.fullmatch(last_text):
                    found = None  # "CI 2.0", "OR 1.8": a statistic and its value (a line may be "RAW 264.7")
                if found is not None and found.type == "MARKER" and " " in text[start:end] and CODE_GOES_ON.match(
                        text, end):
                    found = None  # "BIA 2-093", a compound's code, not the spaced symbol BIA2
                if found is not None and found.type == "MARKER" and (sign := ZYGOSITY_OR_SIGN.search(text, start, end)):
                    found = replace(found, end=sign.start())  # "Sam68+/+", "CD11c+": the name ends before the sign
                if found is not None and found.type == "CELL_TYPE" and NOT_A_SOURCE.match(text, end):
                    found = None  # "platelet-derived growth factor" names a protein, not platelets
                if found is not None and not first_opens and found.type != "MARKER":
                    found = None  # inside a word only a molecule's name: "anti-inflammatory" states no inflammation
                if found is not None and found.type == "MARKER" and (range_ := NUMBERED_RANGE.fullmatch(
                        table.texts[first])) and range_.group(1) == range_.group(2):
                    found = None  # "S1-S6", "H1-H4": a range of numbered segments or positions, not genes
                # a piece that does not open its token has its token's earlier piece two places back
                if found is not None and not first_opens and _is_family(found) and MEMBER_CODE.fullmatch(
                        tokens[index - 2][2]):
                    found = None  # "VE-cadherin", "p120-catenin": one member, which the vocabularies do not name
                if (found is not None and found.type == "OUTCOME" and out and out[-1].type == "CELL_TYPE"
                        and text[out[-1].end : start].isspace() and text[start:end].lower() == "survival"):
                    found = _cell_survival(paper, found)  # "neuron survival" is cell survival, not patients'
                if found is not None:
                    out.append(found)
                    taken = size
                    break
            index += taken or 1
    return out


CLASS_THEN_SYMBOL = re.compile(r"^[A-Za-z]+\s+(?=[A-Za-z0-9-]*[A-Z0-9])\S+$")
SYMBOL_THEN_CLASS = re.compile(r"^\S*[A-Z0-9]\S*\s+[a-z]+$")


def _symbol_alone(paper: PaperContext, found: Found) -> Found:
    """``chemokines CCL2``, ``CCR2 receptor``: a name MeSH writes with its class word is the symbol alone in
    running text, when the symbol names the same concept and the word is a class (``chemokine``, ``receptor``)."""
    phrase = paper.text[found.start : found.end]
    first, _, rest = phrase.partition(" ")
    head, _, last = phrase.rpartition(" ")
    if CLASS_THEN_SYMBOL.match(phrase) and singular(first.lower()) in GENERIC_CLASSES:
        start, end = found.end - len(rest), found.end
    elif SYMBOL_THEN_CLASS.match(phrase) and singular(last.lower()) in GENERIC_CLASSES:
        start, end = found.start, found.start + len(head)
    else:
        return found
    if any(c.id == found.id for c in paper.kb.lookup(paper.text[start:end], ["MARKER"])):
        return replace(found, start=start, end=end)
    return found


def _cell_survival(paper: PaperContext, found: Found) -> Found:
    """The outcome ``cell survival`` names, for ``survival`` written after a cell type."""
    candidates = paper.kb.lookup("cell survival", ["OUTCOME"])
    if not candidates:
        return found
    return Found(found.start, found.end, "OUTCOME", candidates[0].id, candidates[0].name, "cell_survival")


ABBREVIATION_LETTER = re.compile(r"[a-z]\.")
DECIMAL = re.compile(r"\d+\.\d+")
CODE_GOES_ON = re.compile(r"-\d")
# a genotype (+/+, +/-, -/-, /+) or an expression sign written onto a gene's name
ZYGOSITY_OR_SIGN = re.compile(r"(?<=[A-Za-z0-9\u0370-\u03ff])\s?(?:[+\u2212-]/[+\u2212-]|/[+\u2212-]|\+)$")
BARRIERS = frozenset("()[]{};=,:")  # no name runs across these: layout debris such as "U) (b", "CT (52", "CD, a"


SUFFIX_START = re.compile(rf"(?:{'|'.join(SUFFIX_WORDS)})\b", re.IGNORECASE)
HYPHEN_PIECE = re.compile(r"[^-]+|-")


def _hyphen_pieces(index: int, start: int, token: str) -> list[tuple]:
    """A hyphenated token as its pieces and hyphens, so that names joined into one token are found
    (``β1-integrin-NF-κB``, ``anti-PD-1``); a piece keeps its token's index, so context rules read whole
    tokens, and says whether it starts or ends its token: a name found in pieces ends where its token
    ends, and one that starts inside a token stays inside it (``CAR-T cells`` holds no ``T cells``)."""
    pieces = list(HYPHEN_PIECE.finditer(token))
    return [(index, start + m.start(), m.group(), m.group() == "-", n == 0, n == len(pieces) - 1)
            for n, m in enumerate(pieces)]


NUMBERED_RANGE = re.compile(r"([A-Za-z])\d{1,2}[-\u2013]([A-Za-z])\d{1,2}")
MEMBER_CODE = re.compile(r"[A-Z]{1,2}|[a-z]\d+")  # the code before a family word that names one member


def _is_family(found: Found) -> bool:
    return found.type == "MARKER" and (found.id.startswith("FPLX:") or not found.id)


def _fusion_head(paper: PaperContext, tokens: list[tuple], index: int, size: int) -> bool:
    """``ETV6-NTRK3``, ``TMPRSS2-ERG``: a gene fusion written as one token, whose first half is an approved
    symbol as written and whose second half names a gene too, names both genes."""
    if size != 1 or index + 2 >= len(tokens):
        return False
    head_token, _, head, _, head_opens, _ = tokens[index]
    _, _, _, hyphen, _, _ = tokens[index + 1]
    tail_token, _, tail, _, _, tail_closes = tokens[index + 2]
    if not (head_opens and hyphen and tail_closes and head_token == tail_token):
        return False
    if tail.islower():
        return False  # "BRCA2-independent", "EGFR-mutant": a word, not a second gene
    kb = paper.kb
    return any(c.kind == "symbol" and c.alias == head for c in kb.lookup(head, ["MARKER"])) and bool(
        kb.lookup(tail, ["MARKER"]))


FUNCTION_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "as", "is", "are", "was", "were",
     "be", "and", "or", "nor", "not", "no", "that", "this", "these", "those", "it", "its", "we", "our", "than",
     "via", "into", "per", "vs", "but", "if", "so", "such", "both", "all", "any", "each"}
)


def _debris(phrase: str) -> bool:
    """A candidate that is layout or sentence debris, not a name: it holds ``;`` or ``=``, an unclosed
    bracket or a sentence-like period (``Dec. 1``), starts on punctuation (``+/- SD``, ``(IL)-6``), ends on a
    dash or a detached sign (``F2-``, ``NTG +``), or is several words that start or end with a function word
    (``test in``, ``Metallothionein-1 as``)."""
    if ";" in phrase or "=" in phrase or ". " in phrase:
        return True
    if phrase.count("(") != phrase.count(")") or phrase.count("[") != phrase.count("]"):
        return True
    if not (phrase[0].isalnum() or phrase[0].isalpha()):
        return True
    if phrase[-1] in "-\u2010\u2011\u2013/," or (phrase[-1] == "+" and phrase[-2:-1].isspace()):
        return True
    words = phrase.split()
    return len(words) > 1 and (words[0].lower() in FUNCTION_WORDS or words[-1].lower() in FUNCTION_WORDS)


def _key_sizes(kb: KnowledgeBase, probes: dict, probe: tuple | bool | None, text: str, tokens: list[tuple],
               index: int, max_ngram: int) -> list[int]:
    """The n-gram sizes from ``tokens[index]`` whose text (or its singular) is an alias key; ``probe`` is what
    ``probes`` holds for the first token (False: nothing yet)."""
    first_token, start, first_text, first_punct, _, _ = tokens[index]
    if probe is False:  # most n-grams end at their first token: remembered
        probe = _remember(probes, (first_text, first_punct), _probe(kb, first_text, first_punct))
    if probe is None:
        return []
    running, hit, extends = probe
    sizes = [1] if hit else []
    if not extends:
        return sizes
    for size in range(2, len(tokens) - index + 1):
        last_token, last_start, last_text, last_punct, _, _ = tokens[index + size - 1]
        if last_token - first_token >= max_ngram:
            break  # n-grams count tokens, not the pieces of a hyphenated one
        if size == 2:  # two tokens and the space between them decide the step: remembered ("of the")
            gap = text[start + len(first_text) : last_start]
            pair = (first_text, gap, last_text, last_punct)
            step = probes.get(pair, False)
            if step is False:
                step = _remember(probes, pair, _extend(kb, running, first_text + gap + last_text, last_text,
                                                       last_punct))
        else:
            step = _extend(kb, running, text[start : last_start + len(last_text)], last_text, last_punct)
        if step is None:
            break
        is_key, goes_on, running = step
        if is_key:
            sizes.append(size)
        if not goes_on:
            break
    return sizes


def _extend(kb: KnowledgeBase, running: str, phrase: str, last_text: str, last_punct: bool
            ) -> tuple[bool, bool, str] | None:
    """An n-gram one token longer: whether it (or its singular) is an alias key, whether longer keys start
    with it, and its key; None when the token ends every n-gram (a line break, a barrier)."""
    if "\n" in phrase or (last_punct and last_text in BARRIERS):
        return None
    running += normalize(last_text)
    # every plural rule ends in "s": other phrases are their own singular
    plural = phrase[-1] in "sS" and kb.has_key(normalize(singular(phrase)))
    return not last_punct and (kb.has_key(running) or plural), kb.has_prefix(running), running


# per knowledge base, what one-token n-grams and two-token steps gave (papers repeat their words); held weakly,
# so a knowledge base that is no longer used is freed with its memory
_PROBES: WeakKeyDictionary[KnowledgeBase, dict] = WeakKeyDictionary()
PROBE_MEMORY = 262_144  # remembered tokens and steps per knowledge base before the memory starts again


def _remember(memory: dict, key: tuple, value):
    """Store a probe or step, starting the memory again when it is full."""
    if len(memory) >= PROBE_MEMORY:
        memory.clear()
    memory[key] = value
    return value


def _probe_memory(kb: KnowledgeBase) -> dict:
    """What one-token n-grams and two-token steps gave with this knowledge base (see ``_key_sizes``)."""
    memory = _PROBES.get(kb)
    if memory is None:
        memory = _PROBES[kb] = {}
    return memory


def _probe(kb: KnowledgeBase, token: str, punct: bool) -> tuple[str, bool, bool] | None:
    """A one-token n-gram: its key, whether it (or its singular) is an alias key, and whether longer keys
    start with it; None when the token ends every n-gram (a line break, a barrier)."""
    if "\n" in token or (punct and token in BARRIERS):
        return None
    key = normalize(token)
    plural = token[-1] in "sS" and kb.has_key(normalize(singular(token)))
    return key, kb.has_key(key) or plural, kb.has_prefix(key)


def _residue(text: str, phrase: str, start: int, end: int) -> bool:
    """An amino-acid residue of a sequence, not a gene: ``232Thr/Thr``, ``(Thr)``, ``Ser473``, ``Cys2-His2``."""
    if phrase in AMINO_ACIDS:
        return start > 0 and (text[start - 1] in RESIDUE_SIDE or text[end : end + 1] in RESIDUE_SIDE)
    if RESIDUE_POSITION.fullmatch(phrase):
        return True
    return RESIDUE_COUNT.fullmatch(phrase) is not None and (
        RESIDUE_BEFORE.search(text, max(0, start - 8), start) is not None or RESIDUE_AFTER.match(text, end) is not None)


def _choose(
    paper: PaperContext, phrase: str, start: int, end: int, first: int, stop: int, sentence: str, outcome_cues: bool
) -> Found | None:
    """The best candidate the context allows for the phrase at tokens ``first:stop``, or None."""
    candidates = [c for c in paper.kb.lookup(phrase, SCAN_TYPES) if c.id != ROOT_CELL]
    if _residue(paper.text, phrase, start, end):
        candidates = [c for c in candidates if c.type != "MARKER"]
    if any(c.kind == "cell_line" for c in candidates) and _named_as_cells(paper.tokens, first, stop):
        candidates.sort(key=lambda c: c.kind != "cell_line")  # "THP-1 cells": the line before a gene of that name
    for candidate in candidates:
        if not _allowed(paper, candidate, candidates, phrase, first, stop, sentence, outcome_cues):
            if (candidate.needs_context and candidate.type == "MARKER" and start not in paper.awaiting
                    and _allowed(paper, candidate, candidates, phrase, first, stop, sentence, outcome_cues, True)):
                # no molecular word beside it: it may still stand in a list of markers ("miR-92a, CEA and CA19-9")
                paper.awaiting[start] = Found(start, end, candidate.type, candidate.id, candidate.name,
                                              f"kb:{candidate.kind}+list")
            continue
        method = f"kb:{candidate.kind}" + ("+context" if candidate.needs_context else "")
        return Found(start, end, candidate.type, candidate.id, candidate.name, method)
    return None


MIRNA_SHAPED = re.compile(r"(?:[a-z]{3,4}-)?(?:[Mm]icro[\s-]?RNAs?|miRNAs?|miR|mir|let)[\s-]?\d")
EFFECT_ADJECTIVE = re.compile(r"(?:ive|ic|ory)$", re.IGNORECASE)
VESICLE_WORD = re.compile(rf"^{VESICLE}$", re.IGNORECASE)


def _allowed(
    paper: PaperContext, candidate: Candidate, candidates: list[Candidate], phrase: str, first: int, stop: int,
    sentence: str, outcome_cues: bool, context_given: bool = False,
) -> bool:
    tokens = paper.tokens
    count = len(tokens.texts)
    if candidate.kind in ("abbreviation", "synonym_abbreviation") and (candidate.ambiguous or len(phrase) < 5):
        return False  # short or shared cell abbreviations count once the paper defines them (HUVECs does not)
    if candidate.kind == "cell_line" and (
        not _cell_line_context(phrase, tokens, stop) or (not _named_as_cells(tokens, first, stop) and any(
            c.type == "MARKER" and not c.needs_context for c in candidates))
    ):
        return False  # a name that is also a gene (NT3) or has no line-like shape (1996, 48h)
    if candidate.kind == "cell_line" and " " in phrase and fold(phrase) != fold(candidate.alias):
        return False  # a line's name matches in any case only as one word: "H9C2", not "as T1" for AST-1
    if candidate.id.startswith("HGNC:") and candidate.kind in GENE_SYMBOL_KINDS and " " in phrase and not all(
            SYMBOL_SPACE.match(phrase, m.start() - 1) for m in re.finditer(r" ", phrase)):
        return False  # "IL 6", "HLA DR" spell symbols; "T risk" (allele) does not spell TRISK
    if candidate.needs_context and not context_given and not _marker_context(tokens, first, stop):
        return False
    if candidate.kind == "cell_adjective":
        return False  # "endothelial" names the cell only as the source of vesicles (the populations pass reads it)
    if candidate.kind == "adjective" and stop < count and _disease_word(paper, tokens.lowers[stop]):
        return False  # "lymphocytic leukemia", "astrocytic tumor": the adjective qualifies a disease
    if candidate.kind == "topic_synonym" and not paper.about(paper.kb.topic(candidate.id)):
        return False  # "cones" are retinal cone cells in a paper about the retina, not elsewhere
    if candidate.type == "OUTCOME" and outcome_cues and not paper.states_effect(sentence) and not (
            EFFECT_ADJECTIVE.search(phrase) and stop < count and VESICLE_WORD.match(tokens.texts[stop])):
        return False  # an effect needs a cue, unless the outcome qualifies the vesicles ("immunosuppressive EVs")
    if candidate.type == "OUTCOME" and stop < count and tokens.lowers[stop] in MOLECULE_NOUNS:
        return False  # "adhesion molecules", "apoptosis markers": a class of molecules, not an effect
    if candidate.type == "OUTCOME" and candidate.kind != "name" and " " not in phrase and (
            _done_to_vesicles(tokens, first, stop) or (first > 0 and tokens.lowers[first - 1] in SUBSTANCES)):
        return False  # "uptake of exosomes", "glucose tolerance", "DNA repair": another process than the outcome
    if candidate.type == "MARKER" and MIRNA_SHAPED.match(phrase):
        return False  # "miR-17/92" written as miRNAs names them, not their host gene (the miRNA pass reads it)
    if candidate.type == "MARKER" and (_before_et_al(tokens, stop) or _genotype(tokens, first, stop)):
        return False  # "Park et al.": an author; "AG/GG": a genotype
    if candidate.type == "MARKER" and stop < count and tokens.lowers[stop] in PLACE_NOUNS and PLACE_SHAPE.match(phrase):
        return False  # "CA1 region", "V1 area": a numbered place in an organ, not the gene of that symbol
    if candidate.kind in ("alias_symbol", "previous_symbol") and stop < count and tokens.lowers[stop] in DOMAIN_NOUNS:
        return False  # "the G3 domain of aggrecan": a part of a protein, named like another gene's alias (an
        # approved symbol's domain is named after that gene: "EGF domain")
    if candidate.type == "MARKER" and stop < count and tokens.lowers[stop] in BODY_RESPONSES:
        return False  # "insulin resistance", "insulin sensitivity": a trait of the body, not the molecule
    if candidate.type == "MARKER" and " " not in phrase and phrase.islower() and phrase.endswith("ed"):
        return False  # "voltage-gated", "activated": a participle names no molecule
    generic = singular(phrase.lower().replace("-", " ")) in GENERIC_CLASSES
    if candidate.type == "MARKER" and (generic or not (plausible_marker(phrase) or candidate.kind == "grounding")):
        return False
    charged = "+" in phrase or (stop < count and tokens.texts[stop].startswith("+"))
    if candidate.type == "MARKER" and ION.match(phrase) and charged:
        return False  # Ca2+, Mg2+: an ion, not the gene CA2
    return not (candidate.type == "CELL_TYPE" and candidate.id in paper.cells.generic)


def _disease_word(paper: PaperContext, word: str) -> bool:
    """A tumour word or a neoplasm's name, in American or British spelling (leukaemia)."""
    return word in TUMOUR_WORDS or any(
        c.type == "NEOPLASM" for c in paper.kb.lookup(word.replace("ae", "e"), ["NEOPLASM"]))


def _marker_context(tokens: TokenTable, start: int, end: int) -> bool:
    """A word next to the mention says it is a molecule (``SET protein``, ``CAN expression``, ``CD4+``,
    ``APP mutations``), or it is slash-joined to another symbol (``APP/PS1 mice``, ``CD9/CD63``)."""
    if any(word in MARKER_CUES for word in tokens.lowers[max(0, start - 1) : end + 1]):
        return True
    texts = tokens.texts
    after = end + 1 < len(texts) and texts[end] == "/" and _symbol_like(texts[end + 1])
    before = start >= 2 and texts[start - 1] == "/" and _symbol_like(texts[start - 2])
    return after or before


def _symbol_like(text: str) -> bool:
    """``PS1``, ``CD63``, ``MEK``: capitals with a digit, or two capitals or more."""
    capitals = sum(c.isupper() for c in text)
    return text.isalnum() and capitals >= 1 and (any(c.isdigit() for c in text) or capitals >= 2)


# Substances and stresses a process word can be about: "glucose uptake" is no phagocytosis, "glucose
# tolerance" no immune tolerance, "DNA repair" no tissue repair.
SUBSTANCES = frozenset(
    {"glucose", "sugar", "fructose", "lactose", "lipid", "fat", "cholesterol", "iron", "oxygen", "calcium", "salt",
     "sodium", "potassium", "zinc", "copper", "nutrient", "amino", "insulin", "drug", "dna", "rna", "heat", "cold",
     "stress", "alcohol", "ethanol", "water", "dye", "tracer", "nanoparticle", "nanoparticles", "particle"}
)
CARGO_WORDS = frozenset(
    {"cargo", "cargos", "cargoes", "rna", "rnas", "mirna", "mirnas", "microrna", "micrornas", "mrna", "mrnas",
     "dna", "protein", "proteins", "genetic", "drug", "drugs", "content", "contents", "material"}
)
OBJECT_END = frozenset(  # words that end the object of "uptake of ..."
    {"by", "in", "into", "within", "across", "from", "after", "before", "during", "with", "through", "via", "for",
     "to", "on", "at", "following", "upon", "and", "or", "was", "were", "is", "are", "that", "which"}
)


def _done_to_vesicles(tokens: TokenTable, first: int, stop: int) -> bool:
    """A process word whose object is the vesicles or their cargo (``exosome uptake``, ``uptake of
    secreted vesicles``, ``uptake of genetic information``): what happens to EVs, not an effect of theirs."""
    if first > 0 and VESICLE_WORD.match(tokens.texts[first - 1]):
        return True
    if stop >= len(tokens.texts) or tokens.lowers[stop] != "of":
        return False
    for lower in tokens.lowers[stop + 1 : stop + 9]:
        if VESICLE_WORD.match(lower) or lower in CARGO_WORDS or MIRNA_SHAPED.match(lower):
            return True
        if lower in OBJECT_END or not any(c.isalnum() for c in lower):
            return False
    return False


CELL_WORDS = frozenset({"cells", "cell", "line", "lines"})
NUCLEOTIDES = re.compile(r"^[ACGTU]{1,3}$")


def _before_et_al(tokens: TokenTable, end: int) -> bool:
    following = tokens.lowers[end : end + 2]
    return following[:1] == ["et"] and (following[1:2] == ["al"] or following[1:2] == ["al."])


def _genotype(tokens: TokenTable, start: int, end: int) -> bool:
    """Alleles written with slashes: ``AG/GG``, ``CT/TT`` (as one name or as its parts)."""
    letters = [text for text in tokens.texts[start:end] if text != "/"]
    slashed = "/" in tokens.texts[max(0, start - 2) : end + 2]
    return slashed and bool(letters) and all(NUCLEOTIDES.match(text) for text in letters)


def _followed_by_cells(tokens: TokenTable, end: int) -> bool:
    """``HeLa cells``, ``U87 glioma cells``, ``B16-F10 melanoma cell line``: a line named before cells."""
    following = [text for text in tokens.texts[end : end + 4] if not text.isspace()]
    for number, text in enumerate(following[:3]):
        lower = text.lower()
        if lower in CELL_WORDS:  # after other words only "cells" or "line": not "SCF stem cell factor"
            return number == 0 or lower in ("cells", "line", "lines")
        if not (text.isalpha() and text.islower()):
            return False  # only lower-case words ("glioma", "breast cancer") between a line's name and its cells
    return False


def _named_as_cells(tokens: TokenTable, start: int, end: int) -> bool:
    """A name followed by cells (``HeLa cells``) or right after ``cell line`` (``the HCC cell line Huh7``)."""
    before = [text.lower() for text in tokens.texts[max(0, start - 4) : start] if not text.isspace()][-2:]
    return _followed_by_cells(tokens, end) or before in (["cell", "line"], ["cell", "lines"])


def _cell_line_context(text: str, tokens: TokenTable, end: int) -> bool:
    """A cell line's name: letters and digits (HEK293T, PC12), or any name followed by ``cells``."""
    letters = sum(c.isalpha() for c in text)
    line_like = letters >= 2 and any(c.isdigit() for c in text) and len(text) >= 4
    return (_followed_by_cells(tokens, end) and letters >= 1 and len(text) >= 3) or line_like
