"""The spaCy stage itself: config loading, tokenizer, sentences, abbreviations in the real papers."""

import pandas as pd
import pytest
import spacy
from conftest import PROJECT

from exoextract.nlp import pipeline_config

OUTPUTS = PROJECT / "outputs"


def test_config_loads_with_spacys_own_loader():
    config = spacy.util.load_config(PROJECT / "pipelines" / "default.cfg")
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    assert nlp.pipe_names == ["exo_sentences", "exo_abbreviations", "exo_entities", "exo_relations"]
    assert pipeline_config()["nlp"]["pipeline"] == nlp.pipe_names


def test_tokenizer_splits_slash_lists_and_participles(nlp):
    assert [t.text for t in nlp.make_doc("CD9/CD63/CD81 and MSC-derived exosomes")] == [
        "CD9", "/", "CD63", "/", "CD81", "and", "MSC", "-", "derived", "exosomes"]
    assert [t.text for t in nlp.make_doc("IL-10 and miR-146a and TGF-β1")] == [
        "IL-10", "and", "miR-146a", "and", "TGF-β1"]
    # a short form in brackets before a participle keeps its brackets (its definition is then seen); a
    # stereo descriptor stays part of its chemical's name
    assert [t.text for t in nlp.make_doc("stem cell (MSC)-derived and (LPSs)-treated, (S)-ketamine")] == [
        "stem", "cell", "(", "MSC", ")", "-", "derived", "and", "(", "LPSs", ")", "-", "treated", ",", "(S)-ketamine"]


def test_sentences_survive_abbreviations_and_brackets(nlp):
    doc = nlp("Trajkovic et al. reported it in Fig. 1 (i.e. in vivo) vs. controls [21]. Then CD63 rose.\n\nNext block")
    assert [s.text.strip() for s in doc.sents] == [
        "Trajkovic et al. reported it in Fig. 1 (i.e. in vivo) vs. controls [21].", "Then CD63 rose.", "Next block"]


@pytest.mark.parametrize(
    ("short", "type_", "name"),
    [
        ("Dexs", "EXOSOME", "dendritic cell exosome"), ("Texs", "EXOSOME", "malignant cell exosome"),
        ("Aexs", "EXOSOME", "ascites exosome"), ("MSCs", "CELL_TYPE", "mesenchymal stem cell"),
        ("CICs", "CELL_TYPE", "cancer-initiating cell"), ("CAFs", "CELL_TYPE", "cancer-associated fibroblast"),
        ("BM-MSCs", "CELL_TYPE", "mesenchymal stem cell of the bone marrow"),
        ("AT-MSCs", "CELL_TYPE", "mesenchymal stem cell of adipose tissue"), ("CTLs", "CELL_TYPE", "cytotoxic T cell"),
        ("DCs", "CELL_TYPE", "dendritic cell"),
    ],
)
def test_paper_abbreviations_resolve_to_their_long_forms(short, type_, name):
    mentions = pd.read_csv(OUTPUTS / "mentions.tsv", sep="\t", dtype=str, keep_default_na=False)
    rows = mentions[mentions["text"] == short]
    assert len(rows) >= 2
    assert set(zip(rows["type"], rows["name"])) == {(type_, name)}


def test_annotate_gives_spacy_spans_unless_only_records_are_wanted(nlp):
    from exoextract.ingest import load_text
    from exoextract.nlp import annotate
    from exoextract.nlp.entities import SPAN_KEY, entity_records

    document = load_text("Exosomes derived from dendritic cells carried CD63 and promoted angiogenesis.")
    with_spans, records_only = annotate(document, nlp), annotate(document, nlp, spans=False)
    records = entity_records(records_only)
    assert records == entity_records(with_spans) and {r.name for r in records} >= {"CD63", "angiogenesis"}
    assert SPAN_KEY not in records_only.spans
    spans = with_spans.spans[SPAN_KEY]
    assert [(s._.exo_start, s._.exo_end, s.label_, s.kb_id_, s._.exo_name, s._.exo_method) for s in spans] == [
        (r.start, r.end, r.type, r.id, r.name, r.method) for r in records]
