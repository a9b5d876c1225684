"""The two bundled papers: text already pulled out of two-column PDFs, with its debris."""

from pathlib import Path

import pytest
from conftest import body_text, has_word

from exoextract.ingest import load_text
from exoextract.ingest.text import decode

AJCR_JOINED = ["exosomes", "multivesicular", "immune", "dynamin-2", "costimulatory", "antigens", "responses",
               "Ultracentrifuges", "reticulocyte-derived", "demonstrated", "hepatocellular"]
AJCR_KEPT = ["Tumor-derived", "CAR-T", "IFN-γ", "MHC-I", "SNAP-23", "VAMP-7", "ESCRT-III", "anti-tumor",
             "antigen-specific", "co-stimulatory", "interleukin-10", "syntenin-1", "cell-derived", "GM-CSF"]
AJCR_BROKEN = ["exosom-es", "multivesicu-lar", "immu-ne", "dy-namin", "costim-ulatory", "anti-gens", "respons-es",
               "Ultracen-trifuges", "reticu-locyte", "demon-strated", "hepa-tocellular"]
CJC_JOINED = ["phenotypes", "recipient", "hypothesized", "applications", "characteristics", "pluripotent"]
CJC_KEPT = ["MSC-derived", "miR-146", "miR-140", "IL-10", "TGF-β1", "pre-metastatic", "self-renewal", "BM-MSCs",
            "AT-MSCs", "stem-like", "cancer-associated", "anti-inflammatory", "pro-angiogenic", "β-catenin",
            "tumor-initiating", "Bcl-2", "Oct-4"]
CJC_BROKEN = ["pheno-types", "recipi-ent", "hypoth-esized", "appli-cations", "char-acteristics"]
RUNNING_TITLES = ["Am J Cancer Res", "2165-2175", "Exosomes in anticancer treatment", "Chin J Cancer",
                  "Fatima and Nawaz", "Page 6 of 13", "Page 7 of 13", "34:46", "DOI 10.1186"]


WORDS = [("ajcr", w) for w in AJCR_JOINED + AJCR_KEPT] + [("cjc", w) for w in CJC_JOINED + CJC_KEPT]


@pytest.mark.parametrize(("paper", "word"), WORDS)
def test_line_break_hyphens_joined_and_real_hyphens_kept(paper, word, request):
    assert has_word(request.getfixturevalue(paper).text, word)


def test_no_broken_words_left(ajcr, cjc):
    for doc, broken in ((ajcr, AJCR_BROKEN), (cjc, CJC_BROKEN)):
        for word in broken:
            assert word not in doc.text, word
        assert "- " not in body_text(doc).replace(" - ", ""), "a line-end hyphen followed by a space"


@pytest.mark.parametrize("fragment", RUNNING_TITLES)
def test_no_running_title_in_text(papers, fragment):
    for doc in papers.values():
        assert fragment not in doc.text


def test_captions_are_their_own_blocks(ajcr, cjc):
    ajcr_captions = [ajcr.text[b.start : b.end] for b in ajcr.blocks if b.kind == "caption"]
    assert [c[:9] for c in ajcr_captions] == ["Figure 1."] * 1 + ["Figure 2."] + ["Figure 3."] + ["Figure 4."]
    assert ajcr_captions[0].endswith("(SNARE) complexes respectively.")
    assert ajcr_captions[1].endswith("activate NK cells.")
    cjc_captions = [cjc.text[b.start : b.end] for b in cjc.blocks if b.kind == "caption"]
    assert [c[:6] for c in cjc_captions] == ["Fig. 1", "Fig. 2", "Fig. 3", "Fig. 4"]
    assert cjc_captions[0].endswith("MSCs, mesenchymal stem cells")


def test_paragraph_interrupted_by_caption_is_rejoined(ajcr, cjc):
    assert "besides cytoskeleton proteins, but very few from other intracellular organelles" in ajcr.text
    assert "resulting in NK cells activation (Figure 2) [73]." in ajcr.text
    assert "in a paracrine fashion" in body_text(cjc)
    assert "within the tumor niche [9]. Subsequently" in cjc.text


def test_sections(ajcr, cjc):
    headings = [ajcr.text[b.start : b.end] for b in ajcr.blocks if b.kind == "heading"]
    assert headings[:4] == ["Abstract", "Introduction", "Biogenesis and composition", "DCs-derived exosomes"]
    assert "Conclusion and prospects" in headings
    cjc_headings = [cjc.text[b.start : b.end] for b in cjc.blocks if b.kind == "heading"]
    assert "Establishment of pre-metastatic niche" in cjc_headings
    assert "Exosome-mediated crosstalk among stromal elements" in cjc_headings
    first_paragraph = next(b for b in ajcr.blocks if b.kind == "paragraph")
    assert first_paragraph.section == "Abstract"


def test_citations_are_recognized(ajcr):
    refs = {ajcr.text[c.start : c.end]: c.refs for c in ajcr.citations}
    assert refs["[2, 3]"] == (2, 3)
    assert refs["[8-10]"] == (8, 9, 10)
    assert ajcr.in_citation(ajcr.text.index("[6, 7]") + 1, ajcr.text.index("[6, 7]") + 2)


def test_offsets_point_back_to_source_lines(ajcr):
    source = Path(ajcr.source).read_text(encoding="utf-8").split("\n")
    start = ajcr.text.index("TSG101, ALIX, CD63")
    location = ajcr.locate(start, start + 6)
    assert "TSG101" in source[location.line - 1]
    assert all(ajcr.text[i] == "\n" for i in range(len(ajcr.text)) if ajcr.offsets[i] < 0 and ajcr.text[i] != " ")


def test_ingestion_is_deterministic(ajcr):
    again = load_text(Path(ajcr.source).read_bytes(), doc_id=ajcr.doc_id, source=ajcr.source)
    assert again.text == ajcr.text and again.sha256 == ajcr.sha256
    assert (again.offsets == ajcr.offsets).all()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Exosomes carry IFN-γ".encode(), "Exosomes carry IFN-γ"),
        ("naïve T cells".encode("cp1252"), "naïve T cells"),
        (b"\x81\x8d bytes no code page maps", "\x81\x8d bytes no code page maps"),
    ],
)
def test_any_encoding_decodes(data, expected):
    assert decode(data)[0] == expected
    assert load_text(data).text == expected
