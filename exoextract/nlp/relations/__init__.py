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
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from exoextract.kb import KnowledgeBase
from exoextract.nlp.doctext import doc_text, token_table
from exoextract.nlp.entities import SPAN_KEY, Found, described_span, entity_records
from exoextract.nlp.relations.statements import (
    ANAPHOR,
    Argument,
    Claim,
    Sentence,
    SentenceState,
    list_siblings,
    read_sentence,
)

__all__ = ["Argument", "Claim", "RelationExtractor"]

# One entity alone makes a claim only as exosomes ("MSC exosomes reduced infarct size": a new outcome), next
# to an unnamed vesicle ("exosomal miR-21", "exosome-mediated angiogenesis") or after a pronoun ("They ...").
VESICLE_HINT = re.compile(r"(?i)exosom|vesic|\bs?EVs?\b")


@Language.factory(
    "exo_relations",
    default_config={"new_outcomes": True},
    assigns=["doc._.exo_relations", "doc.spans"],
    requires=["doc.spans"],
)
def make_relation_extractor(nlp: Language, name: str, new_outcomes: bool) -> RelationExtractor:
    return RelationExtractor(new_outcomes=new_outcomes)


def _top_level(entities: list[Found]) -> list[Found]:
    """Entities that no other entity contains (the source cell inside ``MSC-derived exosomes`` is dropped)."""
    entities = sorted(entities, key=lambda e: (e.start, -e.end))
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
        if not Doc.has_extension("exo_records_only"):  # the entity component's; this one may run without it
            Doc.set_extension("exo_records_only", default=False)
        self.new_outcomes = new_outcomes
        self.kb = kb

    def initialize(self, get_examples=None, *, nlp: Language | None = None, kb: KnowledgeBase | None = None) -> None:
        """The knowledge base names an outcome phrase the vocabulary knows (``neuro-inflammation``)."""
        self.kb = kb

    def _vocabulary_outcome(self, outcome: Argument) -> Argument:
        """An outcome phrase the vocabulary knows, in its words: the whole phrase (the vocabulary writes
        ``cancer progression`` too), or the part after its last hyphen (``neuro-inflammation`` -> inflammation)."""
        if self.kb is None:
            return outcome
        text = outcome.text
        variants = (text, outcome.name, text.rsplit("-", 1)[-1] if "-" in text else None)
        for text in variants:
            if text:
                found = self.kb.lookup(text, ["OUTCOME"])
                if found:
                    return replace(outcome, id=found[0].id, name=found[0].name)
        return outcome

    def __call__(self, doc: Doc) -> Doc:
        entities = entity_records(doc)
        spans = _top_level(entities)
        claims: list[Claim] = []
        new_outcomes = []
        state = SentenceState()
        position = 0
        text = doc_text(doc)  # Doc.text joins every token on each access
        for start, end in _sentence_offsets(doc):
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
            if self.new_outcomes and len(inside) > 1:  # "angiogenesis, vascular permeability and ...": list items
                siblings = [self._vocabulary_outcome(a) for a in list_siblings(sentence, inside)]
                if siblings:
                    new_outcomes += [replace(a, start=a.start + start, end=a.end + start) for a in siblings]
                    inside = sorted([*inside, *siblings], key=lambda a: (a.start, a.end))
            if not inside or (len(inside) == 1 and not (inside[0].type == "EXOSOME" or (
                    state.topic is not None and ANAPHOR.match(sentence)) or VESICLE_HINT.search(sentence))):
                state.topic = None  # one cell or outcome alone states no relation, unless "They ..." or an
                continue  # unnamed vesicle ("exosome-mediated angiogenesis") does
            for claim in read_sentence(Sentence(sentence, tuple(inside)), state):
                claim = _shift(claim, start)
                if claim.object.implicit and claim.object.type == "OUTCOME":
                    claim = replace(claim, object=self._vocabulary_outcome(claim.object))
                    new_outcomes.append(claim.object)
                claims.append(claim)
        doc._.exo_relations = tuple(claims)
        if self.new_outcomes and new_outcomes:
            _add_outcomes(doc, new_outcomes, entities, len(text))
        return doc


def _sentence_offsets(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of every sentence (``doc.sents`` builds a Span per sentence, which
    costs more than the relation stage itself on short sentences)."""
    table = token_table(doc)
    return [(table.starts[first], table.end(stop - 1)) for first, stop in table.sentences]


def _shift(claim: Claim, offset: int) -> Claim:
    """The claim with offsets in the Doc's text (built directly: ``dataclasses.replace`` is slow)."""
    subject, obj = claim.subject, claim.object
    return Claim(
        Argument(subject.type, subject.id, subject.name, subject.start + offset, subject.end + offset, subject.text,
                 subject.implicit),
        claim.predicate,
        Argument(obj.type, obj.id, obj.name, obj.start + offset, obj.end + offset, obj.text, obj.implicit),
        claim.trigger, claim.trigger_start + offset, claim.hedged, claim.negated, claim.confidence,
    )


def _add_outcomes(doc: Doc, outcomes: list[Argument], entities: list[Found], length: int) -> None:
    """New outcome mentions after the entity stage's (the tables order mentions by offset)."""
    spans = not doc._.exo_records_only
    if spans and SPAN_KEY not in doc.spans:
        doc.spans[SPAN_KEY] = []
    group = doc.spans[SPAN_KEY] if spans else None  # appended to in place: listing every span again costs
    taken = {(e.start, e.end) for e in entities}
    added: list[Found] = []
    for outcome in outcomes:
        if (outcome.start, outcome.end) in taken or not 0 <= outcome.start < outcome.end <= length:
            continue  # (an empty or inverted range would be a bug upstream; it must not stop the paper)
        found = Found(outcome.start, outcome.end, "OUTCOME", outcome.id, outcome.name, "claim_object")
        if group is not None:  # (without spans, the range check above is what a span would check)
            span = described_span(doc, found)
            if span is None:
                continue
            group.append(span)
        added.append(found)
        taken.add((outcome.start, outcome.end))
    if doc._.exo_found is not None:
        doc._.exo_found = (*doc._.exo_found, *added)  # the records stay the spans' twins
