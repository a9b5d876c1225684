"""scispaCy's abbreviation detector (Schwartz & Hearst), made stateless between documents.

scispaCy's component adds every long form it finds to a matcher it keeps, and
removes only the ones that matched again; the rest stay and match in the next
document, so results depended on which papers came before. This subclass
starts every document with an empty matcher.
"""

from __future__ import annotations

import warnings

from scispacy.abbreviation import AbbreviationDetector
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc


@Language.factory("exo_abbreviations", default_config={"make_serializable": False})
def make_abbreviation_detector(nlp: Language, name: str, make_serializable: bool) -> StatelessAbbreviationDetector:
    return StatelessAbbreviationDetector(nlp, name, make_serializable=make_serializable)


class StatelessAbbreviationDetector(AbbreviationDetector):
    """The ``exo_abbreviations`` component: ``doc._.abbreviations`` as scispaCy sets it, per document."""

    def __init__(self, nlp: Language, name: str = "exo_abbreviations", make_serializable: bool = False) -> None:
        super().__init__(nlp, name, make_serializable)
        self.vocab = nlp.vocab

    def __call__(self, doc: Doc) -> Doc:
        self.global_matcher = Matcher(self.vocab)
        doc._.abbreviations = []
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*\[W036\]")  # an empty matcher when nothing is defined
            return super().__call__(doc)
