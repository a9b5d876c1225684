"""A page a curator can read: the paper with every recognized entity highlighted (displaCy)."""

from __future__ import annotations

from pathlib import Path

from spacy import displacy
from spacy.tokens import Span

from exoextract.ingest import load
from exoextract.nlp import annotate, load_pipeline
from exoextract.nlp.entities import SPAN_KEY

COLORS = {"MARKER": "#9ecae1", "MIRNA": "#fdae6b", "CELL_TYPE": "#a1d99b", "EXOSOME": "#bcbddc", "OUTCOME": "#fc9272"}
SHOW_KEY = "exo_show"


def render_html(path: str | Path) -> str:
    """The paper's clean text as HTML; each span is labelled with its type, canonical name and identifier."""
    document = load(path)
    doc = annotate(document, load_pipeline())
    labelled = []
    for span in doc.spans[SPAN_KEY]:
        label = f"{span.label_}: {span._.exo_name}" + (f" [{span.kb_id_}]" if span.kb_id_ else "")
        labelled.append(Span(doc, span.start, span.end, label=label))
    doc.spans[SHOW_KEY] = labelled
    colors = {s.label_: COLORS[s.label_.split(":")[0]] for s in labelled}
    html = displacy.render(doc, style="span", page=True, minify=True,
                           options={"spans_key": SHOW_KEY, "colors": colors})
    return html.replace("<title>displaCy</title>", f"<title>{document.doc_id} - exoextract</title>")
