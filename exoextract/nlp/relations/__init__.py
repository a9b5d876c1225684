"""The ``exo_relations`` component: the claims each sentence makes about the entities ``exo_entities`` found.

For every sentence it hands the sentence's entities to
:mod:`~exoextract.nlp.relations.statements` (shallow grammar over trigger
words from :mod:`~exoextract.nlp.relations.lexicon`, flags from the ConText
scopes of :mod:`~exoextract.nlp.relations.context`). The claims land in
``doc._.exo_relations`` with offsets in the Doc's text. An outcome the
vocabulary lacks but a claim names (``reduced infarct size``) is added to
``doc.spans["exo"]`` as an ``OUTCOME`` mention with method ``claim_object``,
so the concept table lists what the relation table uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from exoextract.kb import KnowledgeBase
from exoextract.nlp.entities import SPAN_KEY
from exoextract.nlp.relations.statements import ANAPHOR, Argument, Claim, Sentence, SentenceState, read_sentence

__all__ = ["Argument", "Claim", "RelationExtractor"]

# One entity of these types can make a claim alone: "MSC exosomes reduced infarct size" (a new outcome),
# "exosomal miR-21" (the exosomes are implicit); "They reduced inflammation" points at the previous sentence.
CAN_STAND_ALONE = ("EXOSOME", "MARKER", "MIRNA")
VESICLE_HINT = re.compile(r"(?i)exosom|vesic|\bs?EVs?\b")


@Language.factory(
    "exo_relations",
    default_config={"new_outcomes": True},
    assigns=["doc._.exo_relations", "doc.spans"],
    requires=["doc.spans"],
)
def make_relation_extractor(nlp: Language, name: str, new_outcomes: bool) -> RelationExtractor:
    return RelationExtractor(new_outcomes=new_outcomes)


@dataclass(frozen=True)
class Entity:
    """What the relation stage needs of one entity span, read once (span extensions are slow to access)."""

    start: int
    end: int
    type: str
    id: str
    name: str


def _top_level(spans) -> list[Entity]:
    """Entities that no other entity contains (the source cell inside ``MSC-derived exosomes`` is dropped)."""
    entities = sorted((Entity(s._.exo_start, s._.exo_end, s.label_, s.kb_id_, s._.exo_name) for s in spans),
                      key=lambda e: (e.start, -e.end))
    kept, reach = [], -1
    for entity in entities:
        if entity.end <= reach:
            continue
        kept.append(entity)
        reach = max(reach, entity.end)
    return kept


class RelationExtractor:
    """Per sentence, the predicate (or none) that links each pair of its entities."""

    def __init__(self, new_outcomes: bool = True, kb: KnowledgeBase | None = None):
        Doc.set_extension("exo_relations", default=(), force=True)
        self.new_outcomes = new_outcomes
        self.kb = kb

    def initialize(self, get_examples=None, *, nlp: Language | None = None, kb: KnowledgeBase | None = None) -> None:
        """The knowledge base names an outcome phrase the vocabulary knows (``neuro-inflammation``)."""
        self.kb = kb

    def _vocabulary_outcome(self, outcome: Argument) -> Argument:
        """An outcome phrase the vocabulary knows, in its words: the whole phrase, the phrase with ``cancer``
        read as ``tumor`` (``cancer progression``), or the part after its last hyphen (``neuro-inflammation``
        -> inflammation)."""
        if self.kb is None:
            return outcome
        text = outcome.text
        variants = (text, outcome.name, re.sub(r"(?i)\bcancers?\b", "tumor", text),
                    text.rsplit("-", 1)[-1] if "-" in text else None)
        for text in variants:
            if text:
                found = self.kb.lookup(text, ["OUTCOME"])
                if found:
                    return replace(outcome, id=found[0].id, name=found[0].name)
        return outcome

    def __call__(self, doc: Doc) -> Doc:
        spans = _top_level(doc.spans[SPAN_KEY]) if SPAN_KEY in doc.spans else []
        claims: list[Claim] = []
        new_outcomes = []
        state = SentenceState()
        position = 0
        text = doc.text  # Doc.text joins every token on each access: read it once
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            while position < len(spans) and spans[position].start < start:
                position += 1
            inside = []
            for entity in spans[position:]:
                if entity.start >= end:
                    break
                if entity.end <= end:
                    inside.append(Argument(entity.type, entity.id, entity.name, entity.start - start,
                                           entity.end - start, text[entity.start : entity.end]))
            sentence = text[start:end]
            if not inside or (len(inside) == 1 and inside[0].type not in CAN_STAND_ALONE and not (
                    state.topic is not None and ANAPHOR.match(sentence)) and not VESICLE_HINT.search(sentence)):
                state.topic = None  # one cell or outcome alone states no relation, unless "They ..." or an
                continue  # unnamed vesicle ("exosome-mediated angiogenesis") does
            for claim in read_sentence(Sentence(sentence, tuple(inside)), state):
                claim = _shift(claim, start)
                if claim.object.implicit and claim.object.type == "OUTCOME":
                    claim = replace(claim, object=self._vocabulary_outcome(claim.object))
                claims.append(claim)
                if claim.object.implicit and claim.object.type == "OUTCOME":
                    new_outcomes.append(claim.object)
        doc._.exo_relations = tuple(claims)
        if self.new_outcomes and new_outcomes:
            _add_outcomes(doc, new_outcomes)
        return doc


def _shift(claim: Claim, offset: int) -> Claim:
    return replace(
        claim,
        subject=replace(claim.subject, start=claim.subject.start + offset, end=claim.subject.end + offset),
        object=replace(claim.object, start=claim.object.start + offset, end=claim.object.end + offset),
        trigger_start=claim.trigger_start + offset,
    )


def _add_outcomes(doc: Doc, outcomes: list[Argument]) -> None:
    spans = list(doc.spans[SPAN_KEY])
    keys = {id(s): (s._.exo_start, s._.exo_end, s.label_) for s in spans}
    taken = {key[:2] for key in keys.values()}
    for outcome in outcomes:
        if (outcome.start, outcome.end) in taken:
            continue
        span = doc.char_span(outcome.start, outcome.end, label="OUTCOME", kb_id=outcome.id, alignment_mode="expand")
        if span is None:
            continue
        span._.exo_name = outcome.name
        span._.exo_method = "claim_object"
        span._.exo_start, span._.exo_end = outcome.start, outcome.end
        spans.append(span)
        keys[id(span)] = (outcome.start, outcome.end, "OUTCOME")
        taken.add((outcome.start, outcome.end))
    doc.spans[SPAN_KEY] = sorted(spans, key=lambda s: keys[id(s)])
