"""The TSV lines a batch worker makes of a paper are the rows pandas writes, byte for byte."""

from __future__ import annotations

import dataclasses

import pandas as pd

from exoextract.ingest import load_text
from exoextract.paper import process_document
from exoextract.records import MENTION_COLUMNS
from exoextract.rows import AssembledPaper, paper_lines, tsv_lines, write_tsv
from exoextract.tables import corpus_tables, write

TEXT = (
    "Exosomes derived from mesenchymal stem cells carried CD63 and miR-21, and promoted angiogenesis.\n\n"
    "Tumor-derived exosomes expressing PD-L1 suppressed T cells and inhibited apoptosis of neurons."
)


def _results(nlp):
    plain = process_document(load_text(TEXT, doc_id="b-paper"), nlp)
    # cells that must be quoted: a tab, a double quote and a line break, and a doc id with a tab
    awkward = dataclasses.replace(plain.mentions[0], text='CD\t"63"', sentence="one\nline\r\n")
    document = dataclasses.replace(plain.document, doc_id="a\tpaper", source='dir/"a".txt')
    tricky = dataclasses.replace(plain, document=document, mentions=(awkward, *plain.mentions[1:]))
    return [plain, tricky]


def test_worker_lines_give_the_same_tables_as_pandas(nlp, tmp_path):
    results = _results(nlp)
    assert results[0].mentions and results[0].relations  # the rows under test are not empty
    from_pandas = write(corpus_tables(results), tmp_path / "pandas", "tsv")
    papers = [AssembledPaper(r.document.doc_id, r.document.source, r.document.sha256, paper_lines(r))
              for r in results]
    from_lines = write_tsv(papers, tmp_path / "lines")
    assert [p.name for p in from_pandas] == [p.name for p in from_lines]
    for expected, made in zip(from_pandas, from_lines, strict=True):
        assert made.read_bytes() == expected.read_bytes(), made.name
    mentions = pd.read_csv(tmp_path / "lines" / "mentions.tsv", sep="\t", dtype=str, keep_default_na=False)
    assert list(mentions.columns) == list(MENTION_COLUMNS)
    assert mentions["doc_id"].iloc[0] == "a\tpaper"  # papers in doc_id order, the quoted cells read back
    assert 'CD\t"63"' in set(mentions["text"]) and "one\nline\r\n" in set(mentions["sentence"])


def test_empty_tables_are_a_header_line(tmp_path):
    for path in write_tsv([], tmp_path):
        assert path.read_text(encoding="utf-8").count("\n") == 1


def test_tsv_lines_quote_only_cells_that_need_it():
    assert tsv_lines([("a b", 1, 0.5, ""), ("x\ty", 'say "hi"', "", "")]) == [
        "a b\t1\t0.5\t\n", '"x\ty"\t"say ""hi"""\t\t\n']


def test_tsv_lines_are_what_the_csv_writer_writes():
    """Plain rows are joined directly; every row, plain or not, reads as the csv writer writes it."""
    import csv
    import io

    from exoextract.rows import tsv_lines

    rows = [
        ("a", 1, 2.5, None, "CD63", True), ("tab\there", "x"), ('say "hi"', "y"), ("line\nbreak", "z"),
        ("carriage\rreturn", "w"), ("",), ("only",), ("", ""), ("ünïcode β", "MIR21", 0), ((1, 2), "tuple"),
    ]
    expected = io.StringIO()
    csv.writer(expected, delimiter="\t", lineterminator="\n").writerows(rows)
    assert "".join(tsv_lines(rows)) == expected.getvalue()
