"""Hedging and negation of a claim, by the ConText algorithm (Harkema et al. 2009; medspacy's ``context``).

ConText tags a target with a modifier when the target lies in the modifier's
scope: a cue phrase (``may``, ``did not``) opens a scope in its direction
(forward, backward or both) that runs to the end of the sentence or to the
first termination term (``but``, ``however``, ``whereas``, a semicolon) in
that direction. Pseudo-cues (``not only``, ``no doubt``) are matched first and
cancel the cues they contain. Here the target is the claim's trigger word
(the verb that states it), so a cue in a neighbouring clause does not flag it.
medspacy implements this for spaCy < 3.8; this is the same algorithm over
character offsets of one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEDGED, NEGATED = "hedged", "negated"
FORWARD, BACKWARD, BIDIRECTIONAL = "forward", "backward", "bidirectional"


@dataclass(frozen=True)
class Cue:
    """A ConText modifier rule: a phrase, what it says, and which way its scope runs."""

    phrase: str
    category: str
    direction: str = FORWARD


CUES: tuple[Cue, ...] = (
    *(Cue(p, HEDGED) for p in (
        "may", "might", "could", "potential", "potentially", "possible", "possibly", "perhaps",
        "likely", "putative", "putatively", "presumably", "probably", "suggest", "suggests", "suggested",
        "suggesting", "propose", "proposes", "proposed", "speculate", "speculated", "hypothesize",
        "hypothesized", "hypothesise", "hypothesised", "hypothesis", "whether", "appear to", "appears to",
        "seem to", "seems to", "is believed to", "are believed to",
        "expected to", "have the potential", "has the potential", "is thought", "are thought",
    )),
    *(Cue(p, HEDGED, BACKWARD) for p in (
        "remains unclear", "remains to be", "remain to be", "remain unclear", "is unknown", "are unknown",
    )),
    *(Cue(p, HEDGED, BIDIRECTIONAL) for p in (  # "it has been proposed that X", "X, as has been proposed"
        "was suggested", "were suggested", "has been suggested", "have been suggested", "was proposed",
        "were proposed", "has been proposed", "have been proposed", "is possible", "are possible",
        "was hypothesized", "has been hypothesized", "is speculated", "was speculated", "is proposed",
        "are proposed", "is suggested", "are suggested",
    )),
    *(Cue(p, NEGATED) for p in (
        "no", "not", "n't", "without", "neither", "nor", "cannot", "failed to", "fail to", "fails to",
        "unable to", "absence of", "lack of", "lacked", "lacks", "lacking", "did not", "does not", "do not",
        "was not", "were not", "is not", "are not", "none of",
    )),
    *(Cue(p, NEGATED, BACKWARD) for p in (
        "was not observed", "were not observed", "was absent", "were absent", "was not detected",
        "were not detected", "had no effect", "has no effect", "have no effect", "were unaffected",
        "was unaffected", "remained unchanged", "remained unaffected",
    )),
)

# Phrases that look like a cue and are not one (ConText's pseudo-modifiers).
PSEUDO = (
    "not only", "no doubt", "not necessarily", "no longer only", "whether or not", "not limited to",
    "no later than", "not just", "not solely", "not exclusively", "could be used", "may be used",
    "can not only", "nor only",
)
# Words that end a scope (ConText's termination terms): clause changes, contrast, new propositions
# (and ", as", which opens a causal or comparative clause).
TERMINATION = (
    "but", "however", "although", "though", "whereas", "while", "yet", "nevertheless", "instead",
    "which", "who", "in contrast", "on the other hand", "because", "since", "as a result", "therefore",
    "hence", "except",
)


def _phrases(words) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


_CUE_BY_PHRASE = {re.sub(r"\s+", " ", c.phrase): c for c in CUES}
_CUE_PATTERN = re.compile(rf"(?<![\w-])(?:{_phrases(_CUE_BY_PHRASE)})(?![\w-])", re.IGNORECASE)
_PSEUDO_PATTERN = re.compile(rf"(?<![\w-])(?:{_phrases(PSEUDO)})(?![\w-])", re.IGNORECASE)
_END_PATTERN = re.compile(rf"[;:]|,\s*as\s|(?<![\w-])(?:{_phrases(TERMINATION)})(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Scope:
    """Where one cue applies, in offsets of the sentence."""

    category: str
    cue: str
    start: int
    end: int


def scopes(sentence: str) -> list[Scope]:
    """The modifier scopes of one sentence."""
    pseudo = [(m.start(), m.end()) for m in _PSEUDO_PATTERN.finditer(sentence)]
    ends = [(m.start(), m.end()) for m in _END_PATTERN.finditer(sentence)]
    found = []
    for match in _CUE_PATTERN.finditer(sentence):
        if any(a <= match.start() < b for a, b in pseudo):
            continue
        cue = _CUE_BY_PHRASE[re.sub(r"\s+", " ", match.group(0).lower())]
        start, end = 0, len(sentence)
        if cue.direction in (FORWARD, BIDIRECTIONAL):
            end = min((a for a, _ in ends if a >= match.end()), default=len(sentence))
        if cue.direction in (BACKWARD, BIDIRECTIONAL):
            start = max((b for _, b in ends if b <= match.start()), default=0)
        if cue.direction == FORWARD:
            start = match.start()
        if cue.direction == BACKWARD:
            end = match.end()
        found.append(Scope(cue.category, match.group(0), start, end))
    return found


@dataclass(frozen=True)
class Flags:
    hedged: bool
    negated: bool


def flags_at(found: list[Scope], position: int) -> Flags:
    """The flags of a claim whose trigger starts at ``position``."""
    return Flags(
        hedged=any(s.category == HEDGED and s.start <= position < s.end for s in found),
        negated=any(s.category == NEGATED and s.start <= position < s.end for s in found),
    )
