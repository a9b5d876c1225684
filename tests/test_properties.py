"""Property-based tests (hypothesis, fixed seed, bounded) over the text cleaner, tokenizer and recognizers,
and a fuzz run over damaged PDFs: no exception but exoextract's own, offsets always inside the text."""

import pytest
from conftest import PDFS
from fuzzing import mutations
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exoextract.errors import ExoextractError
from exoextract.ingest import load, load_text
from exoextract.paper import process_document

PIECES = ["Exosomes", " from ", "dendritic cells", " carry ", "CD63", " (", ")", "[", "]", "miR-21", "/", ";", "=",
          "\n", "\n\n", "\f", "\t", "-", "CD8+ T cells", "α", "TGF-β1", " et al.", "\u00ad", "\u200b", "EVs", "."]
TEXT = st.one_of(
    st.text(max_size=400),  # any Unicode, control characters included
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),  # names, brackets and breaks in odd orders
    st.text(alphabet="ab (CD63)[]-/\n", min_size=2000, max_size=6000),  # very long lines
)
SETTINGS = settings(max_examples=80, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@SETTINGS
@given(TEXT)
def test_the_text_cleaner_keeps_its_offset_map(text):
    document = load_text(text)
    assert len(document.offsets) == len(document.text)
    for block in document.blocks:
        assert 0 <= block.start <= block.end <= len(document.text)
    for citation in document.citations:
        assert 0 <= citation.start < citation.end <= len(document.text)


@SETTINGS
@given(TEXT)
def test_recognizers_give_mentions_inside_the_text(nlp, text):
    result = process_document(load_text(text), nlp)
    clean = result.document.text
    for mention in result.mentions:
        assert 0 <= mention.start < mention.end <= len(clean) and clean[mention.start : mention.end] == mention.text
        assert 0 <= mention.sentence_id < len(result.sentences)
    for sentence in result.sentences:
        assert clean[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize("source", ["groff_two_column.pdf", "bug-table-cells.pdf"])
def test_damaged_pdfs_give_only_typed_errors(tmp_path, source):
    data = (PDFS / source).read_bytes()
    outcomes = {"read": 0, "refused": 0}
    for number, damaged in mutations(data, seed=20261130, count=24):
        path = tmp_path / f"damaged{number}.pdf"
        path.write_bytes(damaged)
        try:
            document = load(path)
        except ExoextractError:
            outcomes["refused"] += 1
            continue
        assert len(document.offsets) == len(document.text)
        outcomes["read"] += 1
    assert outcomes["read"] + outcomes["refused"] == 24
