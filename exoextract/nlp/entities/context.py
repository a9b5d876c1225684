"""What the entity passes share: the ``Found`` record, the per-paper context, and the word lists
and shape rules several passes use."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from spacy.tokens import Doc

from exoextract.kb import KnowledgeBase
from exoextract.nlp.doctext import TokenTable, token_table
from exoextract.nlp.entities.cell_classes import CellClasses

MALIGNANT_ID, MALIGNANT_NAME = "CL:0001064", "malignant cell"
ROOT_CELL = "CL:0000000"
TUMOUR_WORDS = frozenset({"tumor", "tumour", "cancer", "malignant", "neoplastic", "carcinoma", "tumorigenic"})
VESICLE = (  # ISEV usage: exosomes, (small, medium, large) extracellular vesicles, EVs, sEVs, lEVs, microvesicles,
    # exosome-like particles
    # (the longer "exosome-like ..." first: an alternation takes its first match, and "exosome" would end it early)
    r"(?:exosome-like\s+(?:nanoparticles?|nanovesicles?|vesicles?|particles?)|exosomes?|EVs?"
    r"|(?:small\s+|medium\s+|large\s+)?extracellular\s+vesicles?|vesicles|microvesicles?|MVs"
    r"|(?:small|medium|large|medium/large)\s+EVs?|[slm]EVs?|nanovesicles)"
)
VESICLE_INITIALS = "elmnsv"  # the letters (in either case) a VESICLE match starts with (a test derives them)
EFFECT_CUES = re.compile(
    r"\b(?:promot|induc|enhanc|inhibit|suppress|reduc|increas|decreas|stimulat|activat|trigger|facilitat|contribut|"
    r"mediat|regulat|modulat|block|impair|prevent|favou?r|accelerat|delay|elicit|caus|lead|result|role|involv|"
    r"associat|correlat|effect|potential|abilit|capacit|propert|improv|restor|attenuat|protect|support|enabl|driv|boost|"
    r"shap|prim|kill(?!er)|lys|destroy|elimin|confer|mimic|transfer|deliver|participat|los[te]|differentiat|uptake|"
    r"internaliz|protect|affect|alter|influenc|impact)",
    re.IGNORECASE,
)
# aliases a long form or a source phrase must not use (each needs the scan's own context rules)
LOOKUP_ONLY_KINDS = ("abbreviation", "synonym_abbreviation", "cell_line", "topic_synonym", "cell_adjective")
_ROMAN = re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X)$")


def word_start(first: str) -> str:
    r"""A regex piece: ``first`` (a literal, or one character class) where no word character or hyphen stands
    before it: ``(?<![\w-])first`` with the look-behind written after ``first``. Python's regex engine skips
    ahead to a pattern's first literal or character class, but tries a pattern that opens with a look-behind
    at every character of the text (3 to 20 times slower over a paper)."""
    return rf"{first}(?<![\w-]{first})"


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


@dataclass
class PaperContext:
    """One paper's state while the passes run; the component itself keeps none."""

    doc: Doc
    text: str
    kb: KnowledgeBase
    cells: CellClasses
    skip: tuple[tuple[int, int], ...] = ()
    meanings: dict[str, Found] = field(default_factory=dict)  # short form -> the concept its long form names
    long_texts: dict[str, str] = field(default_factory=dict)  # short form -> its long form as written
    awaiting: dict[int, Found] = field(default_factory=dict)  # by start: markers wanting context, until lists
    # of markers are known
    _effects: dict[str, bool] = field(default_factory=dict, repr=False)
    _subjects: dict[str, bool] = field(default_factory=dict, repr=False)

    @cached_property
    def tokens(self) -> TokenTable:
        """The Doc's tokens and sentences as plain lists (``doc[i]`` builds a Token object per access)."""
        return token_table(self.doc)

    def states_effect(self, sentence: str) -> bool:
        """Whether the sentence has an effect cue (asked once per outcome candidate: remembered)."""
        answer = self._effects.get(sentence)
        if answer is None:
            answer = self._effects[sentence] = bool(EFFECT_CUES.search(sentence))
        return answer

    def about(self, subject: str) -> bool:
        """Whether the paper speaks of a subject (a MeSH qualifier: ``Retina`` is retina, retinal, retinae)."""
        answer = self._subjects.get(subject)
        if answer is None:
            stem = subject.lower()
            stem = stem[:-1] if len(stem) > 4 and stem[-1] in "aeiouy" else stem
            answer = re.search(rf"\b{re.escape(stem)}", self.text, re.IGNORECASE) is not None
            self._subjects[subject] = answer
        return answer

    def expand(self, phrase: str) -> str:
        """Replace the paper's short forms inside a phrase by their long forms (``BM-MSCs``)."""
        for short, long_text in self.long_texts.items():
            if short in phrase:
                phrase = _whole_word(short).sub(lambda _, text=long_text: text, phrase)
        return phrase


class Reach:
    """Mentions by start, with the furthest end of those starting before each one: whether one holds or
    overlaps a range is then a binary search (papers have hundreds of mentions and of short-form uses)."""

    def __init__(self, mentions: list[Found]):
        spans = sorted((m.start, m.end) for m in mentions)
        self.starts = [start for start, _ in spans]
        self.furthest: list[int] = []  # the furthest end among the first i + 1 mentions by start
        for _, end in spans:
            self.furthest.append(max(end, self.furthest[-1]) if self.furthest else end)

    def _furthest_before(self, position: int, inclusive: bool) -> int:
        count = (bisect_right if inclusive else bisect_left)(self.starts, position)
        return self.furthest[count - 1] if count else -1

    def holds(self, start: int, end: int) -> bool:
        """Whether a longer mention holds ``[start, end)``: one starting before it and reaching its end, or
        one starting with it and ending after it."""
        return self._furthest_before(start, False) >= end or self._furthest_before(start, True) > end

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a mention overlaps ``[start, end)``."""
        return self._furthest_before(end, False) > start

    def covers(self, position: int) -> bool:
        """Whether a mention covers the character at ``position``."""
        return self._furthest_before(position, True) > position


WHITE_SPACE_RUN = re.compile(r"\s+")


def anchored_matches(pattern: re.Pattern, anchor: re.Pattern, text: str, reach: int, spaces: int | None = None,
                     ) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern whose matches end where ``anchor`` matches and start at most
    ``reach`` characters before it: tried only near the anchors (a few words of a phrase before ``cells``
    or ``-derived exosomes``), not at every word of the text. ``spaces``: the most runs of white space a
    match holds before its anchor (its words are that many): the search then starts after the run one
    further back, not ``reach`` characters back (a match cannot start before it)."""
    searched_to = 0
    for found in anchor.finditer(text):
        if found.end() <= searched_to:
            continue
        low = max(searched_to, found.start() - reach)
        if spaces is not None:
            runs = [run.end() for run in WHITE_SPACE_RUN.finditer(text, low, found.start())]
            if len(runs) > spaces:
                low = runs[-spaces - 1]
        match = pattern.search(text, low, found.end())
        if match is not None:
            yield match
            searched_to = match.end()


@lru_cache(maxsize=8192)
def _whole_word(word: str) -> re.Pattern:
    return re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])")


def plausible_marker(text: str) -> bool:
    """Not a number, a single letter, a Roman numeral or a short lower-case word."""
    core = text.strip("-+ ")
    if len(core) < 2 or not any(c.isalpha() for c in core) or _ROMAN.match(core) or text.startswith("-"):
        return False
    return not (text.isalpha() and text.islower() and len(text) <= 3)  # "can", "set"; not "p53"
