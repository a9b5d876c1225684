"""Claims of one sentence: which entity pairs a trigger links, in which direction, under which flags.

There is no parser, so the grammar is shallow and explicit, over character
offsets of one sentence:

- a clause runs between semicolons, colons and contrast or result words;
- a verb's subject is the nearest entity group on its left that is not the
  object of a preposition (``exosomes *from MSCs* promote``), unless that
  entity is the cargo of a participle or relative clause (``exosomes
  *expressing miR-146* inhibit``), where the exosome is the subject;
- its object is the entity group right after it; a group is a list joined by
  commas, ``and``, ``or``, ``as well as``, so a trigger distributes over it;
- ``be ... by`` makes a passive: the ``by`` phrase is the subject;
- ``carries``, ``marker_of`` and ``targets`` take their direction from the
  entity types; ``promotes`` and ``inhibits`` from voice and word order;
- ``exosomal X``, ``X-loaded exosomes``, ``exosomes expressing X`` and
  ``X are exosomal markers`` are patterns of their own;
- ``They``, ``These exosomes``, ``these vesicles`` point at the previous
  sentence's exosome subject.

Promotes and inhibits whose object is not in the vocabulary take the noun
phrase the verb governs (``reduced infarct size``) as an outcome named by the
paper's words (ANNOTATION.md).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from exoextract.kb.normalize import singular
from exoextract.nlp.relations.context import Scope, flags_at, scopes
from exoextract.nlp.relations.lexicon import (
    CARRY,
    INHIBIT,
    NEUTRAL,
    PROMOTE,
    TARGET,
    Trigger,
    find_triggers,
    words_of,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CARGO = ("MARKER", "MIRNA")
EFFECT_SUBJECTS = ("EXOSOME", "MARKER", "MIRNA", "CELL_TYPE")
EFFECT_OBJECTS = ("OUTCOME", "CELL_TYPE")
GENERIC_EXOSOME = "exosome"


@dataclass(frozen=True)
class Argument:
    """One end of a claim: an entity of the sentence (offsets relative to the sentence)."""

    type: str
    id: str
    name: str
    start: int
    end: int
    text: str
    implicit: bool = False  # "exosomal" or a pronoun: no span of its own, or a new outcome phrase

    @property
    def key(self) -> tuple[str, str]:
        return self.type, self.id or self.name.lower()


@dataclass(frozen=True)
class Claim:
    """A relation stated by one sentence."""

    subject: Argument
    predicate: str
    object: Argument
    trigger: str
    trigger_start: int
    hedged: bool
    negated: bool
    confidence: float


@dataclass
class SentenceState:
    """What the next sentence may point back to."""

    topic: Argument | None = None


# --- the words between entities ------------------------------------------------------------

PREPOSITION = re.compile(
    r"(?:^|\s)(?:of|in|from|by|with|on|to|into|within|via|through|at|for|among|after|during|under|against|"
    r"between|including|like|than|upon|across|onto|toward|towards|versus|vs\.?)\s*(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
# Clause boundaries: punctuation, contrast and result words, and "<reporting verb> that" (what follows is
# a clause of its own: "these data suggest that exosomes promote ...").
BOUNDARY_WORDS = _words("""
whereas while but however although though because since thereby thus therefore hence whereby wherein
respectively compared unlike
""")
BOUNDARY_PAIRS = frozenset({("and", "then"), ("in", "turn"), ("and", "that"), ("but", "that")} | {
    (verb, "that") for verb in _words("""
show shows showed shown suggest suggests suggested found find finds indicate indicates indicated demonstrate
demonstrates demonstrated report reports reported reveal reveals revealed known believed propose proposed
hypothesized hypothesised confirm confirmed observed noted evidence possible likely
""")})
PAIR_FIRST_WORDS = frozenset(first for first, _ in BOUNDARY_PAIRS)  # a pair is looked up only after one of these
BOUNDARY_START_WORDS = BOUNDARY_WORDS | PAIR_FIRST_WORDS
PUNCTUATION_BOUNDARY = re.compile(r"[;:]")


def clause_boundaries(text: str, words: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """(start, end) of every clause boundary of a sentence, in order (``words`` from ``lexicon.words_of``)."""
    found = [(m.start(), m.end()) for m in PUNCTUATION_BOUNDARY.finditer(text)]
    for number, (start, end, word) in enumerate(words):
        if word not in BOUNDARY_START_WORDS:
            continue  # most words: one set probe
        following = words[number + 1] if number + 1 < len(words) else None
        if following is not None and (word, following[2]) in BOUNDARY_PAIRS and text[end : following[0]].isspace():
            found.append((start, following[1]))
        elif word in BOUNDARY_WORDS:
            found.append((start, end))
    return sorted(found)


LIST_GAP = re.compile(  # a connector is needed: two entities side by side are no list ("exosomal miR-21")
    r"^\s*(?:/|(?:,\s*)?(?:and|or|and/or|as\s+well\s+as|but\s+also|plus)\s+|,\s*)(?:(?:the|a|an|its|their|"
    r"both|either)\s+)?(?:[a-z][\w-]*\s+){0,2}$",
)
OBJECT_LEAD = re.compile(  # what may stand between a verb and its first object
    r"^\s*(?:(?:up|not\s+only|also|both|either|significantly|markedly|strongly|further|directly|"
    r"the|a|an|its|their|this|these|those|his|her|host|recipient|target|local|systemic|anti-?tumou?r|"
    r"antitumou?r|tumou?r-specific|specific|potent|robust|effective|efficient|efficiently|in\s+vivo|in\s+vitro|"
    r"cytotoxic|naive|naïve|resident|surrounding|neighbouring|neighboring|\w+-mediated|\w+-induced|"
    r"the\s+activity\s+of|the\s+function\s+of|"
    r"the\s+number\s+of|the\s+expansion\s+of|the\s+recruitment\s+of|the\s+infiltration\s+of)\s+)*"
    r"(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
SUBJECT_LEAD = re.compile(  # what may stand between a subject and its verb
    r"^\s*(?:,\s*)?(?:(?:which|that|who|alone|also|can|could|may|might|will|would|should|must|did|do|does|"
    r"not|no|further|thus|then|significantly|markedly|strongly|directly|efficiently|potently|further|"
    r"indeed|not\s+only|have|has|had|been|be|is|are|was|were|both|each|all|to|able\s+to|shown\s+to|found\s+to|"
    r"reported\s+to|known\s+to|seem\s+to|appear\s+to|likely\s+to|in\s+turn|themselves|itself|subsequently|"
    r"consequently|in\s+vivo|in\s+vitro|specifically|selectively|effectively|dramatically|greatly|"
    r"substantially|partially|partly|mainly|primarily|largely|in\s+part|eventually|ultimately),?\s+)*$",
    re.IGNORECASE,
)
PASSIVE_BE = re.compile(
    r"(?:^|\s)(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:\w+ly\s+|not\s+|also\s+|further\s+)*$",
    re.IGNORECASE,
)
BY_PHRASE = re.compile(r"\s*(?:\w+ly\s+|in\s+vitro\s+|in\s+vivo\s+)*(?:by|via|through)\s+", re.IGNORECASE)
RELATIVE_ADJACENT = re.compile(  # "exosomes, which (can) carry", "MHC-II molecules, which": right after its noun
    r"\s*(?:\([^()]*\))?(?:\s+(?:molecules?|proteins?|complex(?:es)?|cells?|ligands?|receptors?|family))?"
    r"\s*(?:,\s*|\s)(?:which|that|who)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
RELATIVE_WORD = re.compile(r"(?<![\w-])(?:which|that|who|whose)(?![\w-])", re.IGNORECASE)
EXOSOMAL = re.compile(
    r"(?<![\w-])(?:exosomal|exosome-derived|exosome-associated|exosome-encapsulated|EV-derived|EV-associated|"
    r"EV-encapsulated|vesicular|sEV-derived|microvesicular)(?![\w-])",
    re.IGNORECASE,
)
MARKER_OF_EXOSOMES_BEFORE = re.compile(
    r"(?:exosomal|exosome|exosomes|EV|EVs|sEV|vesicle|vesicular|extracellular\s+vesicle)\s+(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
MARKER_OF_EXOSOMES_AFTER = re.compile(
    r"\s*(?:\w+\s+){0,3}?(?:of|for)\s+(?:the\s+|their\s+)?(?:\w+\s+){0,3}?(?:exosomes?|EVs?|sEVs?|"
    r"extracellular\s+vesicles?|vesicles|detection|identification|classification)\b",
    re.IGNORECASE,
)
MARKER_WORD = re.compile(
    r"(?<![\w-])(?:markers?|hallmarks?|marker\s+proteins?|surrogates?|used\s+to\s+(?:identify|detect|define|"
    r"characteri[sz]e))(?![\w-])", re.IGNORECASE)
ANAPHOR = re.compile(
    r"^\s*(?:(?:in\s+addition|moreover|furthermore|also|additionally|importantly|notably|however|further|"
    r"here|finally|thus|therefore),?\s+)*(?:they|it|these|those|such|this|the\s+latter|the\s+former)\b"
    r"(?:\s+(?:exosomes?|vesicles?|evs?|sevs?|extracellular\s+vesicles?|nanovesicles?|microvesicles?|"
    r"particles?))?(?![\w-])",
    re.IGNORECASE,
)
POINTING = re.compile(r"(?:these|those|such|the\s+same|the\s+latter|both)\s+(?:\w+\s+)?$", re.IGNORECASE)
SILENCER = re.compile(r"\s*-?\s*(?:siRNAs?|shRNAs?|inhibitors?|antagomirs?|antisense|sponges?|ASOs?)\b", re.IGNORECASE)
DELIVERY = re.compile(r"(?:deliver|transfer|shuttl|transport|convey)", re.IGNORECASE)
CARGO_IN = re.compile(  # "TNF in Dexs", "Nanog, ... Wnt-3 protein, all expressed in stem cell-derived exosomes"
    r"(?:\s*\([^()]*\))?(?:\s+(?:proteins?|molecules?|complex(?:es)?|mRNAs?|transcripts?|ligands?))?"
    r"(?:\s*,?\s*(?:(?:which|that)\s+)?(?:all\s+)?(?:(?:is|are|was|were|be|been)\s+)?(?:\w+ly\s+)?"
    r"(?:found|detected|present|identified|packaged|sorted|localized|located|encapsulated|expressed|"
    r"distributed|existed|exist|enriched|contained|incorporated|loaded|observed))?"
    r"\s+(?:in|within|inside|on|across|among)\s+(?:the\s+)?(?:surface\s+(?:membrane\s+)?of\s+(?:the\s+)?)?"
    r"(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
CARGO_VIA = re.compile(  # "X is exported (to recipient cells) via exosomes", "X secreted in EVs"
    r"\s+(?:(?:is|are|was|were|be|been|can\s+be|could\s+be|may\s+be)\s+)?(?:\w+ly\s+)?(?:exported|secreted|"
    r"released|transferred|delivered|shuttled|transported|trafficked|packaged|sorted|loaded)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:via|through|by|in|into|within)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
PRESENCE_OF = re.compile(r"(?:presence|existence|expression|levels?|abundance)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
CELL_MODIFIER = re.compile(
    r"(?:'s|’s|'|’)?\s+(?!(?:and|or|in|of|to|from|that|which|who|with|via|through|by|as|at|on|into|for|but|"
    r"whereas|while|than|both|directly|indirectly|isolated|derived|expressing|were|was|is|are|after|during|"
    r"without|within|upon|and/or|specifically|respectively|mediated|cells?|lines?|populations?|subsets?|types?|"
    r"clones?|in\s+vitro|in\s+vivo|alone|only|themselves|thus|thereby|then|also|still|even|not|can|could|may|"
    r"might|will|would|should|must|do|does|did|have|has|had|be|being|been|\w+ly|\w+ed)\b)[a-z]",
)
RESULT_CLAUSE = re.compile(r",\s+(?:thereby\s+|thus\s+)?(?:creating|generating|establishing|forming|making|"
                           r"providing|producing|leading|resulting)\b", re.IGNORECASE)
ROLE_OF = re.compile(
    r"(?:key|critical|crucial|important|essential|pivotal|major|central|vital|fundamental)\s+roles?\s+of\s+"
    r"(?:the\s+)?", re.IGNORECASE)
HAS_ACTIVITY = re.compile(  # "have broad and potent anti-tumor activity": an activity named by the paper
    r"\b(?:have|has|possess|possesses|show|shows|exhibit|exhibits|display|displays)\s+(?:(?:[\w-]+\s+)"
    r"(?:and\s+)?){0,3}?((?:anti|pro)-?[a-z]+(?:-[a-z]+)?\s+(?:activity|activities))\b", re.IGNORECASE)
MEANS = re.compile(r"(?i)\b(?:by|through|via)\s+(?:\w+ly\s+)?$")
PURPOSE = re.compile(  # "to V" of purpose, not of "shown to", "able to"
    r"(?:(?<!shown\s)(?<!known\s)(?<!found\s)(?<!able\s)(?<!likely\s)(?<!reported\s)(?<!thought\s)"
    r"(?<!believed\s)(?<!used\s)(?<!seem\s)(?<!seems\s)(?<!appear\s)(?<!appears\s)\bto|\bthereby|\bthus)"
    r"\s+(?:\w+ly\s+)?$", re.IGNORECASE)
INHERITANCE_BREAK = re.compile(
    r"[;:]|(?<![\w-])(?:whereas|while|but|however|although|though|because|since|unlike|compared|in\s+contrast)"
    r"(?![\w-])",
    re.IGNORECASE,
)
IMPROVING = re.compile(r"(?:amelior|alleviat|relie)", re.IGNORECASE)  # lessen a harm; of a function: improve
BENEFIT = re.compile(r"(?:function|recovery|survival|healing|regeneration|repair|tolerance|sensitivity)$")
ADJECTIVAL = re.compile(r"(?:ive|ic|ory|ant|al)$", re.IGNORECASE)  # "immunosuppressive", "pro-angiogenic"
PROPERTY_NOUNS = r"effects?|properties|property|activity|activities|functions?|potential|capacity"
PROPERTY_OF = re.compile(rf"\s+(?:and\s+[\w-]+\s+)?(?:{PROPERTY_NOUNS}|roles?)\s+of\s+(?:the\s+)?", re.IGNORECASE)
PROPERTY = re.compile(rf"\s+(?:and\s+[\w-]+\s+)?(?:{PROPERTY_NOUNS}|phenotypes?)\b", re.IGNORECASE)
POSSESS = re.compile(
    r"(?:possess(?:es|ed)?|ha(?:ve|s|d)|show(?:s|ed)?|exhibit(?:s|ed)?|display(?:s|ed)?|retain(?:s|ed)?)\s+"
    r"(?:\w+\s+)?$", re.IGNORECASE)
SOURCE_AFTER = re.compile(
    r"\s+(?:(?:derived|released|secreted|isolated|purified|obtained|shed)\s+)?(?:from|by|of)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,4}?(?:\([^()]*\)\s+)?", re.IGNORECASE)
RELEASES = re.compile(
    r"\s*(?:\([^()]*\)\s*)?(?:(?:expressing|bearing|lacking|carrying|from|in|of|with)\s+[^,;()]{0,60}?\s+)?"
    r"(?:\w+ly\s+|can\s+|could\s+|may\s+|also\s+|to\s+)*(?:release[sd]?|secrete[sd]?|"
    r"produce[sd]?|shed|sheds|generate[sd]?|export(?:s|ed)?|emit(?:s|ted)?)\s+(?:[\w-]+\s+){0,5}?",
    re.IGNORECASE,
)
MEDIATED_WORD = re.compile(r"[\w-]+-(?:mediated|induced|driven|dependent|derived)")
GAIN_OF = re.compile(  # "overexpression of CD63 inhibits endocytosis": CD63 acts
    r"(?:over-?expression|expression|upregulation|up-regulation|levels?|abundance|presence|secretion|release|"
    r"delivery|transfer)\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
TREATMENT_WITH = re.compile(  # "treatment with MSC exosomes reduced Y": the exosomes act
    r"(?:treatment|treated|administration|injection|injected|infusion|delivery|transfer|transplantation|"
    r"application|incubation|co-culture|immunization|supplementation|exposure)\s+(?:\w+\s+){0,3}?"
    r"(?:of|with|to)\s+(?:the\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
WORD_BEFORE = re.compile(r"\w+$")
MEDIATED = re.compile(r"-(?:mediated|induced|driven|triggered|elicited)(?=\s)", re.IGNORECASE)
EXOSOME_INCLUDING = re.compile(r"\s*,?\s*(?:including|such\s+as|e\.g\.,?|like|namely)\s+", re.IGNORECASE)
CLASS_INCLUDING = re.compile(
    r"\s+(?:cytokines?|chemokines?|factors?|molecules?|proteins?|miRNAs?|microRNAs?|genes?|mediators?)\s*,?\s*"
    r"(?:(?:including|such\s+as|e\.g\.,?|like|namely)\s+|\(\s*)?", re.IGNORECASE)
LIST_RESUME = re.compile(r",\s*(?:and|or|as\s+well\s+as)\s", re.IGNORECASE)
PROCESS_OF = re.compile(r"(?:activation|induction|promotion|enhancement|inhibition|suppression|reduction)\s+of",
                        re.IGNORECASE)
CELL_PROCESS = re.compile(
    r"\s+(activation|proliferation|differentiation|migration|recruitment|expansion|infiltration|polarization|"
    r"polarisation|maturation|exhaustion|apoptosis|survival|function|transformation)\b", re.IGNORECASE)
PATTERN_HINT = re.compile(
    r"(?i)exosomal|exosome-|\bs?EV-|vesicular|marker|hallmark|surrogate|used\s+to|-mediated|-induced|-driven|"
    r"-triggered|-elicited|\brole|activit")
NEGATION_WORDS = frozenset({"no", "not", "without", "neither", "nor", "cannot", "unable"})
RELATIVE_START = re.compile(r"(?:,\s*|\s)(?:which|that|who|whose)\s", re.IGNORECASE)
MODIFIER = re.compile(r"-(?:mediated|induced|dependent|driven|associated|related|specific|positive|negative)\b")
LOSS_OF_FUNCTION = re.compile(  # "X knock-out reduced Y" says X promotes Y (ANNOTATION.md); "X-/- mice"
    r"\s*-?\s*(?:(?:knock-?outs?|knock-?downs?|deficiency|deficient|depletion|silencing|loss|deletion|ablation|"
    r"blockade|inhibitors?|antagonists?|null)\b|[-\u2212]/[-\u2212])",
    re.IGNORECASE,
)
LOSS_BEFORE = re.compile(
    r"(?:loss|knock-?down|knock-?out|depletion|silencing|deletion|ablation|blockade|absence|lack|inhibition|"
    r"inhibiting|blocking|knocking\s+down|knocking\s+out|silencing|depleting|deleting)\s+(?:of\s+)?"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
DID_NOT_AFFECT = re.compile(r"^(?:affect|alter|change|influence|impact|effects?)", re.IGNORECASE)

# --- outcomes named by the paper's own words ----------------------------------------------------

_PHRASE = re.compile(
    r"\s+(?:(?:the|a|an|its|their|this|these|both|significant|significantly|marked|markedly|further|"
    r"greater|strong|potent|robust|overall|increased|decreased|reduced|enhanced|improved)\s+)*"
    r"((?:[A-Za-z][a-z0-9-]*\s+){0,3}?[A-Za-z][a-z0-9-]*)"
    r"(?=\s*(?:[,.;:()\[]|$)|\s+(?:and|or|of|in|by|from|through|via|with|to|at|on|for|compared|than|after|"
    r"during|without|within|when|while|which|that|whereas|as|thereby|thus|among|following|both|is|are|was|"
    r"were|has|have|had)\b)",
    re.IGNORECASE,
)
NOT_OUTCOME_WORDS = _words("""
the a an its their this these those it them they we our which that such other another each every both all some
any more most less least many much several various certain different same new novel key major important
critical crucial essential significant potential possible further multiple numerous specific is are was were
be been being has have had do does did can could may might will would should must not no only also well very
highly by with from for at on in of to as
""")
# Heads that name a thing, a measurement or a process too general to be an outcome on its own.
NOT_OUTCOME_HEADS = _words("""
cell cells expression level levels role roles effect effects ability capacity number numbers amount amounts
pathway pathways gene genes protein proteins rna rnas mrna mrnas mirna mirnas microrna micrornas molecule
molecules factor factors exosome exosomes vesicle vesicles ev evs cargo cargos communication crosstalk
interaction interactions mechanism mechanisms process processes change changes phenotype phenotypes status
state condition conditions treatment therapy patient patients mice mouse rats rat model models group groups
control controls study studies data result results way ways part use target targets marker markers biomarker
biomarkers substance substances information content contents component components material materials
population populations type types tissue tissues organ organs tumor tumors tumour tumours lesion lesions site
sites environment microenvironment system systems program programs programme programmes modification modifications
delivery morphology shape appearance property properties characteristic characteristics feature features
location locations spectrum switch alteration alterations transducer transducers stage stages grade grades
genotype genotypes polymorphism polymorphisms
knockdown knock-down knockout knock-out efficacy efficiency utility utilization reproducibility accuracy
specificity yield quality safety feasibility stability immunotherapy immunotherapies vaccine vaccines
vaccination
""")
# Single words that need a modifier to be an outcome ("growth" alone could be of anything).
NEEDS_MODIFIER = _words("""
activity function response responses formation development growth progression release secretion production
signaling signalling uptake transfer
""")
# Diseases are settings, not outcomes (ANNOTATION.md); nouns of trigger verbs name the effect, not its object;
# prepositions and participles end a noun phrase.
DISEASE_WORDS = _words("""
cancer cancers tumor tumors tumour tumours carcinoma carcinomas disease diseases disorder disorders syndrome
syndromes infection infections
""")
NOT_OUTCOME_WORDS |= DISEASE_WORDS | _words("""
inhibition activation induction suppression promotion enhancement reduction
increase decrease elevation attenuation blockade stimulation regulation modulation pathophysiology upon into
onto across toward towards within without via per than then thus also even still depending including leading
resulting using following according compared regarding involving
""")


ADJECTIVE_END = re.compile(r"(?:ic|al|ous|ive|ary|ory|able|ible|ful|less|ed)$")
DISEASE_END = re.compile(r"(?:itis|oma|omas|emia|aemia|pathy|pathies|plasia|opathy)$")  # diseases are settings


def outcome_phrases(sentence: str, position: int) -> list[Argument]:
    """Noun phrases right after an effect verb (at ``position``), as new outcomes (``reduced infarct size and
    fibrosis``)."""
    found: list[Argument] = []
    while (phrase := outcome_phrase(sentence, position)) is not None:
        found.append(phrase)
        joint = re.match(r"\s*,?\s+(?:and|or)(?=\s)", sentence[phrase.end :])
        if joint is None:
            break
        position = phrase.end + joint.end()
    return found


def outcome_phrase(sentence: str, position: int) -> Argument | None:
    """The noun phrase at ``position``, if it can name an outcome."""
    match = _PHRASE.match(sentence, position)
    if not match:
        return None
    phrase = match.group(1)
    words = [w for w in phrase.lower().split() if not MEDIATED_WORD.fullmatch(w)]  # the mediator is the subject
    if not words:
        return None
    if (len(words) == 1 and words[0] in ("tumor", "tumors", "tumour", "tumours")) or (
            words[-1] == "growth" and any(w in DISEASE_WORDS or DISEASE_END.search(w) for w in words[:-1])):
        # "shrink the tumor", "glioma xenograft growth"
        return Argument("OUTCOME", "", "tumor growth", match.start(1), match.end(1), phrase, implicit=True)
    if words[-1] in NOT_OUTCOME_HEADS or any(w in NOT_OUTCOME_WORDS or w.endswith("ly") for w in words
                                             if w not in DISEASE_WORDS or w == words[-1]):
        return None  # a disease may qualify an outcome ("cancer progression"), not be one
    if len(words) == 1 and (words[0] in NEEDS_MODIFIER or re.match(r"\s+of\s", sentence[match.end(1) :])):
        return None
    if find_triggers(phrase) or ADJECTIVE_END.search(singular(words[-1])) or DISEASE_END.search(words[-1]):
        return None  # "the morphologic and functional recovery": an adjective is no outcome; "colitis" a disease
    if any(w.endswith("ed") for w in words[:-1]):
        return None  # "macrophages secreted exosomes": a verb inside is no noun phrase
    if len(words) == 1 and (len(phrase) < 5 or phrase.endswith(("ed", "ing"))):
        return None
    name = " ".join([*words[:-1], singular(words[-1])]).lower()
    return Argument("OUTCOME", "", name, match.start(1), match.end(1), phrase, implicit=True)


LIST_ITEM = re.compile(r"[^,;:()\[\]]+")
ITEM_JOINT = re.compile(r"\s+(?:and|or|as well as)\s+")
ITEM_LEAD = re.compile(r"^\s*(?:(?:and|or|as well as)\s+)?")
LIST_HEAD = re.compile(  # the words before a list's first item: "characterized by", "such as", "including"
    r"\b(?:by|of|in|to|with|including|include|includes|such\s+as|like|as|are|is|was|were)\s+"
    r"(?=(?:[\w-]+\s+){0,4}[\w-]+\s*$)", re.IGNORECASE)


def list_siblings(sentence: str, args: tuple[Argument, ...] | list[Argument]) -> list[Argument]:
    """Items of a list that names two outcomes or more are outcomes too, when they are noun phrases that
    can name one: "characterized by increased vascular permeability, extracellular matrix remodeling,
    angiogenesis and immunosuppression" (a list names things of one kind)."""
    outcomes = [a for a in args if a.type == "OUTCOME"]
    if len(outcomes) < 2 or "," not in sentence:
        return []
    items: list[tuple[int, int]] = []  # comma-separated pieces, the last split at its "and"
    for piece in LIST_ITEM.finditer(sentence):
        start, end = piece.start() + len(ITEM_LEAD.match(piece.group()).group()), piece.end()
        joint = max(ITEM_JOINT.finditer(sentence, start, end), key=lambda m: m.start(), default=None)  # the last
        if joint is not None:
            items += [(start, joint.start()), (joint.end(), end)]
        else:
            items.append((start, end))
    items = [(start, len(sentence[:end].rstrip(" ."))) for start, end in items]
    named = [any(a.start >= start and a.end <= end for a in outcomes) and not any(
        a.type != "OUTCOME" and a.start < end and start < a.end for a in args) for start, end in items]
    found: list[Argument] = []
    for number, (start, end) in enumerate(items):
        # the first item follows its verb or preposition: the last such word before it
        tail = max(LIST_HEAD.finditer(sentence, start, end), key=lambda m: m.start(), default=None)
        if tail is not None and tail.start() > 0 and not any(tail.end() < a.end and a.start < end for a in args):
            start = tail.end()  # (not a sentence's opening "In addition, ...")
        if named[number] or any(a.start < end and start < a.end for a in args):
            continue
        neighbours = named[max(0, number - 2) : number] + named[number + 1 : number + 3]
        words = sentence[start:end].lower().split()
        if sum(neighbours) < 2 or len(words) > 5 or any(w in ("cell", "cells") or MEDIATED_WORD.fullmatch(w)
                                                        for w in words):
            continue  # not inside a list of outcomes, more than a noun phrase, or cells ("BMDC recruitment")
        phrase = outcome_phrase(sentence, start - 1) if start and sentence[start - 1].isspace() else None
        if phrase is not None and phrase.end == end:
            found.append(phrase)
    return found


# --- entity groups ------------------------------------------------------------------------------


def _in_prepositional_phrase(sentence: str, arg: Argument, floor: int) -> bool:
    return bool(PREPOSITION.search(sentence[max(floor, arg.start - 40) : arg.start]))


def _left_list(sentence: str, args: list[Argument], head: Argument, types: tuple[str, ...]) -> list[Argument]:
    """``head`` and the entities joined to it on its left by a list (``A, B and head``)."""
    group = [head]
    for arg in reversed([a for a in args if a.end <= head.start]):
        if arg.type not in types or not LIST_GAP.match(sentence[arg.end : group[-1].start]):
            break
        group.append(arg)
    return group[::-1]


def _right_list(sentence: str, args: list[Argument], first: Argument, types: tuple[str, ...],
                limit: int) -> list[Argument]:
    """``first`` and the entities joined to it on its right by a list, before ``limit``."""
    group = [first]
    last_end = first.end
    following = [a for a in args if a.start >= first.end and a.end <= limit]
    for number, arg in enumerate(following):
        if arg.start < last_end:
            continue
        after = following[number + 1] if number + 1 < len(following) else None
        if (arg.type == "CELL_TYPE" and after is not None and after.type in types and after.type == "OUTCOME"
                and re.fullmatch(r"\s+", sentence[arg.end : after.start])
                and LIST_GAP.match(sentence[last_end : arg.start])):
            group.append(after)  # "... and cancer cell lysis": the cells say whose lysis
            last_end = after.end
            continue
        if arg.type not in types or not LIST_GAP.match(sentence[last_end : arg.start]):
            break
        group.append(arg)
        last_end = arg.end
    return group


def _without_class_labels(text: str, args: list[Argument]) -> list[Argument]:
    """``tetraspanins CD9/CD63/CD81``: a family named right before its members labels them; it is no item."""
    return [a for number, a in enumerate(args) if not (
        a.type == "MARKER" and (not a.id or a.id.startswith("FPLX:")) and number + 1 < len(args)
        and args[number + 1].type == "MARKER" and re.fullmatch(r"\s+", text[a.end : args[number + 1].start]))]


def _without_bracketed_repeats(text: str, args: list[Argument]) -> list[Argument]:
    """``myeloid-derived suppressor cells (MDSCs)``: the bracketed short form is the same entity, not a
    second one (it would otherwise stand as a subject of its own)."""
    kept: list[Argument] = []
    for arg in args:
        if kept and re.fullmatch(r"\s*\(\s*", text[kept[-1].end : arg.start]) and (
                kept[-1].key == arg.key or kept[-1].name == f"{arg.name} exosome"):
            continue  # "exosomes released from adipose stromal cells (ASCs)": the short form of the source
        kept.append(arg)
    return kept


def _coordinated_sources(text: str, args: list[Argument]) -> list[Argument]:
    """``exosomes released from MSCs and iPS cells``: the second cell is the source of a second population."""
    out = list(args)
    for number, arg in enumerate(args[:-1]):
        following = args[number + 1]
        if (arg.type == "EXOSOME" and arg.name != GENERIC_EXOSOME and following.type == "CELL_TYPE"
                and re.fullmatch(r"\s*(?:,\s*)?(?:and|or|and/or)\s+", text[arg.end : following.start])
                and not re.match(r"\s*(?:\w+\s+)?(?:exosomes?|EVs?|vesicles?)", text[following.end :])):
            out[number + 1] = replace(following, type="EXOSOME", name=f"{following.name} exosome")
    return out


EXOSOMAL_CLASS = re.compile(
    r"(?<![\w-])(?:exosomal|exosome-derived|EV-derived|vesicular)\s+(?:[\w-]+\s+)?(?:miRNAs?|microRNAs?|"
    r"proteins?|RNAs?|mRNAs?|lncRNAs?|cargos?|cargoes|contents?|molecules?|factors?|DNA)(?![\w-])",
    re.IGNORECASE,
)


def _exosomal_classes(text: str, args: list[Argument]) -> list[Argument]:
    """``Exosomal miRNAs promote ...`` with no miRNA named: the exosomes are the subject."""
    return [Argument("EXOSOME", "", GENERIC_EXOSOME, m.start(), m.end(), m.group(0), True)
            for m in EXOSOMAL_CLASS.finditer(text)
            if not any(a.start < m.end() and m.start() < a.end for a in args)]


@dataclass(frozen=True)
class Sentence:
    """One sentence and what the entity stage found in it (offsets relative to the sentence)."""

    text: str
    args: tuple[Argument, ...]


class SentenceReader:
    """Reads the claims of one sentence, in the context of the previous one."""

    def __init__(self, sentence: Sentence, state: SentenceState):
        self.text = sentence.text
        self.state = state
        args = list(sentence.args)
        types = [a.type for a in args]
        if "(" in self.text:
            args = _without_bracketed_repeats(self.text, args)
        if types.count("MARKER") > 1:
            args = _without_class_labels(self.text, args)
        if "EXOSOME" in types and "CELL_TYPE" in types:
            args = _coordinated_sources(self.text, args)
        lowered = self.text.lower()
        if "exosom" in lowered or "ev-" in lowered or "vesic" in lowered:
            args += _exosomal_classes(self.text, args)
        self.args = args
        self.args.sort(key=lambda a: (a.start, a.end))
        self._arg_starts = [a.start for a in self.args]
        words = words_of(self.text)
        self.word_set = {w for _, _, w in words}
        self.triggers = [t for t in find_triggers(self.text, words) if not self._inside_entity(t)]
        self.verbs = [t for t in self.triggers if not t.affix]
        self._scopes: list[Scope] | None = None
        boundaries = clause_boundaries(self.text, words)
        self._boundary_starts = [a for a, _ in boundaries]
        self._boundary_ends = sorted(b for _, b in boundaries)
        self.claims: list[Claim] = []
        self.carried_by: dict[tuple[int, int], tuple[Argument, Trigger]] = {}
        self.subjects: dict[int, list[Argument]] = {}
        self.loose: set[int] = set()  # triggers whose subject is not right before them
        self.taken: set[tuple[int, int]] = set()  # entities already the object of an earlier verb
        self.object_start: dict[int, int] = {}  # where a verb's object starts after cell modifiers
        self.last_objects: list[Argument] = []  # the objects of the latest effect verb
        self.absorbed: set[int] = set()  # noun triggers read as part of an earlier verb's object

    # -- helpers --

    def _inside_entity(self, trigger: Trigger) -> bool:
        """A trigger word inside an entity ("T cell activation") is part of its name."""
        index = bisect_right(self._arg_starts, trigger.start) - 1
        return any(a.start <= trigger.start < a.end or a.start < trigger.end <= a.end
                   for a in self.args[max(0, index - 2) : index + 2])

    def _clause_start(self, position: int) -> int:
        """Where the clause holding ``position`` starts (after the last boundary before it)."""
        index = bisect_right(self._boundary_ends, position)
        return self._boundary_ends[index - 1] if index else 0

    def _clause_end(self, position: int) -> int:
        index = bisect_left(self._boundary_starts, position)
        return self._boundary_starts[index] if index < len(self._boundary_starts) else len(self.text)

    def _before(self, position: int, width: int = 80) -> str:
        """The text just before ``position``: what the patterns anchored at their end need to see."""
        return self.text[max(0, position - width) : position]

    @property
    def scopes(self) -> list[Scope]:
        """ConText scopes, computed on the first claim (most sentences make none)."""
        if self._scopes is None:
            self._scopes = scopes(self.text)
        return self._scopes

    def _claim(self, subject: Argument, predicate: str, obj: Argument, trigger: Trigger, confidence: float,
               negated: bool | None = None) -> None:
        if subject.key == obj.key:
            return
        flags = flags_at(self.scopes, trigger.start)
        if trigger.start in self.loose:
            confidence -= 0.2
        self.claims.append(Claim(subject, predicate, obj, trigger.text, trigger.start, flags.hedged,
                                 flags.negated if negated is None else negated, round(confidence, 2)))

    def _previous_verb(self, trigger: Trigger) -> Trigger | None:
        before = [t for t in self.verbs if t.end <= trigger.start]
        return before[-1] if before else None

    def _next_verb(self, trigger: Trigger) -> Trigger | None:
        after = [t for t in self.verbs if t.start >= trigger.end]
        return after[0] if after else None

    def _subject_group(self, trigger: Trigger, types: tuple[str, ...], prepositional: bool = False,
                       ) -> list[Argument]:
        """The nearest entity group left of ``trigger`` in its clause; a prepositional object (``exosomes
        *from MSCs* promote``) only when ``prepositional`` (the types alone give the direction). A group
        separated from its verb by more than adverbs, auxiliaries or a relative pronoun is taken with
        less confidence."""
        floor = self._clause_start(trigger.start)
        previous = self._previous_verb(trigger)
        if previous is not None:
            floor = max(floor, previous.end)
        candidates = [a for a in self.args if floor <= a.start and a.end <= trigger.start]
        for arg in reversed(candidates):
            gap = self.text[arg.end : trigger.start]
            relative = RELATIVE_ADJACENT.match(gap)
            pronoun = list(RELATIVE_WORD.finditer(gap))
            if pronoun and not relative:
                if len(gap[: pronoun[-1].start()].split()) > 4:  # "..., the microenvironment, which can block"
                    return self._carrier_of_relative(trigger)
                relative = pronoun[-1]  # "BAG6 on their surface, which has been shown to enhance"
            head = _left_list(self.text, self.args, arg, types)[0] if arg.type in types else arg
            if arg.type not in types or (not prepositional and not relative and _in_prepositional_phrase(
                    self.text, head, floor) and not LOSS_BEFORE.search(self._before(head.start))
                    and not (arg.type == "EXOSOME" and TREATMENT_WITH.search(self._before(arg.start)))
                    and not (arg.type in CARGO and GAIN_OF.search(self._before(head.start)))):
                continue
            if (arg.start, arg.end) in self.taken and not relative:
                continue
            if not SUBJECT_LEAD.match(self._between(arg, trigger)) and not relative and not self._close_enough(
                    arg, trigger):
                self.loose.add(trigger.start)
            return _left_list(self.text, self.args, arg, types)
        if RELATIVE_WORD.search(self.text[floor : trigger.start]):
            return self._carrier_of_relative(trigger)  # "X express molecules, which can be transferred to"
        return []

    def _carrier_of_relative(self, trigger: Trigger) -> list[Argument]:
        """A relative clause on an unnamed noun: ``Texs included molecules that enhance metastasis`` says the
        exosomes that carry them do; any other antecedent is not an entity."""
        previous = self._previous_verb(trigger)
        if previous is not None and previous.cls == CARRY:
            return [a for a in self.subjects.get(previous.start, []) if a.type == "EXOSOME"]
        if previous is not None and previous.cls in (PROMOTE, INHIBIT) and RESULT_CLAUSE.search(
                self.text[previous.end : trigger.start]):  # "induce X, creating a niche that is conducive to Y"
            return self.subjects.get(previous.start, [])
        return []

    def _between(self, arg: Argument, trigger: Trigger) -> str:
        gap = self.text[arg.end : trigger.start]
        return re.sub(r"\([^()]*\)", " ", gap)  # an aside in brackets does not separate

    def _close_enough(self, arg: Argument, trigger: Trigger) -> bool:
        gap = self._between(arg, trigger)
        return len(gap.split()) <= 3 and not re.search(r"[,;:]", gap)

    def _object_group(self, trigger: Trigger, types: tuple[str, ...], start: int | None = None) -> list[Argument]:
        """The entity group right after ``trigger`` (or ``start``), before the clause or the next verb ends."""
        start = trigger.end if start is None else start
        limit = self._clause_end(start)
        following = self._next_verb(trigger)
        if following is not None:
            limit = min(limit, following.start)
        for arg in self.args:
            if arg.start < start or arg.end > limit:  # ``start`` moves past a cell that only qualifies
                continue
            if arg.type not in types:
                if PREPOSITION.search(self.text[start : arg.start] + " ") or MODIFIER.match(self.text, arg.end):
                    continue  # "of PD-L1", "caspase-mediated apoptosis": not the object itself
                return []
            modifier = MODIFIER.match(self.text, arg.end)
            process = CELL_PROCESS.match(self.text, arg.end)
            if arg.type == "CELL_TYPE" and process and not any(
                    o.start == process.start(1) for o in self.args if o.type == "OUTCOME"):
                end = process.end(1)  # "cancer-associated fibroblast activation": an outcome the vocabulary lacks
                self.taken.add((arg.start, arg.end))
                return [Argument("OUTCOME", "", f"{arg.name} {process.group(1).lower()}", arg.start, end,
                                 self.text[arg.start : end], implicit=True)]
            if arg.type == "CELL_TYPE" and (modifier or CELL_MODIFIER.match(self.text, arg.end)):
                if not OBJECT_LEAD.match(self.text[start : arg.start]) or PREPOSITION.search(
                        self.text[start : arg.start]):
                    return []  # "the exchange of information within stem cell hierarchies": not the object
                start = arg.end  # "T cell apoptosis", "NK cell cytokine release": the cells say whose
                self.object_start[trigger.start] = modifier.end() if modifier else arg.end
                self.taken.add((arg.start, arg.end))
                continue
            if arg.type == "OUTCOME" and any(m.type in CARGO and m.start >= arg.end and re.fullmatch(
                    r"\s*", self.text[arg.end : m.start]) for m in self.args):
                return []  # "anti-inflammatory IL-10": an adjective of a molecule
            if not OBJECT_LEAD.match(self.text[start : arg.start]):
                return []
            return _right_list(self.text, self.args, arg, types, limit)
        return []

    def _by_group(self, trigger: Trigger, types: tuple[str, ...]) -> list[Argument]:
        match = BY_PHRASE.match(self.text, trigger.end)
        if not match:
            return []
        return self._object_group(trigger, types, match.end())

    def _topic(self, trigger: Trigger) -> Argument | None:
        """The previous sentence's exosome when this clause opens with ``They`` or ``These exosomes``."""
        floor = max(self._clause_start(trigger.start), 0)
        if not ANAPHOR.match(self.text[floor : trigger.start]):
            return None
        earlier = [c.subject for c in self.claims if c.subject.type == "EXOSOME" and c.trigger_start < floor]
        earlier += [a for a in self.args if a.type == "EXOSOME" and a.end <= floor]
        earlier.sort(key=lambda a: a.name == GENERIC_EXOSOME)  # a sourced population first
        if earlier:  # "MSC exosomes promote X, but they may inhibit Y"; "analysis of Dexs showed that it ..."
            return replace(earlier[0], start=floor, end=floor, implicit=True)
        if self.state.topic is None:
            return None
        if any(a.start >= floor and a.end <= trigger.start and a.type == "EXOSOME" and a.name != GENERIC_EXOSOME
               for a in self.args):
            return None
        return replace(self.state.topic, start=floor, end=floor, implicit=True)

    # -- passes --

    def released_sources(self) -> None:
        """``tumor cells release exosomes that ...``, ``exosomes from AML blasts``: exosomes a named cell
        releases come from that cell."""
        for number, arg in enumerate(self.args):
            if arg.type != "EXOSOME" or arg.name != GENERIC_EXOSOME or arg.implicit:
                continue
            before = [c for c in self.args if c.type == "CELL_TYPE" and c.end <= arg.start][-3:]
            source = next((c for c in reversed(before) if RELEASES.fullmatch(self.text[c.end : arg.start])), None)
            if source is None:
                source = next((c for c in self.args if c.type == "CELL_TYPE" and c.start >= arg.end and
                               SOURCE_AFTER.fullmatch(self.text[arg.end : c.start])), None)
            if source is not None:
                self.args[number] = replace(arg, id=source.id, name=f"{source.name} exosome")

    def resolve_pointing(self) -> None:
        """``these exosomes`` (generic) stands for the previous sentence's sourced exosomes."""
        topic = self.state.topic
        if topic is None or topic.name == GENERIC_EXOSOME:
            return
        for number, arg in enumerate(self.args):
            if arg.type == "EXOSOME" and arg.name == GENERIC_EXOSOME and POINTING.search(self._before(arg.start)):
                self.args[number] = replace(topic, start=arg.start, end=arg.end, text=arg.text)

    def exosomal_cargo(self) -> None:
        """``exosomal miR-21``, ``tumor-derived exosomal PD-L1``: the exosomes carry the molecule."""
        for match in EXOSOMAL.finditer(self.text):
            holder = next((a for a in self.args if a.type == "EXOSOME" and a.start <= match.start() < a.end), None)
            if holder is None:
                if any(a.start <= match.start() < a.end for a in self.args):
                    continue
                holder = Argument("EXOSOME", "", GENERIC_EXOSOME, match.start(), match.end(), match.group(0), True)
            trigger = Trigger(match.start(), match.end(), CARRY, match.group(0))
            cargo = [a for a in self.args if a.start >= match.end() and a.type in CARGO]
            if not cargo or not re.fullmatch(
                    r"\s+(?:[\w-]+\s+)?(?:(?:secretion|release|expression|levels?|content|loading|sorting|"
                    r"packaging|abundance)\s+of\s+(?:the\s+)?)?", self.text[match.end() : cargo[0].start]):
                continue  # "exosomal miR-21", "exosomal surface PD-L1", "the exosomal secretion of CD63"
            for arg in _right_list(self.text, self.args, cargo[0], CARGO, len(self.text)):
                self._claim(holder, "carries", arg, trigger, 0.9)
                self.carried_by[(arg.start, arg.end)] = (holder, trigger)

    def marker_defined_populations(self) -> None:
        """``CD63 exosomes``, ``CD81 EVs``: a population named by a marker carries it, and the marker marks it."""
        for marker in (a for a in self.args if a.type == "MARKER"):
            exosome = next((a for a in self.args if a.type == "EXOSOME" and a.name == GENERIC_EXOSOME
                            and a.start == marker.end + 1 and self.text[marker.end] == " "), None)
            if exosome is None or re.match(r"\s*(?:-|\+)", self.text[marker.end :]):
                continue
            trigger = Trigger(marker.start, exosome.end, CARRY, self.text[marker.start : exosome.end])
            self._claim(marker, "marker_of", exosome, trigger, 0.7)
            self._claim(exosome, "carries", marker, trigger, 0.7)

    def affixed_cargo(self) -> None:
        """``miR-21-loaded exosomes``, ``CD63+ EVs``, ``PD-L1-containing vesicles``."""
        for trigger in (t for t in self.triggers if t.affix and t.cls == CARRY):
            cargo = next((a for a in self.args if a.type in CARGO and a.end <= trigger.start and re.fullmatch(
                r"(?:\s+mimics?)?", self.text[a.end : trigger.start])), None)
            holder = next((a for a in self.args if a.type == "EXOSOME" and a.start >= trigger.end and re.fullmatch(
                r"[\s,]*(?:[\w-]+\s+){0,2}", self.text[trigger.end : a.start])), None)
            if cargo is None or holder is None:
                continue
            group = _left_list(self.text, self.args, cargo, CARGO)
            for arg in group:
                self._claim(holder, "carries", arg, trigger, 0.9)
                self.carried_by[(arg.start, arg.end)] = (holder, trigger)

    def cargo_in_exosomes(self) -> None:
        """``Ago2, HSP90 and miR-122 in exosomes``, ``levels of miR-21 within serum EVs``, ``the compounds in
        the exosomes, including perforin and granzymes``."""
        cargo_ends = [a.end for a in self.args if a.type in CARGO]
        for exosome in (a for a in self.args if a.type == "EXOSOME"):
            held = any(exosome.start - 120 <= end <= exosome.start for end in cargo_ends)
            via = CARGO_VIA.search(self.text, max(0, exosome.start - 120), exosome.start) if held else None
            cargo = next((a for a in self.args if via and a.end == via.start() and a.type in CARGO), None)
            if cargo is not None:  # "Wnt3a could be exported to neighboring cells via exosomes"
                trigger = Trigger(via.start(), via.end(), CARRY, via.group(0).strip())
                for arg in _left_list(self.text, self.args, cargo, CARGO):
                    self._claim(exosome, "carries", arg, trigger, 0.7)
            listed = EXOSOME_INCLUDING.match(self.text, exosome.end)
            first = next((a for a in self.args if listed and a.start == listed.end() and a.type in CARGO), None)
            if first is not None and re.search(r"(?i)\b(?:in|within|of|inside)\s+(?:the\s+)?$",
                                               self._before(exosome.start, 20)):
                trigger = Trigger(listed.start(), listed.end(), CARRY, listed.group(0).strip(" ,"))
                for arg in _right_list(self.text, self.args, first, CARGO, self._clause_end(first.start)):
                    self._claim(exosome, "carries", arg, trigger, 0.7)
            link = CARGO_IN.search(self.text, max(0, exosome.start - 120), exosome.start) if held else None
            if not link:  # no molecule before these exosomes: nothing they could be said to hold
                continue
            cargo = [a for a in self.args if a.type in CARGO and a.end == link.start()]
            if not cargo:
                continue
            if PRESENCE_OF.search(self._before(_left_list(self.text, self.args, cargo[0], CARGO)[0].start)) is None \
                    and re.match(r"\s+on\s", link.group(0)) and not re.search(r"(?i)surface|express|present|distribut|"
                                                                            r"exist|locat|found|detect", link.group(0)):
                continue  # a bare "X on exosomes" needs "presence of" or a verb of location
            trigger = Trigger(link.start(), link.end(), CARRY, link.group(0).strip())
            for arg in _left_list(self.text, self.args, cargo[0], CARGO):
                if not SILENCER.match(self.text, arg.end):
                    self._claim(exosome, "carries", arg, trigger, 0.7)

    def markers(self) -> None:
        """``CD63, CD9 and TSG101 are exosomal markers``; ``markers of exosomes such as CD81``."""
        for match in MARKER_WORD.finditer(self.text):
            before = self.text[max(0, match.start() - 40) : match.start()]
            after = self.text[match.end() : match.end() + 60]
            if not (MARKER_OF_EXOSOMES_BEFORE.search(before) or MARKER_OF_EXOSOMES_AFTER.match(after)):
                continue  # "stem cell markers", "the MSC marker CD105": markers of something else
            trigger = Trigger(match.start(), match.end(), CARRY, match.group(0))
            exosome = self._exosome_near(match.start(), match.end())
            markers = self._subject_group(trigger, ("MARKER",))
            if not markers:
                start = self._after_marker_phrase(match.end())
                limit = self._clause_end(start)
                markers = [a for a in self.args if a.type == "MARKER" and start <= a.start and a.end <= limit]
            for marker in markers:
                self._claim(marker, "marker_of", exosome, trigger, 0.85)
                self._claim(exosome, "carries", marker, trigger, 0.8)

    def _after_marker_phrase(self, position: int) -> int:
        tail = re.match(r"(?i)\s*(?:of|for)\s+(?:the\s+)?(?:exosomes?|EVs?|sEVs?|extracellular\s+vesicles?|"
                        r"vesicles?)\s*|\s*", self.text[position:])
        after = position + (tail.end() if tail else 0)
        such = re.match(r"(?i)\s*(?:,\s*)?(?:such\s+as|including|like|e\.g\.,?|namely|\(|:)\s*", self.text[after:])
        return after + (such.end() if such else 0)

    def _exosome_near(self, start: int, end: int) -> Argument:
        named = [a for a in self.args if a.type == "EXOSOME"]
        if named:
            return min(named, key=lambda a: min(abs(a.start - end), abs(start - a.end)))
        return Argument("EXOSOME", "", GENERIC_EXOSOME, start, end, "exosome", True)

    def verbs_of(self) -> None:
        negation = bool(self.word_set & NEGATION_WORDS) or "n't" in self.text or any(
            w.startswith(("fail", "lack", "absen")) for w in self.word_set)
        for number, trigger in enumerate(self.verbs):
            if trigger.cls == NEUTRAL and not negation and number == len(self.verbs) - 1:
                continue  # a last verb with no direction and no negation says nothing (and hands nothing on)
            if trigger.cls == CARRY:
                self._carry(trigger)
            elif trigger.cls == TARGET:
                self._target(trigger)
            elif trigger.cls in (PROMOTE, INHIBIT, NEUTRAL) and trigger.start not in self.absorbed:
                self._effect(trigger)

    def _carry(self, trigger: Trigger) -> None:
        types = ("EXOSOME", *CARGO)
        left = self._subject_group(trigger, types, prepositional=True)
        previous = self._previous_verb(trigger)
        if not left and previous is not None and MEANS.search(self._before(trigger.start, 30)):
            left = [a for a in self.subjects.get(previous.start, []) if a.type == "EXOSOME"]  # "promoted X by
            # transferring miR-21 to tumor cells": the same exosomes transfer it
        if not left:
            topic = self._topic(trigger)
            left = [topic] if topic is not None else []
        right = self._object_group(trigger, types)
        if right and right[0].type in CARGO:
            right = self._cargo_clause(trigger, right[0])
        elif any(a.type == "EXOSOME" for a in left) and not any(a.type in CARGO for a in right):
            first = self._first_cargo(trigger)
            right = self._cargo_clause(trigger, first) if first is not None else []
        pairs = [(e, c) for e in left for c in right if e.type == "EXOSOME" and c.type in CARGO]
        pairs += [(e, c) for c in left for e in right if e.type == "EXOSOME" and c.type in CARGO]
        pairs = [(e, c) for e, c in pairs if not SILENCER.match(self.text, c.end)]
        exosomes = [a for a in left if a.type == "EXOSOME"]
        if exosomes and DELIVERY.match(trigger.text):
            for cell in self._recipients(right[-1].end if right else trigger.end, trigger):
                for exosome in exosomes:
                    self._claim(exosome, "targets", cell, trigger, 0.7)
        self.taken.update((c.start, c.end) for _, c in pairs if c.start > trigger.start)
        for exosome, cargo in pairs:
            self._claim(exosome, "carries", cargo, trigger, 0.85)
            reduced = trigger.gerund or trigger.participle or RELATIVE_ADJACENT.match(
                self.text[exosome.end : trigger.start])  # "exosomes, which carry X" (not "showed that it carries X")
            if reduced and exosome.start < cargo.start:
                self.carried_by[(cargo.start, cargo.end)] = (exosome, trigger)
        if left:
            self.subjects[trigger.start] = left

    def _recipients(self, position: int, trigger: Trigger) -> list[Argument]:
        """``deliver X (specifically) to neurons, microglia and ...``: the cells the cargo reaches."""
        match = re.match(r"(?:\s+[\w-]+){0,5}?\s+(?:\w+ly\s+)?(?:to|into)\s+(?:the\s+)?(?:recipient\s+|human\s+)?",
                         self.text[position:])
        if not match:
            return []
        start = position + match.end()
        first = next((a for a in self.args if a.start == start and a.type == "CELL_TYPE"), None)
        if first is None:
            return []
        return _right_list(self.text, self.args, first, ("CELL_TYPE",), self._clause_end(start))

    def _cargo_clause(self, trigger: Trigger, first: Argument) -> list[Argument]:
        """Every molecule a carry verb lists, class nouns and ``including`` between them (``carry MHC-I
        molecules, HSP70, and co-stimulatory molecules including CD80, CD86``), skipping relative clauses
        inside the list (``peptide/MHC complexes that trigger T cell responses, and ...``), up to the clause
        end or the next verb outside such a clause."""
        limit = self._clause_end(first.start)
        skipped: list[tuple[int, int]] = []
        position = first.end
        while (relative := RELATIVE_START.search(self.text, position, limit)) is not None:
            resume = LIST_RESUME.search(self.text, relative.end(), limit)
            if resume is None:
                limit = relative.start()
                break
            skipped.append((relative.start(), resume.start()))
            position = resume.end()
        verbs = [t for t in self.verbs if t.start > first.start and t.start < limit
                 and not any(a <= t.start < b for a, b in skipped)]
        if verbs:
            limit = verbs[0].start
        return [a for a in self.args if first.start <= a.start and a.end <= limit and a.type in CARGO
                and not any(x <= a.start < y for x, y in skipped)]

    def _first_cargo(self, trigger: Trigger) -> Argument | None:
        """The first molecule after a carry verb in its clause (``includes the components ..., such as tubulin``)."""
        limit = self._clause_end(trigger.end)
        for arg in self.args:
            if arg.start >= trigger.end and arg.end <= limit and arg.type in CARGO:
                between = [t for t in self.verbs if trigger.end <= t.start < arg.start]
                return None if between else arg
        return None

    def _target(self, trigger: Trigger) -> None:
        types = ("EXOSOME", "CELL_TYPE")
        left = (self._subject_group(trigger, types, prepositional=True)
                or [t for t in [self._topic(trigger)] if t is not None])
        previous = self._previous_verb(trigger)
        if not left and previous is not None and previous.cls == CARRY and trigger.participle:
            left = [a for a in self.subjects.get(previous.start, []) if a.type == "EXOSOME"]  # "Texs expressed
            # MHC complexes internalised by APCs": what they carry is taken up, so are they
        right = self._object_group(trigger, types)
        following = self._next_verb(trigger)
        if not right and following is not None and following.cls == TARGET and re.fullmatch(
                r"\s*(?:or|and|and/or)\s+", self.text[trigger.end : following.start]):
            right = self._object_group(following, types)  # "internalised by or fused with APCs"
        if right and right[-1].type == "EXOSOME":
            right += self._by_group_after(right[-1], ("CELL_TYPE",))
        ends = left + right
        self.taken.update((a.start, a.end) for a in right)
        for exosome in (a for a in ends if a.type == "EXOSOME"):
            for cell in (a for a in ends if a.type == "CELL_TYPE"):
                self._claim(exosome, "targets", cell, trigger, 0.8)

    def _by_group_after(self, arg: Argument, types: tuple[str, ...]) -> list[Argument]:
        match = re.match(r"(?i)\s*(?:by|into|in)\s+(?:the\s+)?(?:[\w-]+\s+)?", self.text[arg.end :])
        if not match:
            return []
        start = arg.end + match.end()
        return [a for a in self.args if a.start == start and a.type in types]

    def _effect(self, trigger: Trigger) -> None:
        before = self._before(trigger.start)
        passive = (trigger.participle and bool(BY_PHRASE.match(self.text, trigger.end))
                   and (bool(PASSIVE_BE.search(before)) or not self._subject_group(trigger, EFFECT_SUBJECTS)))
        if passive:
            subjects = self._by_group(trigger, EFFECT_SUBJECTS)
            objects = self._subject_group(trigger, EFFECT_OBJECTS) or [
                o for o in self._subject_group(trigger, EFFECT_OBJECTS, prepositional=True) if o.type == "OUTCOME"]
            confidence = 0.75
        else:
            subjects = self._effect_subjects(trigger)
            objects = self._object_group(trigger, EFFECT_OBJECTS)
            following = self._next_verb(trigger)
            if not objects and following is not None and following.cls in (PROMOTE, INHIBIT, NEUTRAL) and re.fullmatch(
                    r"\s*,?\s*(?:or|and|and/or)\s+", self.text[trigger.end : following.start]):
                objects = self._object_group(following, EFFECT_OBJECTS)  # "spread or limit an infection"
            confidence = 0.8
            if not objects and trigger.cls in (PROMOTE, INHIBIT) and subjects:
                phrases = outcome_phrases(self.text, self.object_start.get(trigger.start, trigger.end))
                objects = [p for p in phrases if not any(  # a generic "exosome" may modify: "exosome secretion"
                    a.start < p.end and p.start < a.end and not (a.type == "EXOSOME" and a.end < p.end)
                    for a in self.args)]
                self.taken.update((a.start, a.end) for a in self.args for p in objects
                                  if a.start < p.end and p.start < a.end)  # the modifier is no later subject
                confidence = 0.6
        if subjects:
            self.subjects[trigger.start] = subjects
        absorbed = self._process_of_cells(trigger, objects) if objects and not passive else None
        if absorbed is not None:  # "inhibitory effects on the differentiation and activation of T cells"
            noun, outcome = absorbed
            objects = [*objects, outcome]
            self.absorbed.add(noun.start)
            self.subjects[noun.start] = subjects
            self.taken.update((a.start, a.end) for a in self.args if noun.end <= a.start < outcome.end)
        if trigger.cls == NEUTRAL and subjects and not objects and self.last_objects:
            objects = self.last_objects  # "A decreased X, whereas B had no significant effect": on X
        if objects and not passive:
            self.last_objects = objects
        if trigger.cls == NEUTRAL and not (DID_NOT_AFFECT.match(trigger.text)
                                           and flags_at(self.scopes, trigger.start).negated):
            return  # no direction; only "did not affect" / "had no effect on" says something (negated promotes)
        self.taken.update((o.start, o.end) for o in objects)
        for subject in subjects:
            predicate = "inhibits" if trigger.cls == INHIBIT else "promotes"
            beneficial = [o for o in objects if BENEFIT.search(o.name)]
            if trigger.cls == INHIBIT and IMPROVING.match(trigger.text) and beneficial == objects:
                predicate = "promotes"  # "ameliorate heart function", "restore"
            if not passive and self._loss_of_function(subject):
                predicate = "promotes" if predicate == "inhibits" else "inhibits"
            for obj in objects:
                if subject.type == "CELL_TYPE" and obj.type == "CELL_TYPE" and subject.start > obj.start:
                    continue
                self._claim(subject, predicate, obj, trigger, confidence)

    def _process_of_cells(self, trigger: Trigger, objects: list[Argument]) -> tuple[Trigger, Argument] | None:
        """``X and activation of T cells`` right after a verb's objects: one more object, ``T cell activation``."""
        following = self._next_verb(trigger)
        if following is None or not PROCESS_OF.fullmatch(following.text):
            return None
        if not re.fullmatch(r"\s*,?\s*(?:and|or)\s+(?:the\s+)?", self.text[objects[-1].end : following.start]):
            return None
        cell = next((a for a in self.args if a.type == "CELL_TYPE" and a.start >= following.end and re.fullmatch(
            r"\s*(?:the\s+)?", self.text[following.end : a.start])), None)
        if cell is None:
            return None
        process = following.text.split()[0].lower()
        return following, Argument("OUTCOME", "", f"{cell.name} {process}", following.start, cell.end,
                                   f"{cell.name} {process}", implicit=True)

    def _loss_of_function(self, subject: Argument) -> bool:
        return bool(LOSS_OF_FUNCTION.match(self.text, subject.end) or LOSS_BEFORE.search(self._before(subject.start)))

    def _effect_subjects(self, trigger: Trigger) -> list[Argument]:
        previous = self._previous_verb(trigger)
        if (previous is not None and previous.start in self.subjects and PURPOSE.search(self._before(trigger.start))
                and not INHERITANCE_BREAK.search(self.text[previous.end : trigger.start])):
            return self.subjects[previous.start]  # "activate NK cells to shrink the tumor": the same subject
        subjects = self._subject_group(trigger, EFFECT_SUBJECTS)
        if subjects:
            return [self._carrier(s) for s in subjects]
        if previous is not None and previous.start in self.subjects and not INHERITANCE_BREAK.search(
                self.text[previous.end : trigger.start]):
            return self.subjects[previous.start]
        if previous is not None and previous.start in self.subjects and re.match(
                r"^\s*(?:,\s*)?(?:(?:and|or|but\s+also|as\s+well\s+as|to|thereby|thus|and\s+thus|and\s+thereby|"
                r"subsequently|then|and\s+then)\s+)?(?:\w+ly\s+|also\s+|not\s+|can\s+|could\s+|may\s+|might\s+)*$",
                self._tail_after_objects(previous, trigger)):
            return self.subjects[previous.start]
        topic = self._topic(trigger)
        return [topic] if topic is not None else []

    def _tail_after_objects(self, previous: Trigger, trigger: Trigger) -> str:
        inside = [a for a in self.args if previous.end <= a.start and a.end <= trigger.start]
        start = inside[-1].end if inside else previous.end
        text = self.text[start : trigger.start]
        if not inside:
            text = re.sub(r"^\s*(?:[\w-]+\s+){0,6}?[\w-]*(?=\s*,|\s+(?:and|or|to|thus|thereby)\s)", " ", text)
        return text

    def _carrier(self, subject: Argument) -> Argument:
        """Cargo named inside a participle or relative clause stands for the exosome that carries it."""
        holder = self.carried_by.get((subject.start, subject.end))
        if holder is None:
            return subject
        exosome, trigger = holder
        if trigger.cls == CARRY and not EXOSOMAL.fullmatch(trigger.text):
            return exosome
        return subject

    def mediated_outcomes(self) -> None:
        """``caspase-mediated apoptosis``, ``ASC-induced angiogenesis``, ``exosome-mediated HCV transmission``:
        the entity before the hyphen drives the outcome after it."""
        for match in MEDIATED.finditer(self.text):
            driver = next((a for a in self.args if a.end == match.start() and a.type in EFFECT_SUBJECTS), None)
            word = WORD_BEFORE.search(self.text, max(0, match.start() - 40), match.start())
            if driver is None and word and re.fullmatch(r"(?i)exosomes?|EVs?|vesicles?", word.group(0)):
                driver = Argument("EXOSOME", "", GENERIC_EXOSOME, word.start(), match.start(), word.group(0), True)
            if driver is None:
                continue
            trigger = Trigger(match.start(), match.end(), PROMOTE, match.group(0))
            target = next((a for a in self.args if a.start == match.end() + 1 and a.type == "OUTCOME"), None)
            if target is None:
                target = outcome_phrase(self.text, match.end())
                if target is not None and (any(a.start < target.end and target.start < a.end for a in self.args)
                                           or len(target.text.split()) < 2):
                    target = None
            if target is not None:
                self._claim(driver, "promotes", target, trigger, 0.7)

    def adjectival_outcomes(self) -> None:
        """An outcome written as an adjective of the exosomes or of their properties: ``immunosuppressive
        exosomes``, ``Texs possess immunosuppressive properties``, ``the anti-inflammatory effects of MSC
        exosomes``. ``anti-`` before an outcome the vocabulary does not name as ``anti-`` says inhibits."""
        for outcome in (a for a in self.args if a.type == "OUTCOME" and ADJECTIVAL.search(a.text)):
            after = self.text[outcome.end :]
            subject = None
            exosome = next((a for a in self.args if a.type == "EXOSOME" and a.start >= outcome.end and re.fullmatch(
                r"\s*(?:and\s+[\w-]+\s+)?", self.text[outcome.end : a.start])), None)
            if exosome is not None:  # "immunosuppressive exosomes"
                subject = exosome
            else:
                of = PROPERTY_OF.match(after)
                if of:  # "the anti-inflammatory (and protective) effects of MSC-derived exosomes"
                    subject = next((a for a in self.args if a.start == outcome.end + of.end() and
                                    a.type in EFFECT_SUBJECTS), None)
                elif PROPERTY.match(after):  # "Texs possess immunosuppressive properties"
                    owner = POSSESS.search(self.text, max(0, outcome.start - 60), outcome.start)
                    if owner:
                        subject = next((a for a in self.args if a.end <= owner.start() and a.type in
                                        EFFECT_SUBJECTS and re.fullmatch(r"\s*(?:\w+ly\s+)?", self.text[
                                            a.end : owner.start()])), None)
                        if subject is None:  # "... molecules that exhibit pro-metastatic activities"
                            found = self._effect_subjects(Trigger(owner.start(), owner.end(), PROMOTE,
                                                                  owner.group(0).strip()))
                            for extra in found[1:]:
                                self._claim(extra, "promotes", outcome, Trigger(
                                    outcome.start, outcome.end, PROMOTE, outcome.text), 0.6)
                            subject = found[0] if found else None
            if subject is None:
                continue
            inhibits = outcome.text.lower().startswith("anti") and not outcome.name.lower().startswith("anti")
            trigger = Trigger(outcome.start, outcome.end, INHIBIT if inhibits else PROMOTE, outcome.text)
            self._claim(subject, "inhibits" if inhibits else "promotes", outcome, trigger, 0.7)

    def qualified_classes(self) -> None:
        """``pro-inflammatory cytokines, including IL-6 and IL-8``, ``pro-angiogenic factors such as VEGF``: each
        molecule listed does what the adjective says (``anti-`` inhibits)."""
        for outcome in (a for a in self.args if a.type == "OUTCOME" and ADJECTIVAL.search(a.text)):
            listed = CLASS_INCLUDING.match(self.text, outcome.end)
            first = next((a for a in self.args if listed and a.start == listed.end() and a.type in CARGO), None)
            if first is None:
                continue
            inhibits = outcome.text.lower().startswith("anti") and not outcome.name.lower().startswith("anti")
            trigger = Trigger(outcome.start, outcome.end, INHIBIT if inhibits else PROMOTE, outcome.text)
            for molecule in _right_list(self.text, self.args, first, CARGO, self._clause_end(first.start)):
                self._claim(molecule, "inhibits" if inhibits else "promotes", outcome, trigger, 0.7)

    def role_and_activity(self) -> None:
        """``The key role of exosomes in metastasis``; ``NK3.3 EVs have broad and potent anti-tumor activity``:
        the importance word, or the activity the subject has, gives ``promotes``."""
        lowered = self.text.lower()
        for match in (ROLE_OF.finditer(self.text) if "role" in lowered else ()):
            subject = next((a for a in self.args if a.start == match.end() and a.type in EFFECT_SUBJECTS), None)
            if subject is None:
                continue
            link = re.match(r"\s+(?:in|on|for)\s+(?:the\s+)?", self.text[subject.end :])
            if not link:
                continue
            start = subject.end + link.end()
            target = next((a for a in self.args if a.start == start and a.type in EFFECT_OBJECTS), None)
            if target is None:
                target = outcome_phrase(self.text, start - 1) if self.text[start - 1].isspace() else None
                if target is not None and any(a.start < target.end and target.start < a.end for a in self.args):
                    target = None
            if target is not None:
                self._claim(subject, "promotes", target, Trigger(match.start(), match.end(), PROMOTE,
                                                                 match.group(0).strip()), 0.65)
        for match in (HAS_ACTIVITY.finditer(self.text) if "activit" in lowered else ()):
            owner = [a for a in self.args if a.end <= match.start() and a.type in EFFECT_SUBJECTS
                     and re.fullmatch(r"\s*(?:\w+ly\s+|also\s+|can\s+|may\s+)*", self.text[a.end : match.start()])]
            if not owner or any(match.start(1) <= a.start < match.end(1) for a in self.args):
                continue
            name = match.group(1).lower()
            outcome = Argument("OUTCOME", "", re.sub(r"\s+", " ", name), match.start(1), match.end(1),
                               match.group(1), implicit=True)
            trigger = Trigger(match.start(), match.start(1), PROMOTE, self.text[match.start() : match.start(1)].strip())
            self._claim(owner[-1], "promotes", outcome, trigger, 0.6)

    def read(self) -> list[Claim]:
        if not self.triggers and not self._pattern_possible():
            self._update_topic()  # nothing here can state a relation (most sentences of a paper)
            return self.claims
        self.released_sources()  # first what the entities stand for, then the patterns, the verbs, and what
        self.resolve_pointing()  # needs the verbs' subjects
        self.mediated_outcomes()
        self.exosomal_cargo()
        self.affixed_cargo()
        self.marker_defined_populations()
        self.cargo_in_exosomes()
        self.markers()
        self.verbs_of()
        self.adjectival_outcomes()
        self.qualified_classes()
        self.role_and_activity()
        self._update_topic()
        return self.claims

    def _pattern_possible(self) -> bool:
        """Whether a pattern that needs no trigger verb could apply: ``exosomal X``, ``X-mediated Y``,
        ``markers of exosomes``, ``X in exosomes``, ``CD63 exosomes``, an outcome adjective, a key role."""
        types = {a.type for a in self.args}
        return bool(
            PATTERN_HINT.search(self.text)
            or ("EXOSOME" in types and types & set(CARGO))
            or any(a.type == "OUTCOME" and ADJECTIVAL.search(a.text) for a in self.args)
        )

    def _update_topic(self) -> None:
        exosome_subjects = [c.subject for c in self.claims if c.subject.type == "EXOSOME"]
        named = [a for a in self.args if a.type == "EXOSOME"]
        sourced = [a for a in exosome_subjects + named if a.name != GENERIC_EXOSOME]
        if sourced:
            self.state.topic = sourced[0]
        elif exosome_subjects or named:
            self.state.topic = (exosome_subjects + named)[0]
        else:
            self.state.topic = None


def read_sentence(sentence: Sentence, state: SentenceState) -> list[Claim]:
    """The claims of one sentence; ``state`` carries the topic to the next sentence."""
    return SentenceReader(sentence, state).read()
