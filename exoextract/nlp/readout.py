"""From an annotated spaCy Doc to spaCy-free records: sentences and mentions with page and section."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from exoextract.document import Document
from exoextract.nlp.doctext import token_table
from exoextract.nlp.entities import entity_records
from exoextract.records import Mention, Relation, Sentence


def sentences_of(document: Document, doc: Doc, base: int = 0, first: int = 0) -> list[Sentence]:
    """Every sentence, numbered in text order from ``first``, without its trailing white space; the Doc
    covers the document's text from ``base``."""
    out = []
    table = token_table(doc)
    for number, (first_token, stop_token) in enumerate(table.sentences, start=first):
        start = table.starts[first_token] + base
        end = start + len(document.text[start : table.end(stop_token - 1) + base].rstrip())
        out.append(Sentence(number, start, end, document.page_at(start, end) if end > start else 1,
                            document.text[start:end]))
    return out


def mentions_of(document: Document, doc: Doc, sentences: list[Sentence], base: int = 0) -> list[Mention]:
    """The mentions ``exo_entities`` left in the doc, with their sentence, page and section."""
    starts = [s.start for s in sentences]
    out = []
    for found in entity_records(doc):
        start, end = found.start + base, found.end + base
        block = document.block_at(start)
        sentence = sentences[max(0, bisect_right(starts, start) - 1)]  # a sentence starts where a token does
        out.append(
            Mention(
                start=start, end=end, text=document.text[start:end], type=found.type, id=found.id,
                name=found.name, method=found.method, sentence_id=sentence.id,
                page=document.page_at(start, end), section=block.section if block else "",
                sentence=sentence.text,
            )
        )
    return out


def relations_of(doc: Doc, sentences: list[Sentence], base: int = 0) -> list[Relation]:
    """The claims ``exo_relations`` left in the doc, each with its sentence as evidence and its page."""
    starts = [s.start for s in sentences]
    out = []
    for claim in doc._.exo_relations:
        sentence = sentences[max(0, bisect_right(starts, claim.trigger_start + base) - 1)]
        subject, obj = claim.subject, claim.object
        out.append(Relation(
            subject_type=subject.type, subject_id=subject.id, subject_name=subject.name, predicate=claim.predicate,
            object_type=obj.type, object_id=obj.id, object_name=obj.name, hedged=claim.hedged,
            negated=claim.negated, sentence_id=sentence.id, evidence=sentence.text, page=sentence.page,
            trigger=claim.trigger, confidence=claim.confidence,
        ))
    return out
