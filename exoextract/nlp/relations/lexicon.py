"""Trigger words of the five predicates, with their inflections, indexed by their first word.

A trigger class names what a word says about its two ends (ANNOTATION.md,
Relations): ``carry`` (exosomes hold a molecule), ``promote`` and ``inhibit``
(direction of an effect), ``target`` (exosomes reach a cell), ``neutral``
(an effect with no direction: no row, except ``did not affect`` which is a
negated ``promotes``). Verbs are listed by lemma; their -s, -ed and -ing
forms come from English spelling rules, so ``suppress``, ``suppresses``,
``suppressed`` and ``suppressing`` are one entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CARRY, PROMOTE, INHIBIT, TARGET, NEUTRAL = "carry", "promote", "inhibit", "target", "neutral"

# Verb lemmas per class. A lemma may carry a particle or preposition that belongs to the trigger
# ("enrich in", "take up by"): the first word is inflected, the rest kept.
VERBS: dict[str, tuple[str, ...]] = {
    CARRY: (
        "contain", "carry", "express", "bear", "possess", "harbor", "harbour", "display", "present",
        "transfer", "deliver", "shuttle", "transport", "convey", "package", "encapsulate", "load with",
        "load into", "enrich in", "enrich with", "enrich for", "sort into", "package into", "incorporate into",
        "secrete via", "secrete in", "release via",
    ),
    PROMOTE: (
        "promote", "induce", "enhance", "activate", "stimulate", "prime", "trigger", "increase", "facilitate",
        "upregulate", "up-regulate", "augment", "accelerate", "boost", "drive", "elicit", "evoke",
        "potentiate", "foster", "favor", "favour", "cause", "improve", "restore", "recruit", "attract",
        "exert", "confer", "elevate", "amplify", "expand", "mediate", "contribute to", "lead to", "result in",
        "give rise to", "initiate", "strengthen", "accentuate", "aggravate", "exacerbate", "worsen",
        "support", "enable", "transmit", "spread", "propagate", "disseminate", "participate in",
        "exert stimulatory effects on", "exert positive effects on", "have stimulatory effects on",
        "have positive effects on", "act as positive regulators of",
    ),
    INHIBIT: (
        "inhibit", "suppress", "reduce", "block", "impair", "downregulate", "down-regulate", "delay",
        "eliminate", "decrease", "attenuate", "abrogate", "abolish", "prevent", "diminish", "alleviate",
        "ameliorate", "limit", "repress", "dampen", "counteract", "lessen", "lower", "hinder", "retard",
        "mitigate", "blunt", "restrain", "antagonize", "antagonise", "neutralize", "neutralise", "halt",
        "reverse", "relieve", "weaken", "compromise", "protect against", "deplete", "silence",
        "shrink",
        "exert inhibitory effects on", "exert inhibitory effect on", "exert negative effects on",
        "exert negative effect on", "exert suppressive effects on", "exert suppressive effect on",
        "have inhibitory effects on", "have inhibitory effect on", "have negative effects on",
        "have suppressive effects on", "act as negative regulators of", "act as a negative regulator of",
    ),
    TARGET: (
        "take up by", "uptake by", "internalize by", "internalise by", "internalize into", "fuse with",
        "deliver to", "bind to", "target", "engulf by", "home to", "transfer to", "enter", "transfer into",
        "incorporate by", "endocytose by", "capture by", "take up", "internalize", "internalise", "engulf",
        "endocytose",
    ),
    NEUTRAL: (
        "modulate", "regulate", "affect", "influence", "alter", "change", "impact", "correlate with",
        "associate with", "play",
    ),
}

# Adjectives and nouns that work as triggers ("rich in", "positive for", "uptake of ... by").
OTHER_FORMS: dict[str, tuple[str, ...]] = {
    CARRY: ("include", "includes", "included", "rich in", "abundant in", "present in",
            "positive for", "-loaded", "-containing", "-enriched",
            "-bearing", "-carrying", "-expressing", "-positive", "+", "cargo"),
    PROMOTE: ("conducive to", "favorable for", "favourable for", "induction of", "promotion of", "activation of",
              "enhancement of", "improvement in",
              "improvement of", "increase in", "increase of", "elevation of"),
    INHIBIT: ("inhibition of", "suppression of", "reduction of", "reduction in", "inhibitor of",
              "decrease in", "loss of", "inhibitory effect on", "inhibitory effects on", "negative effect on",
              "negative effects on", "negative regulator of", "negative regulators of"),
    TARGET: ("uptake of", "uptake by", "internalization of", "internalization by", "fusion with"),
    NEUTRAL: ("effect", "effects", "effect on", "effects on", "role in", "roles in", "influence on", "impact on"),
}

# Phrases with a slot, as regular expressions: "play a crucial role in" says the subject drives the object
# (an importance word gives the direction); a bare "play a role in" stays neutral.
IMPORTANCE = (
    "critical", "crucial", "key", "important", "essential", "pivotal", "major", "central", "vital",
    "fundamental", "prominent", "decisive", "significant", "indispensable", "leading", "dominant",
)
PATTERNS: dict[str, tuple[str, ...]] = {
    PROMOTE: (
        rf"play(?:s|ed|ing)?\s+(?:an?\s+)?(?:\w+\s+)?(?:{'|'.join(IMPORTANCE)})\s+roles?\s+in",
        r"(?:is|are|was|were|be|been)\s+(?:\w+\s+)?(?:essential|required|necessary|critical|crucial|"
        r"responsible)\s+for",
    ),
}

IRREGULAR = {
    "bear": ("bears", "bore", "borne", "bearing"),
    "take": ("takes", "took", "taken", "taking"),
    "lead": ("leads", "led", "leading"),
    "give": ("gives", "gave", "given", "giving"),
    "drive": ("drives", "drove", "driven", "driving"),
    "bind": ("binds", "bound", "binding"),
    "hold": ("holds", "held", "holding"),
    "transfer": ("transfers", "transferred", "transferring"),
    "have": ("has", "had", "having"),
}


def inflections(lemma: str) -> tuple[str, ...]:
    """The forms of an English verb: base, -s, past/participle, -ing (``carry`` -> ``carried``)."""
    if lemma in IRREGULAR:
        return (lemma, *IRREGULAR[lemma])
    if lemma.endswith("e") and not lemma.endswith("ee"):
        stem = lemma[:-1]
        return lemma, lemma + "s", lemma + "d", stem + "ing"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    if re.search(r"(s|sh|ch|x|z)$", lemma):
        return lemma, lemma + "es", lemma + "ed", lemma + "ing"
    if re.search(r"^[^aeiou]*[aeiou][^aeiouwxy]$", lemma):  # one syllable ending consonant: stop -> stopped
        return lemma, lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"
    return lemma, lemma + "s", lemma + "ed", lemma + "ing"


def verb_forms(entry: str) -> tuple[str, ...]:
    """Every written form of a lemma entry, the particle kept (``take up by`` -> ``taken up by``, ...)."""
    head, _, rest = entry.partition(" ")
    forms = inflections(head)
    return tuple(f"{form} {rest}".strip() for form in forms)


@dataclass(frozen=True)
class Trigger:
    """One trigger in a sentence: offsets relative to the sentence, its class and how it is written."""

    start: int
    end: int
    cls: str
    text: str

    @property
    def participle(self) -> bool:
        """A past participle (``suppressed``, ``taken up by``) can head a passive or a reduced relative."""
        head = self.text.split()[0].lower()
        return head.endswith(("ed", "en")) or head in ("led", "bound", "borne", "held")

    @property
    def gerund(self) -> bool:
        return self.text.split()[0].lower().endswith("ing")

    @property
    def affix(self) -> bool:
        """``-loaded``, ``-containing``, ``+``: glued to the molecule it names."""
        return self.text.startswith(("-", "+"))


CLASS_ORDER = (TARGET, CARRY, PROMOTE, INHIBIT, NEUTRAL)  # a tie between two classes goes to the first
WORD = re.compile(r"[\w][\w-]*")


def _phrase_index() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word -> (the following words, class) of every word trigger, longest first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for cls in CLASS_ORDER:
        phrases = [form for entry in VERBS[cls] for form in verb_forms(entry)]
        phrases += [w for w in OTHER_FORMS[cls] if not w.startswith(("-", "+"))]
        for phrase in phrases:
            first, *rest = phrase.lower().split()
            entries = index.setdefault(first, [])
            if all(other != tuple(rest) for other, _ in entries):  # the first class listed keeps a phrase
                entries.append((tuple(rest), cls))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index


def _affix_pattern() -> re.Pattern[str]:
    affixes = sorted({(w, cls) for cls in CLASS_ORDER for w in OTHER_FORMS[cls] if w.startswith(("-", "+"))},
                     key=lambda pair: -len(pair[0]))
    parts = [f"(?P<{cls}>{'|'.join(re.escape(w) for w, c in affixes if c == cls)})"
             for cls in CLASS_ORDER if any(c == cls for _, c in affixes)]
    return re.compile(rf"(?<=\w)(?:{'|'.join(parts)})(?=[\s,)])", re.IGNORECASE)


PHRASES = _phrase_index()
AFFIXES = _affix_pattern()
SLOT_PATTERNS = [(cls, re.compile(rf"(?:{p})(?![\w-])", re.IGNORECASE)) for cls, ps in PATTERNS.items() for p in ps]
SLOT_WORDS = ("role", "essential", "required", "necessary", "critical", "crucial", "responsible")
SLOT_FIRST_WORDS = frozenset({"play", "plays", "played", "playing", "is", "are", "was", "were", "be", "been"})


def words_of(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased word) of every word of a sentence: what the trigger and clause lookups read."""
    return [(m.start(), m.end(), m.group(0)) for m in WORD.finditer(text.lower())]


def find_triggers(text: str, words: list[tuple[int, int, str]] | None = None) -> list[Trigger]:
    """Triggers of a sentence, left to right; where two overlap the longer wins.

    Words are looked up by their first word in a dictionary, so the cost is
    one dictionary probe per word of the sentence; phrases with a slot (``play
    a crucial role in``) are tried only at their possible first words.
    """
    words = words_of(text) if words is None else words
    found: list[Trigger] = []
    reach = 0
    lowered = text.lower()
    slots = any(word in lowered for word in SLOT_WORDS)
    for number, (start, end, word) in enumerate(words):
        if start < reach or not (word in PHRASES or (slots and word in SLOT_FIRST_WORDS)):
            continue  # most words start no trigger: one dictionary probe
        trigger = None
        if slots and word in SLOT_FIRST_WORDS:
            for cls, pattern in SLOT_PATTERNS:
                slot = pattern.match(text, start)
                if slot:
                    trigger = Trigger(start, slot.end(), cls, slot.group(0))
                    break
        if trigger is None:
            for rest, cls in PHRASES.get(word, ()):
                following = words[number + 1 : number + 1 + len(rest)]
                if len(following) == len(rest) and all(w == r for (_, _, w), r in zip(following, rest)):
                    last = following[-1][1] if rest else end
                    after = number + 1 + len(rest)
                    if cls != NEUTRAL and after < len(words) and words[after][2] == "from":
                        break  # "induced from", "derived from": a source, not an effect
                    trigger = Trigger(start, last, cls, text[start:last])
                    break
        if trigger is not None:
            found.append(trigger)
            reach = trigger.end
    if "-" in text or "+" in text:
        found += [Trigger(m.start(), m.end(), m.lastgroup or "", m.group(0)) for m in AFFIXES.finditer(text)]
    return sorted(found, key=lambda t: (t.start, -t.end))
