"""Abbreviation definitions (Schwartz & Hearst), with scispaCy's own candidate filter and matcher.

scispaCy's component runs a token Matcher for every bracketed span and then a
second matcher for every later use of every short form. exoextract needs only
the definitions (its short-form pass finds the uses itself), so this
component takes the same bracket candidates from the token array, hands them
to scispaCy's ``filter_matches`` and ``find_abbreviation``, and keeps the same
first-definition-wins rule. It starts empty on every document: nothing
carries over between papers (scispaCy's detector kept earlier long forms).

``doc._.abbreviations`` holds one short-form span per definition, with
``span._.long_form`` set, in text order.
"""

from __future__ import annotations

import numpy
from scispacy.abbreviation import filter_matches, find_abbreviation
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

MAX_INSIDE = 8  # scispaCy ignores brackets holding more than eight tokens


@Language.factory("exo_abbreviations", default_config={"make_serializable": False})
def make_abbreviation_detector(nlp: Language, name: str, make_serializable: bool) -> AbbreviationDefinitions:
    return AbbreviationDefinitions(nlp)


class AbbreviationDefinitions:
    """The ``exo_abbreviations`` component: ``doc._.abbreviations``, the paper's definitions."""

    def __init__(self, nlp: Language) -> None:
        Doc.set_extension("abbreviations", default=[], force=True)
        Span.set_extension("long_form", default=None, force=True)
        self.open_bracket = nlp.vocab.strings.add("(")
        self.close_bracket = nlp.vocab.strings.add(")")

    def __call__(self, doc: Doc) -> Doc:
        doc._.abbreviations = [short for short, _ in definitions(doc, self.open_bracket, self.close_bracket)]
        return doc


def bracket_spans(doc: Doc, open_bracket: int, close_bracket: int) -> list[tuple[int, int]]:
    """Token ranges inside ``( ... )``, brackets excluded, as scispaCy's ``( + )`` pattern finds them."""
    if not len(doc):
        return []
    orth = doc.to_array([ORTH]).reshape(-1)
    opens = numpy.flatnonzero(orth == open_bracket)
    closes = numpy.flatnonzero(orth == close_bracket)
    spans = []
    for start in opens:
        for end in closes[(closes > start + 1) & (closes <= start + 1 + MAX_INSIDE)]:
            spans.append((int(start) + 1, int(end)))
    return spans


def definitions(doc: Doc, open_bracket: int, close_bracket: int) -> list[tuple[Span, Span]]:
    """(short form, long form) per definition; a long or short form already defined is not defined again."""
    candidates = filter_matches([(0, start, end) for start, end in bracket_spans(doc, open_bracket, close_bracket)],
                                doc)
    seen_long: set[str] = set()
    seen_short: set[str] = set()
    found = []
    for long_candidate, short_candidate in candidates:
        short, long = find_abbreviation(long_candidate, short_candidate)
        if long is None or long.text in seen_long or short.text in seen_short:
            continue
        seen_long.add(long.text)
        seen_short.add(short.text)
        short._.long_form = long
        found.append((short, long))
    return sorted(found, key=lambda pair: (pair[0].start, pair[0].end))
