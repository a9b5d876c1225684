from collections import Counter

import pytest

from exoextract.ingest.hyphenation import count_words, keep_hyphen


@pytest.mark.parametrize(
    ("left", "right"),
    [("exosom", "es"), ("multivesicu", "lar"), ("immu", "ne"), ("Ultracen", "trifuges"), ("lympho", "cytes")],
)
def test_typesetter_breaks_are_joined(left, right):
    assert not keep_hyphen(left, right, Counter())


@pytest.mark.parametrize(
    ("left", "right"),
    [("IL", "10"), ("miR", "146"), ("MSC", "derived"), ("TGF", "β1"), ("pre", "metastatic"), ("CD8", "positive"),
     ("T", "cell"), ("vesicle", "based"), ("β", "catenin")],
)
def test_author_hyphens_are_kept(left, right):
    assert keep_hyphen(left, right, Counter())


def test_the_document_outvotes_the_vocabulary():
    counts = count_words(["miRNAs are small", "anti-tumor responses and anti-tumor immunity"])
    assert not keep_hyphen("miR", "NAs", counts)  # miRNAs is written whole elsewhere
    assert keep_hyphen("anti", "tumor", counts)  # antitumor is a word, but this paper hyphenates it


def test_count_words_keeps_compounds_whole():
    assert count_words(["MSC-derived exosomes, pre‑metastatic niche"]) == Counter(
        {"msc-derived": 1, "exosomes": 1, "pre-metastatic": 1, "niche": 1}
    )


def test_a_word_broken_over_a_short_line_is_judged_whole():
    """The left fragment of a line-end hyphen is the whole word rendered so far, across lines shorter than it
    (``multi-`` + ``vesicu-`` + ``lar``): ``multivesicular`` is joined although the paper writes ``vesicu-lar``."""
    from exoextract.ingest.assemble import render_block
    from exoextract.ingest.hyphenation import WordCounts
    from exoextract.ingest.lines import Line

    texts = ["In the multi-", "vesicu-", "lar body; multivesicular bodies and vesicu-lar forms."]
    lines, offset = [], 0
    for text in texts:
        lines.append(Line(text, range(offset, offset + len(text)), 1))
        offset += len(text) + 1
    rendered, ids = render_block(lines, WordCounts(texts))
    assert rendered == "In the multivesicular body; multivesicular bodies and vesicu-lar forms."
    assert len(ids) == len(rendered)
    assert ids[rendered.index("vesicu")] == len(texts[0]) + 1  # the first letter of the second line
