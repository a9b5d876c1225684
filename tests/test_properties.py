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
             "bottom": g["top"] + g["height"], "size": g["size"], "fontname": g["fontname"], "number": number}
            for number, g in enumerate(drawn)]


def _columns_of(chars: list[dict]):
    """The layout's columns of these glyph records, made as a PDF page's are."""
    from exoextract.ingest.glyphs import GlyphStyle, PageGlyphs
    from exoextract.ingest.pdf import _glyph_columns

    styles: dict = {}
    numbers = [styles.setdefault(GlyphStyle(c["size"], c.get("fontname", ""), c.get("upright", True)), len(styles))
               for c in chars]
    boxes = [edge for c in chars for edge in (c["x0"], c["x1"], c["top"], c["bottom"])]
    return _glyph_columns(PageGlyphs(1, 600.0, 800.0, [c["text"] for c in chars], boxes, numbers, list(styles), []))


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


def _repair_plain(row):
    """Zero-width ligatures get 0.55 em; the glyphs after them move right until a gap absorbs the shift."""
    debt, previous = 0.0, None
    for char in row:
        start, end = char["x0"], char["x1"]
        if debt and previous is not None and not previous.get("space_after") and start - previous["x1"] >= 0.8 * debt:
            debt = 0.0
        previous = dict(char, x1=end)
        char["x0"], char["x1"] = start + debt, end + debt
        size = max(char["size"], 1.0)
        if len(char["text"]) > 1 and char["text"].isalpha() and end - start < 0.05 * size:
            char["x1"] = char["x0"] + 0.55 * size
            debt += 0.55 * size


def _split_plain(row):
    from itertools import pairwise

    from exoextract.ingest.columns import SEGMENT_GAP

    row.sort(key=lambda c: c["x0"])
    _repair_plain(row)
    segments = [[row[0]]]
    for previous, char in pairwise(row):
        size = max(max(previous["size"], char["size"]), 1.0)
        if char["x0"] - previous["x1"] > SEGMENT_GAP * size:
            segments.append([char])
        else:
            segments[-1].append(char)
    return segments


def _line_plain(chars):
    from exoextract.ingest.columns import WORD_GAP
    from exoextract.ingest.lines import expand_ligatures

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


def _segment_plain(chars):
    """What a segment of these glyphs reads: extent, median size, bold by majority, text run together."""
    import statistics
    from collections import Counter

    from exoextract.ingest.columns import _is_bold

    fonts = Counter(c["fontname"] for c in chars)
    return (chars[0]["x0"], max(c["x1"] for c in chars), min(c["top"] for c in chars),
            max(c["bottom"] for c in chars), statistics.median(c["size"] for c in chars),
            sum(n for f, n in fonts.items() if _is_bold(f)) * 2 > len(chars), "".join(c["text"] for c in chars))


EDGE = st.sampled_from([10.0, 10.5, 12.0, 20.0, 0.0, -0.0, float("inf"), float("-inf"), float("nan")])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(EDGE, EDGE, st.sampled_from([1.0, 2.0, 2.0])), min_size=1, max_size=40))
def test_rows_of_odd_boxes_are_the_plain_form_s_rows(boxes):
    """Inverted, empty and infinite extents: each glyph where the plain form puts it (a glyph with a missing edge
    is not placed at all)."""
    import math

    import numpy as np

    from exoextract.ingest.columns import placed, rows

    chars = [{"text": "a", "x0": x0, "x1": x0 + 1, "top": top, "bottom": bottom, "size": 10.0, "number": number}
             for number, (top, bottom, x0) in enumerate(boxes)]
    glyphs = _columns_of(chars)
    everywhere = placed(glyphs, math.inf, math.inf, [], np.ones(len(chars), dtype=bool))
    edged = [c for c in chars if not math.isnan(c["top"]) and not math.isnan(c["bottom"])]
    assert everywhere.tolist() == [c["number"] for c in edged if not c["bottom"] < 0]  # -inf: above any page
    found = rows(glyphs, np.array([c["number"] for c in edged], dtype=np.intp))
    assert [row.tolist() for row in found] == [[c["number"] for c in row] for row in _rows_plain(edged)]


PLACED_GLYPH = st.fixed_dictionaries({
    "text": st.sampled_from(["a", "b", " ", "\u00a0", "", "ff"]),
    "x0": st.sampled_from([-5.0, 0.0, 50.0, 90.0, 150.0, float("nan")]),
    "top": st.sampled_from([-20.0, 5.0, 40.0, 95.0, 130.0, float("nan")]),
    "upright": st.booleans(),
})


def _placed_plain(chars, width, height, images):
    import math

    kept, space_after = [], set()
    for number, char in enumerate(chars):
        if not char["text"]:
            continue
        if char["text"].isspace():
            if kept:
                space_after.add(kept[-1])
            continue
        box = (char["x0"], char["top"], char["x1"], char["bottom"])
        if not char["upright"] or any(map(math.isnan, box)):
            continue
        x0, top, x1, bottom = box
        if x1 < 0 or x0 > width or bottom < 0 or top > height:
            continue
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        if any(left <= cx <= right and above <= cy <= below for left, above, right, below in images):
            continue
        kept.append(number)
    return kept, sorted(space_after)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(PLACED_GLYPH, min_size=1, max_size=30), st.booleans())
def test_placed_glyphs_are_the_plain_form_s(drawn, with_image):
    """Upright glyphs with a whole box, on the page and outside raster figures are placed; a space marks the
    placed glyph before it."""
    import numpy as np

    from exoextract.ingest.columns import placed

    chars = [dict(g, x1=g["x0"] + 6.0, bottom=g["top"] + 10.0, size=10.0) for g in drawn]
    images = [(80.0, 30.0, 200.0, 120.0)] if with_image else []
    upright = np.array([c["upright"] for c in chars], dtype=bool)
    glyphs = _columns_of(chars)
    kept = placed(glyphs, 100.0, 100.0, images, upright)
    assert (kept.tolist(), np.flatnonzero(glyphs.space_after).tolist()) == _placed_plain(chars, 100.0, 100.0, images)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(GLYPH, min_size=1, max_size=40))
def test_page_layout_gives_what_its_plain_forms_give(drawn):
    import copy

    import numpy as np

    from exoextract.ingest.columns import rows, split_rows
    from exoextract.ingest.pdf import _line, _Positions

    chars = _glyphs(drawn)
    glyphs = _columns_of(chars)
    found = rows(glyphs, np.arange(len(chars)))
    plain_rows = _rows_plain(chars)
    assert [row.tolist() for row in found] == [[c["number"] for c in row] for row in plain_rows]
    segments = split_rows(glyphs, found, page=1)
    plain = [piece for row in plain_rows for piece in _split_plain(copy.deepcopy(row))]
    assert [s.ids.tolist() for s in segments] == [[c["number"] for c in piece] for piece in plain]
    for segment, chars_of in zip(segments, plain):
        assert glyphs.x0[segment.ids].tolist() == [c["x0"] for c in chars_of]  # ligature widths repaired
        assert glyphs.x1[segment.ids].tolist() == [c["x1"] for c in chars_of]
        read = (segment.x0, segment.x1, segment.top, segment.bottom, segment.size, segment.bold, segment.plain)
        assert read == _segment_plain(chars_of)
        line = _line(segment, _Positions(), 0)
        assert (line.text, list(line.src)) == _line_plain(chars_of)
    for (first, first_chars), (second, second_chars) in zip(zip(segments, plain), zip(segments[1:], plain[1:])):
        merged = copy.copy(first)
        merged.absorb(copy.copy(second))  # a line cut by a wide space, made one again
        both = first_chars + second_chars
        read = (merged.x0, merged.x1, merged.top, merged.bottom, merged.size, merged.bold, merged.plain)
        assert read == _segment_plain(both)
        line = _line(merged, _Positions(), 0)
        assert (line.text, list(line.src)) == _line_plain(both)
