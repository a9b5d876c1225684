"""One paper, one result: process_paper, stable unique doc ids, and modules that must not load spaCy."""

import subprocess
import sys

import pandas as pd
from click.testing import CliRunner
from conftest import PAPERS

from exoextract.cli import cli
from exoextract.ingest import discover
from exoextract.paper import process_paper

TEXT = "Exosomes released by dendritic cells carried CD63 and MHC class I.\n\nThey activated T cells.\n"


def test_process_paper_gives_sentences_and_mentions_that_point_into_the_text(nlp):
    result = process_paper(PAPERS / "cjc2015_stem_cell_exosomes.txt", nlp)
    text = result.document.text
    assert result.doc_id == "cjc2015_stem_cell_exosomes" and len(result.sentences) > 100
    assert [s.id for s in result.sentences] == list(range(len(result.sentences)))
    for sentence in result.sentences:
        assert text[sentence.start : sentence.end] == sentence.text and sentence.text == sentence.text.strip()
    for mention in result.mentions:
        sentence = result.sentences[mention.sentence_id]
        assert sentence.start <= mention.start < mention.end <= sentence.end
        assert text[mention.start : mention.end] == mention.text


def test_same_stem_in_two_folders_gives_two_papers_with_stable_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "paper.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b" / "paper.txt").write_text(TEXT.replace("CD63", "CD81"), encoding="utf-8")
    (tmp_path / "b" / "other.txt").write_text(TEXT.replace("CD63", "CD9"), encoding="utf-8")
    by_path = {p.path.relative_to(tmp_path).as_posix(): p.doc_id for p in discover([tmp_path]).papers}
    ids = [by_path["a/paper.txt"], by_path["b/paper.txt"]]
    assert ids[0] != ids[1] and ids[0].startswith("paper-") and ids[1].startswith("paper-")
    assert by_path["b/other.txt"] == "other"
    again = {p.path.relative_to(tmp_path).as_posix(): p.doc_id for p in discover([tmp_path]).papers}
    assert again == by_path  # the same papers get the same ids
    assert discover([tmp_path / "a"]).papers[0].doc_id == "paper"  # the stem, when it is unique in the run
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    documents = pd.read_csv(out / "documents.tsv", sep="\t")
    assert sorted(documents["doc_id"]) == sorted(by_path.values())
    concepts = pd.read_csv(out / "concepts.tsv", sep="\t", keep_default_na=False)
    markers = concepts[concepts["type"] == "MARKER"].groupby("doc_id")["name"].apply(set).to_dict()
    assert markers[ids[0]] >= {"CD63"} and markers[ids[1]] >= {"CD81"} and "CD63" not in markers[ids[1]]


def test_identical_files_are_one_paper(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "paper.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(TEXT, encoding="utf-8")
    found = discover([tmp_path])
    assert [p.doc_id for p in found.papers] == ["paper"]
    assert found.duplicates == ((tmp_path / "copy.txt", tmp_path / "a" / "paper.txt"),)


def test_tables_and_evaluation_load_no_spacy():
    """Reading and scoring tables must stay quick: no NLP stack behind them."""
    code = ("import sys, exoextract.tables, exoextract.evaluate, exoextract.records, exoextract.cli; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'scispacy', 'thinc', 'pdfplumber'}))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
