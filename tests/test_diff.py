"""`exoextract diff` through the real CLI on copies of the committed outputs."""

import json
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import PROJECT

from exoextract.cli import cli

OUTPUTS = PROJECT / "outputs"
GOLD = PROJECT / "corpus" / "gold"


def read(folder, name):
    return pd.read_csv(folder / f"{name}.tsv", sep="\t", dtype=str, keep_default_na=False)


def save(frame, folder, name):
    frame.to_csv(folder / f"{name}.tsv", sep="\t", index=False, lineterminator="\n")


@pytest.fixture
def copy(tmp_path):
    folder = tmp_path / "new"
    shutil.copytree(OUTPUTS, folder, ignore=shutil.ignore_patterns("README.md"))
    return folder


def run(*arguments):
    return CliRunner().invoke(cli, ["diff", *map(str, arguments)])


def test_identical_folders_exit_0(copy):
    result = run(OUTPUTS, copy)
    assert result.exit_code == 0, result.output
    assert f"concepts: equal ({len(read(OUTPUTS, 'concepts'))} rows)" in result.output


def test_tsv_and_parquet_of_the_same_run_are_equal(copy):
    for name in ("documents", "mentions", "concepts", "relations"):
        read(copy, name).to_parquet(copy / f"{name}.parquet", index=False)
        (copy / f"{name}.tsv").unlink()
    assert run(OUTPUTS, copy).exit_code == 0


@pytest.mark.parametrize("name", ["documents", "mentions", "concepts", "relations"])
def test_added_removed_and_changed_rows_of_every_table(copy, name):
    frame = read(copy, name)
    if name == "relations":  # the committed relations table is empty: give it two rows of its own
        frame = pd.DataFrame([{c: "x" for c in frame.columns}, {c: "y" for c in frame.columns}])
        save(frame, copy, name)
        shutil.copytree(copy, copy.parent / "old")
        old = copy.parent / "old"
    else:
        old = OUTPUTS
    changed = frame.copy()
    column = {"documents": "pages", "mentions": "name", "concepts": "example", "relations": "evidence"}[name]
    changed.loc[0, column] = "CHANGED"
    added = changed.iloc[[1]].copy()
    key_column = {"documents": "doc_id", "mentions": "start", "concepts": "name", "relations": "object_name"}[name]
    if name == "concepts":
        added["id"] = ""
    added[key_column] = "999999" if name == "mentions" else "NEW"
    changed = pd.concat([changed.drop(index=[1]), added], ignore_index=True)
    save(changed, copy, name)
    result = CliRunner().invoke(cli, ["diff", str(old), str(copy), "--format", "json"])
    assert result.exit_code == 1, result.output
    table = json.loads(result.output)["tables"][name]
    assert [c["columns"] for c in table["changed"]] == [{column: [frame.loc[0, column], "CHANGED"]}]
    assert len(table["added"]) == 1 and table["added"][0][key_column] == ("999999" if name == "mentions" else "NEW")
    assert len(table["removed"]) == 1 and table["removed"][0][key_column] == frame.loc[1, key_column]
    text = run(old, copy)
    assert text.exit_code == 1 and f"{name}: +1 added, -1 removed, ~1 changed" in text.output
    assert "'CHANGED'" in text.output


def test_markdown_summary_and_gold_changes(copy):
    concepts = read(copy, "concepts")
    gone = concepts[(concepts["name"] == "CD63") & (concepts["doc_id"].str.startswith("ajcr"))]
    save(concepts.drop(index=gone.index), copy, "concepts")
    result = CliRunner().invoke(cli, ["diff", str(OUTPUTS), str(copy), "--format", "markdown", "--gold", str(GOLD)])
    assert result.exit_code == 1
    rows = len(concepts)
    assert f"| concepts | 0 | 1 | 0 | {rows} → {rows - 1} |" in result.output
    assert "lost ajcr2018_exosomes_cancer_immunotherapy MARKER HGNC:1692 CD63" in result.output


def test_missing_folder_or_table_exits_2_with_one_error_line(copy, tmp_path):
    (copy / "mentions.tsv").unlink()
    result = CliRunner().invoke(cli, ["diff", str(OUTPUTS), str(copy)])
    assert result.exit_code == 2 and result.output == f"Error: {copy}: no mentions.tsv or mentions.parquet\n"
    missing = CliRunner().invoke(cli, ["diff", str(OUTPUTS), str(tmp_path / "none")])
    assert missing.exit_code == 2 and missing.output == f"Error: no such output folder: {tmp_path / 'none'}\n"
    (copy / "mentions.tsv").write_bytes(b"\x00\x01 not a table")
    broken = CliRunner().invoke(cli, ["diff", str(OUTPUTS), str(copy)])
    assert broken.exit_code == 2 and broken.output.startswith("Error: ") and broken.output.count("\n") == 1
