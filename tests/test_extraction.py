"""The whole extraction through the real CLI: tables, determinism, gold scores, committed outputs."""

import filecmp

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import PAPERS, PROJECT

from exoextract.cli import cli
from exoextract.records import CONCEPT_COLUMNS, DOCUMENT_COLUMNS, MENTION_COLUMNS, RELATION_COLUMNS

GOLD = PROJECT / "corpus" / "gold"
# a little below what the extractor reaches (micro 0.903: MARKER 0.916, CELL_TYPE 0.833, EXOSOME 0.929, OUTCOME 0.943)
# OUTCOME was 0.92 before the relation stage: outcomes outside the vocabulary that a claim names
# ("reduced infarct size") are concepts now (ANNOTATION.md), some of which the gold does not list or
# lists under a vocabulary name ("cell mobility" for cell migration). On the dev abstracts OUTCOME
# went from 0.42 to 0.58 with them. 0.86 -> 0.84 when the other items of a list of outcomes became
# outcomes ("dormancy, relapse, and the development of metastasis"): the corpus gold lists none of them
# (0.871 -> 0.846 there), the independently curated dev abstracts list them (OUTCOME 0.71 -> 0.76).
FLOORS = {"MARKER": 0.89, "MIRNA": 0.95, "CELL_TYPE": 0.81, "EXOSOME": 0.9, "OUTCOME": 0.84, "micro": 0.90}
RELATION_FLOOR = 0.65  # relation micro-F1 on the two gold papers


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, ["ingest", str(PAPERS), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_tables_have_the_contract_columns(out):
    for name, columns in (("documents", DOCUMENT_COLUMNS), ("mentions", MENTION_COLUMNS),
                          ("concepts", CONCEPT_COLUMNS), ("relations", RELATION_COLUMNS)):
        frame = pd.read_csv(out / f"{name}.tsv", sep="\t", dtype=str, keep_default_na=False)
        assert tuple(frame.columns) == columns
    documents = pd.read_csv(out / "documents.tsv", sep="\t")
    assert list(documents["doc_id"]) == ["ajcr2018_exosomes_cancer_immunotherapy", "cjc2015_stem_cell_exosomes"]
    assert (documents["sentences"] > 100).all()


def test_ingest_is_deterministic(out, tmp_path):
    again = CliRunner().invoke(cli, ["ingest", str(PAPERS), "-o", str(tmp_path)])
    assert again.exit_code == 0
    for name in ("documents", "mentions", "concepts", "relations"):
        assert filecmp.cmp(out / f"{name}.tsv", tmp_path / f"{name}.tsv", shallow=False), name


def test_mentions_point_at_their_sentence_and_page_and_avoid_citations(out, papers):
    mentions = pd.read_csv(out / "mentions.tsv", sep="\t", dtype=str, keep_default_na=False)
    for doc_id, rows in mentions.groupby("doc_id"):
        document = papers[doc_id]
        for row in rows.itertuples():
            start, end = int(row.start), int(row.end)
            assert document.text[start:end] == row.text
            assert not document.in_citation(start, end)
            assert int(row.page) >= 1 and int(row.sentence_id) >= 0


def test_gold_scores_stay_above_their_floor(out):
    result = CliRunner().invoke(cli, ["eval", str(out), "--gold", str(GOLD)])
    assert result.exit_code == 0, result.output
    concept_table = result.output.split("\n\n")[0].splitlines()[1:]  # the relation table follows a blank line
    rows = {line.split()[0]: float(line.split()[3]) for line in concept_table}
    for name, floor in FLOORS.items():
        assert rows[name] >= floor, f"{name} F1 {rows[name]} < {floor}"
    relation_table = result.output.split("\n\n")[1].splitlines()
    assert relation_table[0].split()[0] == "relation"
    relation_micro = next(line for line in relation_table if line.startswith("micro"))
    assert float(relation_micro.split()[3]) >= RELATION_FLOOR, relation_micro


def test_fail_under_fails_ci(out):
    result = CliRunner().invoke(cli, ["eval", str(out), "--gold", str(GOLD), "--fail-under", "0.999"])
    assert result.exit_code == 1 and "below --fail-under 0.999" in result.output


def test_eval_lists_errors(out):
    result = CliRunner().invoke(cli, ["eval", str(out), "--gold", str(GOLD), "--errors"])
    assert result.exit_code == 0 and "== cjc2015_stem_cell_exosomes" in result.output and "  FN " in result.output


def test_gold_examples_occur_in_the_papers(papers):
    for folder in GOLD.iterdir():
        if folder.is_dir():
            gold = pd.read_csv(folder / "concepts.tsv", sep="\t", dtype=str, keep_default_na=False)
            text = papers[folder.name].text
            assert [e for e in gold["example"] if e not in text] == []


def test_committed_outputs_match_a_fresh_run(tmp_path, monkeypatch):
    """outputs/ is what CI diffs against: after a deliberate change, regenerate it with
    `exoextract ingest corpus/papers -o outputs` and commit the diff."""
    monkeypatch.chdir(PROJECT)
    result = CliRunner().invoke(cli, ["ingest", "corpus/papers", "-o", str(tmp_path)])
    assert result.exit_code == 0
    for name in ("documents", "mentions", "concepts", "relations"):
        assert filecmp.cmp(PROJECT / "outputs" / f"{name}.tsv", tmp_path / f"{name}.tsv", shallow=False), name


def test_parquet_output(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", str(PAPERS / "cjc2015_stem_cell_exosomes.txt"), "-o", str(tmp_path),
                                      "--format", "parquet"])
    assert result.exit_code == 0
    concepts = pd.read_parquet(tmp_path / "concepts.parquet")
    assert {"MARKER", "MIRNA", "CELL_TYPE", "EXOSOME", "OUTCOME"} <= set(concepts["type"])


def test_a_paper_gives_the_same_rows_alone_or_after_another(out, tmp_path):
    """Nothing carries over between papers (scispaCy's detector kept earlier papers' long forms)."""
    alone = CliRunner().invoke(cli, ["ingest", str(PAPERS / "cjc2015_stem_cell_exosomes.txt"), "-o", str(tmp_path)])
    assert alone.exit_code == 0
    batch = pd.read_csv(out / "mentions.tsv", sep="\t", dtype=str, keep_default_na=False)
    single = pd.read_csv(tmp_path / "mentions.tsv", sep="\t", dtype=str, keep_default_na=False)
    batch = batch[batch["doc_id"] == "cjc2015_stem_cell_exosomes"].reset_index(drop=True)
    pd.testing.assert_frame_equal(batch, single)


def test_rows_do_not_depend_on_hash_seed(tmp_path):
    """Set and hash order differ between processes; the tables must not."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        paper = PAPERS / "ajcr2018_exosomes_cancer_immunotherapy.txt"  # the one with more abbreviations
        subprocess.run([sys.executable, "-m", "exoextract", "ingest", str(paper), "-o", str(folder)],
                       env=env, check=True, capture_output=True)
        outputs.append((folder / "mentions.tsv").read_bytes())
    assert outputs[0] == outputs[1]
