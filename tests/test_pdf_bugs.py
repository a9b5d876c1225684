"""One fixture PDF and one regression test per PDF reading bug already fixed (pdfplumber's habit).

The fixtures are in ``fixtures/pdfs/``: ``make_bug_pdfs.py`` typesets the
reportlab ones, the groff one has its command in its ``.ms`` source.
"""

from conftest import PDFS

from exoextract.ingest import load


def blocks(name: str) -> list[tuple[str, str]]:
    document = load(PDFS / name)
    return [(b.kind, document.text[b.start : b.end]) for b in document.blocks]


def test_zero_width_ligatures_leave_no_gap_inside_words():
    """gropdf's fi/fl/ff glyphs have zero width in pdfminer: the letters after them stood too far left."""
    assert blocks("bug-zero-width-ligatures.pdf") == [
        ("heading", "Ligatures in flotillin profiles"),
        ("paragraph", "The fluorescent signal of flotillin was significantly affected by the influx of efficient "
                      "affinity reagents. Specific fibroblast fibronectin was officially filtered, reflecting the "
                      "difficult flow of fluid fractions through the filter."),
    ]


def test_a_justified_line_with_wide_gaps_stays_one_line_of_its_paragraph():
    """Gaps wider than a column gap cut the line into pieces; a piece ending a sentence cut the paragraph."""
    assert blocks("bug-justified-spaces.pdf") == [
        ("paragraph", "Small extracellular vesicles were isolated from the culture medium of mesenchymal stem cells "
                      "by differential ultracentrifugation and washed twice in phosphate-buffered saline before the "
                      "analysis of their size. Nanoparticle tracking measured sizes between 80 and 150 nm, and the "
                      "vesicles carried CD63 and TSG101."),
    ]


def test_rows_of_aligned_cells_are_a_table_not_headings():
    """Without cell alignment, each short table row read as a heading or a paragraph of its own."""
    assert blocks("bug-table-cells.pdf") == [
        ("paragraph", "The markers below were measured on both preparations of the samples by blotting."),
        ("table", "Marker Exosomes Cells CD63 high low TSG101 high low Calnexin absent high"),
        ("paragraph", "Calnexin was absent from the vesicle preparations, which shows that they were pure."),
    ]
