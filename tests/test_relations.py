"""The relation stage on sentences written for these tests (none comes from a gold paper or dev abstract).

Each case is the exact set of (subject, predicate, object, hedged, negated) the text states, with the
canonical names of docs/ANNOTATION.md; a missing or an extra triple fails the case.
"""

from __future__ import annotations

import pytest

from exoextract.ingest import load_text
from exoextract.paper import process_document

F, T = False, True

CASES = [
    # a knock-out written as a genotype is a loss of function, in ASCII or with Unicode minus signs
    ("TLR4-/- mice showed reduced inflammation.", {("TLR4", "promotes", "inflammation", F, F)}),
    ("TLR4\u2212/\u2212 mice showed reduced inflammation.", {("TLR4", "promotes", "inflammation", F, F)}),
    # carries: verbs, voice, lists, relative clauses, "exosomal X", affixes
    ("Exosomes released by dendritic cells carry CD86 and MHC-I.",
     {("dendritic cell exosome", "carries", "CD86", F, F), ("dendritic cell exosome", "carries", "MHC class I", F, F)}),
    ("Plasma exosomes contained miR-21.", {("plasma exosome", "carries", "miR-21", F, F)}),
    ("CD9 was enriched in exosomes from mesenchymal stem cells.",
     {("mesenchymal stem cell exosome", "carries", "CD9", F, F)}),
    ("miR-146a-loaded exosomes were injected into mice.", {("exosome", "carries", "miR-146a", F, F)}),
    ("Exosomal PD-L1 was detected in the serum of patients.", {("exosome", "carries", "CD274", F, F)}),
    ("Tumor-derived exosomes, which carry TGF-beta1, were isolated by ultracentrifugation.",
     {("malignant cell exosome", "carries", "TGFB1", F, F)}),
    ("We found CD63, CD81 and TSG101 in exosomes secreted by HeLa cells.",
     {("HeLa exosome", "carries", "CD63", F, F), ("HeLa exosome", "carries", "CD81", F, F),
      ("HeLa exosome", "carries", "TSG101", F, F)}),
    ("EGFR-positive exosomes from glioma cells promote cell migration.",
     {("malignant cell exosome", "carries", "EGFR", F, F),
      ("malignant cell exosome", "promotes", "cell migration", F, F)}),
    # marker_of, subject and object side
    ("CD63 and CD81 are commonly used as exosome markers.",
     {("CD63", "marker_of", "exosome", F, F), ("CD81", "marker_of", "exosome", F, F),
      ("exosome", "carries", "CD63", F, F), ("exosome", "carries", "CD81", F, F)}),
    ("Vesicles were characterized with the exosomal markers ALIX and TSG101.",
     {("PDCD6IP", "marker_of", "exosome", F, F), ("TSG101", "marker_of", "exosome", F, F),
      ("exosome", "carries", "PDCD6IP", F, F), ("exosome", "carries", "TSG101", F, F)}),
    # promotes / inhibits, coordination on both sides
    ("Exosomes from natural killer cells induce apoptosis and inhibit proliferation of melanoma cells.",
     {("natural killer cell exosome", "promotes", "apoptosis", F, F),
      ("natural killer cell exosome", "inhibits", "cell proliferation", F, F)}),
    ("MSC-derived exosomes promote angiogenesis, cell proliferation and cell migration.",
     {("mesenchymal stem cell exosome", "promotes", "angiogenesis", F, F),
      ("mesenchymal stem cell exosome", "promotes", "cell proliferation", F, F),
      ("mesenchymal stem cell exosome", "promotes", "cell migration", F, F)}),
    ("Dendritic cell-derived exosomes and B cell-derived exosomes activate T cells.",
     {("dendritic cell exosome", "promotes", "T cell", F, F), ("B cell exosome", "promotes", "T cell", F, F)}),
    ("Tumor-derived exosomes suppress NK cells and T cells.",
     {("malignant cell exosome", "inhibits", "natural killer cell", F, F),
      ("malignant cell exosome", "inhibits", "T cell", F, F)}),
    ("Exosomes from B cells stimulate T cell proliferation and inhibit apoptosis.",
     {("B cell exosome", "promotes", "T cell proliferation", F, F),
      ("B cell exosome", "inhibits", "apoptosis", F, F)}),
    # passive voice
    ("Angiogenesis was promoted by exosomes from mesenchymal stem cells.",
     {("mesenchymal stem cell exosome", "promotes", "angiogenesis", F, F)}),
    ("T cell activation is inhibited by tumor-derived exosomes.",
     {("malignant cell exosome", "inhibits", "T cell activation", F, F)}),
    ("Exosomes derived from HEK293T cells were internalized by HeLa cells.",
     {("HEK293T exosome", "targets", "HeLa", F, F)}),
    # relative clauses and participles
    ("Exosomes from dendritic cells, which carry MHC-I, prime T cells.",
     {("dendritic cell exosome", "carries", "MHC class I", F, F),
      ("dendritic cell exosome", "promotes", "T cell", F, F)}),
    ("Exosomes containing miR-21 enhance tumor growth.",
     {("exosome", "carries", "miR-21", F, F), ("exosome", "promotes", "tumor growth", F, F)}),
    ("Exosomes carry miR-21, which promotes metastasis.",
     {("exosome", "carries", "miR-21", F, F), ("miR-21", "promotes", "metastasis", F, F)}),
    # exosomal X promotes Y: the molecule is the subject, and the exosomes carry it
    ("Exosomal miR-21 promotes tumor invasion.",
     {("exosome", "carries", "miR-21", F, F), ("miR-21", "promotes", "invasion", F, F)}),
    ("Exosomal HSP70 activates natural killer cells.",
     {("exosome", "carries", "HSPA", F, F), ("HSPA", "promotes", "natural killer cell", F, F)}),
    # anaphora to the previous sentence's exosomes
    ("Exosomes derived from mesenchymal stem cells were purified. They reduced inflammation in the lung.",
     {("mesenchymal stem cell exosome", "inhibits", "inflammation", F, F)}),
    ("We isolated exosomes from dendritic cells. These vesicles stimulated T cell activation.",
     {("dendritic cell exosome", "promotes", "T cell activation", F, F)}),
    ("Dendritic cell exosomes were injected. These exosomes were taken up by B cells.",
     {("dendritic cell exosome", "targets", "B cell", F, F)}),
    # hedged
    ("MSC exosomes may promote angiogenesis.", {("mesenchymal stem cell exosome", "promotes", "angiogenesis", T, F)}),
    ("These data suggest that exosomal miR-21 enhances tumor growth.",
     {("exosome", "carries", "miR-21", T, F), ("miR-21", "promotes", "tumor growth", T, F)}),
    ("Tumor-derived exosomes could potentially suppress T cells.",
     {("malignant cell exosome", "inhibits", "T cell", T, F)}),
    ("It has been proposed that exosomes from dendritic cells activate NK cells.",
     {("dendritic cell exosome", "promotes", "natural killer cell", T, F)}),
    # negated, and what only looks negated
    ("Exosomes from B cells did not affect angiogenesis.", {("B cell exosome", "promotes", "angiogenesis", F, T)}),
    ("Plasma exosomes failed to inhibit tumor growth.", {("plasma exosome", "inhibits", "tumor growth", F, T)}),
    ("Exosomes from HeLa cells had no effect on apoptosis.", {("HeLa exosome", "promotes", "apoptosis", F, T)}),
    ("Dendritic cell exosomes did not carry CD9.", {("dendritic cell exosome", "carries", "CD9", F, T)}),
    ("Exosomes not only carry CD63 but also promote angiogenesis.",
     {("exosome", "carries", "CD63", F, F), ("exosome", "promotes", "angiogenesis", F, F)}),
    # flags stay in their clause
    ("MSC exosomes promote angiogenesis, but they may also inhibit apoptosis.",
     {("mesenchymal stem cell exosome", "promotes", "angiogenesis", F, F),
      ("mesenchymal stem cell exosome", "inhibits", "apoptosis", T, F)}),
    ("Exosomes from tumor cells promote metastasis, whereas exosomes from dendritic cells do not promote metastasis.",
     {("malignant cell exosome", "promotes", "metastasis", F, F),
      ("dendritic cell exosome", "promotes", "metastasis", F, T)}),
    # targets
    ("Microglia internalize exosomes released by neurons.", {("neuron exosome", "targets", "microglial cell", F, F)}),
    ("Exosomes from HEK293T cells fuse with dendritic cells.",
     {("HEK293T exosome", "targets", "dendritic cell", F, F)}),
    ("Tumor-derived exosomes delivered miR-21 to fibroblasts.",
     {("malignant cell exosome", "carries", "miR-21", F, F),
      ("malignant cell exosome", "targets", "fibroblast", F, F)}),
    # outcomes written as adjectives, "X-mediated Y", treatment with exosomes, sources named by the verb
    ("Immunosuppressive exosomes from tumor cells were found in the plasma of patients.",
     {("malignant cell exosome", "promotes", "immunosuppression", F, F)}),
    ("The anti-inflammatory effects of exosomes from mesenchymal stem cells were studied in mice.",
     {("mesenchymal stem cell exosome", "inhibits", "inflammation", F, F)}),
    ("Exosome-mediated angiogenesis was observed in the ischemic limb.",
     {("exosome", "promotes", "angiogenesis", F, F)}),
    ("Treatment with exosomes from dendritic cells reduced tumor growth in mice.",
     {("dendritic cell exosome", "inhibits", "tumor growth", F, F)}),
    ("Dendritic cells release exosomes that activate T cells.",
     {("dendritic cell exosome", "promotes", "T cell", F, F)}),
    ("Lactobacillus plantarum-derived extracellular vesicles reduced inflammation in the colon.",
     {("lactobacillus plantarum exosome", "inhibits", "inflammation", F, F)}),
    ("Proteomic analysis of exosomes from dendritic cells showed that they contain CD86.",
     {("dendritic cell exosome", "carries", "CD86", F, F)}),
    ("Activated fibroblasts secrete pro-inflammatory cytokines, including IL-6 and TGF-beta1.",
     {("IL6", "promotes", "inflammation", F, F), ("TGFB1", "promotes", "inflammation", F, F)}),
    ("CD63 exosomes were separated from CD81 exosomes by affinity capture.",
     {("CD63", "marker_of", "exosome", F, F), ("exosome", "carries", "CD63", F, F),
      ("CD81", "marker_of", "exosome", F, F), ("exosome", "carries", "CD81", F, F)}),
    ("Exosomes from dendritic cells reduced metastasis, whereas exosomes from B cells had no significant effect.",
     {("dendritic cell exosome", "inhibits", "metastasis", F, F), ("B cell exosome", "promotes", "metastasis", F, T)}),
    ("Exosomes from dendritic cells activate natural killer cells to reduce tumor growth.",
     {("dendritic cell exosome", "promotes", "natural killer cell", F, F),
      ("dendritic cell exosome", "inhibits", "tumor growth", F, F)}),
    ("Immunosuppressive exosomes of tumor origin were detected in the blood of patients.",
     {("malignant cell exosome", "promotes", "immunosuppression", F, F)}),
    ("Knockdown of TSG101 in breast cancer cells reduced exosome secretion and inhibited lung metastasis.",
     {("TSG101", "promotes", "exosome secretion", F, F), ("TSG101", "promotes", "metastasis", F, F)}),
    ("Exosomes from dendritic cells promoted apoptosis of melanoma cells by transferring miR-21 to tumor cells.",
     {("dendritic cell exosome", "promotes", "apoptosis", F, F), ("dendritic cell exosome", "carries", "miR-21", F, F),
      ("dendritic cell exosome", "targets", "malignant cell", F, F)}),
    # loss of function reads as direction
    ("Knockdown of TSG101 reduced angiogenesis.", {("TSG101", "promotes", "angiogenesis", F, F)}),
    # entities, no relation
    ("Exosomes, dendritic cells and CD63 were discussed in this review.", set()),
    ("CD63 expression was measured in HeLa cells and T cells.", set()),
    ("Angiogenesis and metastasis are hallmarks of cancer.", set()),
    ("Exosomes regulate angiogenesis.", set()),
    ("Exosomes loaded with CD63 siRNA were prepared.", set()),
    ("T cells and B cells were cultured with CD63 antibodies for two days.", set()),
]


def claims(nlp, text: str) -> set[tuple[str, str, str, bool, bool]]:
    result = process_document(load_text(text), nlp)
    return {(r.subject_name, r.predicate, r.object_name, r.hedged, r.negated) for r in result.relations}


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:48] for text, _ in CASES])
def test_sentence_gives_exactly_its_claims(nlp, text, expected):
    assert claims(nlp, text) == expected


def test_there_are_enough_sentences_of_each_kind():
    assert len(CASES) >= 40
    assert sum(1 for _, expected in CASES if not expected) >= 5
    assert sum(1 for _, expected in CASES if any(h for *_, h, _n in expected)) >= 4
    assert sum(1 for _, expected in CASES if any(n for *_, n in expected)) >= 4


def test_evidence_is_a_whole_sentence_of_the_clean_text_with_its_page_in_a_pdf(nlp, tmp_path):
    """A two-column PDF typeset here: claims in the abstract on page 1 and, after filler, on a later page."""
    from conftest import make_two_column_pdf

    from exoextract.paper import process_paper

    filler = "Vesicles were counted by nanoparticle tracking in every sample of the cohort. " * 8
    items = [
        ("title", "Dendritic cell exosomes in tumour immunity"),
        ("paragraph", "Exosomes from dendritic cells carry CD86. They activate natural killer cells. We followed "
                      "vesicle counts in the blood of mice for several weeks after a single intravenous injection "
                      "and compared them with untreated animals of the same age and weight."),
        ("heading", "1. Introduction"),
        *[("paragraph", filler)] * 14,
        ("paragraph", "Tumor-derived exosomes suppress T cell activation in the lymph node."),
    ]
    path = tmp_path / "claims.pdf"
    make_two_column_pdf(path, items)
    result = process_paper(path, nlp)
    text = result.document.text
    found = {(r.subject_name, r.predicate, r.object_name): r for r in result.relations}
    assert set(found) == {("dendritic cell exosome", "carries", "CD86"),
                          ("dendritic cell exosome", "promotes", "natural killer cell"),
                          ("malignant cell exosome", "inhibits", "T cell activation")}
    sentences = {s.id: s for s in result.sentences}
    for relation in result.relations:
        sentence = sentences[relation.sentence_id]
        assert relation.evidence == sentence.text == text[sentence.start : sentence.end]
        assert relation.page == sentence.page == result.document.page_at(sentence.start, sentence.end)
    assert found[("dendritic cell exosome", "carries", "CD86")].page == 1
    late = found[("malignant cell exosome", "inhibits", "T cell activation")]
    assert late.page == result.document.pages > 1
    assert late.evidence == "Tumor-derived exosomes suppress T cell activation in the lymph node."
    assert found[("dendritic cell exosome", "promotes", "natural killer cell")].evidence == (
        "They activate natural killer cells.")


def test_new_outcome_mentions_are_real_ranges_of_the_text(nlp):
    """A process noun after a list ("and inhibition of ...") once took a cell named before it and made an
    inverted range, which stopped the paper; every new outcome must be a non-empty slice of the text."""
    text = ("Tumor cells treated with exosomes from dendritic cells showed increased proliferation and inhibition "
            "of apoptosis. Macrophages exposed to exosomes enhanced migration and activation of T cells.")
    result = process_document(load_text(text), nlp)
    new = [m for m in result.mentions if m.method == "claim_object"]
    assert all(0 <= m.start < m.end <= len(result.document.text) for m in result.mentions)
    assert all(result.document.text[m.start : m.end] == m.text for m in new)
