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


# --- the page layout's fast forms against the plain forms they replace ---------------------------------------

GLYPH = st.fixed_dictionaries({
    "text": st.sampled_from(["a", "b", "I", "1", ".", "\ufb01", "\u03b1", "ff", "(cid:3)"]),
    "x0": st.floats(0, 60, allow_nan=False), "width": st.floats(0, 8, allow_nan=False),
    "top": st.sampled_from([10.0, 10.5, 12.0, 20.0, 21.0, 30.0]),
    "height": st.sampled_from([0.05, 1.0, 9.0, 10.0, -2.0]),
    "size": st.sampled_from([0.5, 1.0, 9.0, 10.0, 12.5]),
    "fontname": st.sampled_from(["Times-Roman", "Times-Bold", "Helvetica-BoldOblique", ""]),
})


def _glyphs(drawn: list[dict]) -> list[dict]:
    return [{"text": g["text"], "x0": g["x0"], "x1": g["x0"] + g["width"], "top": g["top"],
             "bottom": g["top"] + g["height"], "size": g["size"], "fontname": g["fontname"]} for g in drawn]


def _rows_plain(chars):
    from operator import itemgetter

    rows, core, joined = [], [], {}
    for char in sorted(chars, key=itemgetter("top", "x0")):
        extents = (char["top"], char["bottom"])
        known = joined.get(extents)
        if known is not None and known[0] == len(rows):
            rows[known[1]].append(char)
            continue
        height = max(char["bottom"] - char["top"], 0.1)
        for index in range(len(rows) - 1, max(len(rows) - 4, -1), -1):
            top, bottom = core[index]
            if min(bottom, char["bottom"]) - max(top, char["top"]) >= 0.4 * min(height, bottom - top):
                rows[index].append(char)
                joined[extents] = (len(rows), index)
                break
        else:
            rows.append([char])
            core.append(extents)
    return rows


def _split_plain(row):
    from itertools import pairwise

    from exoextract.ingest.columns import SEGMENT_GAP, _repair_ligature_widths

    row.sort(key=lambda c: c["x0"])
    _repair_ligature_widths(row)
    segments = [[row[0]]]
    for previous, char in pairwise(row):
        size = max(max(previous["size"], char["size"]), 1.0)
        if char["x0"] - previous["x1"] > SEGMENT_GAP * size:
            segments.append([char])
        else:
            segments[-1].append(char)
    return segments


def _line_plain(chars):
    from exoextract.ingest.lines import expand_ligatures
    from exoextract.ingest.pdf import WORD_GAP

    text, src, previous_end, previous_size = [], [], None, 1.0
    for position, char in enumerate(chars):
        if previous_end is not None and char["x0"] - previous_end > WORD_GAP * previous_size:
            text.append(" ")
            src.append(-1)
        piece = expand_ligatures(char["text"])
        src.extend([position] * len(piece))
        text.append(piece)
        previous_end, previous_size = char["x1"], max(char["size"], 1.0)
    return "".join(text), src


EDGE = st.sampled_from([10.0, 10.5, 12.0, 20.0, 0.0, -0.0, float("inf"), float("-inf"), float("nan")])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(EDGE, EDGE, st.sampled_from([1.0, 2.0, 2.0])), min_size=1, max_size=40))
def test_rows_of_odd_boxes_are_the_plain_form_s_rows(boxes):
    """Inverted, empty, infinite and missing extents: each glyph where the plain form puts it."""
    from exoextract.ingest.columns import rows

    chars = [{"text": "a", "x0": x0, "x1": x0 + 1, "top": top, "bottom": bottom, "size": 10.0}
             for top, bottom, x0 in boxes]
    assert [[id(c) for c in row] for row in rows(chars)] == [[id(c) for c in row] for row in _rows_plain(chars)]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(GLYPH, min_size=1, max_size=40))
def test_page_layout_gives_what_its_plain_forms_give(drawn):
    import copy
    import statistics
    from collections import Counter

    from exoextract.ingest.columns import _is_bold, rows, split_row
    from exoextract.ingest.pdf import _line, _Positions

    chars = _glyphs(drawn)
    assert [[id(c) for c in row] for row in rows(chars)] == [[id(c) for c in row] for row in _rows_plain(chars)]
    for row in _rows_plain(chars):
        plain = _split_plain(copy.deepcopy(row))
        segments = split_row(copy.deepcopy(row), page=1)
        assert [s.chars for s in segments] == plain
        for segment in segments:
            assert segment.size == statistics.median(c["size"] for c in segment.chars)
            fonts = Counter(c["fontname"] for c in segment.chars)
            assert segment.bold == (sum(n for f, n in fonts.items() if _is_bold(f)) * 2 > len(segment.chars))
            line = _line(segment, _Positions(), 0)
            assert (line.text, list(line.src)) == _line_plain(segment.chars)
