"""The ``exo_entities`` component: recognition and normalization of the five entity types.

The knowledge base is an input of the component, given to ``initialize``
(as spaCy's ``span_ruler`` takes its patterns); each document is a list of
passes over a fresh :class:`PaperContext`, so nothing carries over between
papers. Mentions land in ``doc.spans["exo"]``: label = type, kb_id = identifier.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from exoextract.errors import ExoextractError
from exoextract.kb import KnowledgeBase
from exoextract.nlp.doctext import doc_text
from exoextract.nlp.entities import cells, exosomes, kb_scan, markers, mirnas, resolve, short_forms
from exoextract.nlp.entities.cell_classes import CellClasses
from exoextract.nlp.entities.context import Found, PaperContext

SPAN_KEY = "exo"

__all__ = ["SPAN_KEY", "EntityRecognizer", "Found", "PaperContext", "described_span", "entity_records"]


def entity_records(doc: Doc) -> list[Found]:
    """The mentions in ``doc.spans["exo"]``, as the plain records the component keeps beside them
    (reading span extensions costs more than the rules that made them); read from the spans when a
    Doc has no records (spans set by other code)."""
    found = doc._.exo_found if Doc.has_extension("exo_found") else None
    if found is not None:
        return list(found)
    return [Found(s._.exo_start, s._.exo_end, s.label_, s.kb_id_, s._.exo_name, s._.exo_method)
            for s in doc.spans.get(SPAN_KEY, [])]


class NotInitialized(ExoextractError):
    """The entity component was called before ``initialize(kb=...)`` gave it a knowledge base."""


@Language.factory(
    "exo_entities",
    default_config={"max_ngram": 7, "outcome_cues": True},
    assigns=["doc.spans"],
    requires=["token.is_sent_start"],
)
def make_entity_recognizer(nlp: Language, name: str, max_ngram: int, outcome_cues: bool) -> EntityRecognizer:
    return EntityRecognizer(max_ngram=max_ngram, outcome_cues=outcome_cues)


class EntityRecognizer:
    """Markers, miRNAs, cell types, exosome populations and outcomes, from a knowledge base and grammars."""

    def __init__(self, max_ngram: int = 7, outcome_cues: bool = True, kb: KnowledgeBase | None = None):
        Span.set_extension("exo_name", default=None, force=True)
        Span.set_extension("exo_method", default=None, force=True)
        Span.set_extension("exo_start", default=None, force=True)  # exact offsets: tokens may be wider
        Span.set_extension("exo_end", default=None, force=True)
        Doc.set_extension("exo_skip", default=(), force=True)
        Doc.set_extension("exo_found", default=None, force=True)
        # set by the paper path, which reads the records: no spaCy Span objects (with their extensions they
        # cost more per paper than most passes)
        Doc.set_extension("exo_records_only", default=False, force=True)
        self.max_ngram = max_ngram
        self.outcome_cues = outcome_cues
        self.kb: KnowledgeBase | None = None
        self.cells: CellClasses | None = None
        if kb is not None:
            self.initialize(kb=kb)

    def initialize(self, get_examples=None, *, nlp: Language | None = None, kb: KnowledgeBase | None = None) -> None:
        """Give the component its knowledge base (``nlp.initialize`` or :func:`exoextract.nlp.load_pipeline`)."""
        if kb is None:
            raise NotInitialized("exo_entities needs a knowledge base: initialize(kb=load_kb())")
        self.kb = kb
        self.cells = CellClasses(kb)
        self.cells.warm()

    def __call__(self, doc: Doc) -> Doc:
        if self.kb is None or self.cells is None:
            raise NotInitialized("exo_entities has no knowledge base; load the pipeline with load_pipeline()")
        paper = PaperContext(doc, doc_text(doc), self.kb, self.cells, tuple(doc._.exo_skip))
        found = mirnas.find_mirnas(paper)
        found += kb_scan.scan(paper, self.max_ngram, self.outcome_cues)
        found = short_forms.apply_definitions(paper, found)
        found += markers.paralogs(paper, found)
        found += markers.suffix_coordination(paper)
        found += markers.letter_lists(paper)
        found += markers.numbered_complexes(paper)
        found += markers.listed(paper, found)
        found += markers.genotypes(paper)
        found += markers.human_prefixed(paper)
        found += markers.isoforms(paper)
        found += markers.spelled_receptors(paper, found)
        found += cells.qualified_cells(paper)
        found += cells.tumour_cells(paper, found)
        found += cells.coordinated_cells(paper)
        found += cells.state_cells(paper, found)
        found += exosomes.populations(paper, found)
        found = short_forms.apply_population_definitions(paper, found)
        resolved = resolve.resolve(found, paper.skip)
        if doc._.exo_records_only:  # no Span objects: the same mentions as a span would keep
            kept = [item for item in resolved if within(item, len(paper.text))]
        else:
            described = [(item, span) for item in resolved if (span := described_span(doc, item)) is not None]
            doc.spans[SPAN_KEY] = [span for _, span in described]
            kept = [item for item, _ in described]
        doc._.exo_found = tuple(kept)  # the mentions as plain records, for later passes
        return doc


def described_span(doc: Doc, item: Found) -> Span | None:
    """The tokens a mention covers (None when it covers none: such a mention is dropped), with the
    record's name, method and offsets."""
    span = doc.char_span(item.start, item.end, label=item.type, kb_id=item.id, alignment_mode="expand")
    if span is not None:
        describe(span, item)
    return span


def within(item: Found, length: int) -> bool:
    """Whether :func:`described_span` gives a mention a span, answered without building one: its first and
    last characters lie in the text (a Doc's tokens and the spaces after them cover every character)."""
    return 0 <= item.start < length and 0 < item.end <= length


def describe(span: Span, item: Found) -> None:
    """Give a span the record's name, method and exact offsets (one ``span._``: each costs an object)."""
    extensions = span._
    extensions.exo_name = item.name
    extensions.exo_method = item.method
    extensions.exo_start = item.start
    extensions.exo_end = item.end
