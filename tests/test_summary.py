"""`exoextract summarize`: the corpus roll-up, its counts checked against the relation rows, its page in Chromium."""

from __future__ import annotations

import subprocess

import pandas as pd
import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import PAPERS, PROJECT
from test_show import BROWSER_FLAGS, browser

from exoextract.cli import cli
from exoextract.summary import read_relations

DEV_ABSTRACTS = PROJECT.parent / "shared" / "dev" / "exo-abstracts-dev" / "docs"  # beside the clone in CI


@pytest.fixture(scope="module")
def rolled_up(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    inputs = [str(PAPERS)] + ([str(DEV_ABSTRACTS)] if DEV_ABSTRACTS.is_dir() else [])
    result = CliRunner().invoke(cli, ["ingest", *inputs, "-o", str(out)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["summarize", str(out)])
    assert result.exit_code == 0, result.output
    summary = out / "summary"
    tables = {name: pd.read_csv(summary / f"{name}.tsv", sep="\t", dtype=str, keep_default_na=False)
              for name in ("exosome_cargo", "cargo_outcomes", "source_outcomes", "exosome_markers", "evidence")}
    return read_relations(out), tables, summary


def _rows(relations, predicate, **names):
    rows = relations[relations["predicate"].isin([predicate] if isinstance(predicate, str) else predicate)]
    for column, value in names.items():
        rows = rows[rows[column] == value]
    return rows


def test_cargo_counts_are_the_relation_rows(rolled_up):
    relations, tables, _ = rolled_up
    cargo = tables["exosome_cargo"]
    assert len(cargo) > 10
    assert cargo["evidence"].astype(int).sum() == len(_rows(relations, "carries"))
    for row in cargo.itertuples():
        rows = _rows(relations, "carries", subject_name=row.exosome, object_name=row.cargo)
        assert int(row.papers) == rows["doc_id"].nunique() and int(row.evidence) == len(rows)
        evidence = tables["evidence"].set_index("evidence_id").loc[row.evidence_ids.split()]
        assert set(evidence["subject_name"]) == {row.exosome} and set(evidence["object_name"]) == {row.cargo}


def test_effect_counts_keep_direction_and_negation(rolled_up):
    relations, tables, _ = rolled_up
    effects = _rows(relations, ["promotes", "inhibits"])
    for name, subject_types in (("source_outcomes", ["EXOSOME"]), ("cargo_outcomes", ["MARKER", "MIRNA"])):
        table = tables[name]
        mine = effects[effects["subject_type"].isin(subject_types)]
        assert table["evidence"].astype(int).sum() == len(mine) > 0
        subject = "exosome" if name == "source_outcomes" else "cargo"
        for row in table.itertuples():
            rows = mine[(mine["subject_name"] == getattr(row, subject)) & (mine["object_name"] == row.target)]
            affirmed = rows[~rows["negated"]]
            assert int(row.promotes) == affirmed[affirmed["predicate"] == "promotes"]["doc_id"].nunique()
            assert int(row.inhibits) == affirmed[affirmed["predicate"] == "inhibits"]["doc_id"].nunique()
            assert int(row.negated) == int(rows["negated"].sum())
            assert float(row.hedged_share) == round(rows["hedged"].mean(), 2)
    top = tables["source_outcomes"].iloc[0]
    assert int(top.papers) == tables["source_outcomes"]["papers"].astype(int).max()  # most supported first


def test_markers_table_lists_marker_of_claims(rolled_up):
    relations, tables, _ = rolled_up
    markers = tables["exosome_markers"]
    assert set(markers["marker"]) == set(_rows(relations, "marker_of")["subject_name"])
    assert {"CD63", "TSG101"} <= set(markers["marker"])


def test_page_opens_in_a_browser_without_network(rolled_up, tmp_path):
    _, tables, summary = rolled_up
    page = (summary / "index.html").read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page and "<link" not in page
    first = tables["exosome_cargo"].iloc[0]
    assert f'href="#exosome_cargo-{first.evidence_ids.split()[0]}"' in page  # a count links to its sentences
    printed = tmp_path / "summary.pdf"
    subprocess.run([browser(), *BROWSER_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={printed}", (summary / "index.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    with pdfplumber.open(printed) as pdf:
        text = " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())
    assert "exoextract corpus summary" in text and "What the exosomes do" in text
    assert first.exosome in text and first.cargo in text


def test_summarize_names_a_folder_without_relations(tmp_path):
    result = CliRunner().invoke(cli, ["summarize", str(tmp_path)])
    assert result.exit_code == 1 and "no relations.tsv" in result.output
