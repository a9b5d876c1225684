"""The real CLI through click's CliRunner: exit codes, the exact error line, help for every command."""

import json

import click
import pytest
from click.testing import CliRunner
from conftest import PAPERS, PDFS

from exoextract.cli import cli


@pytest.fixture
def runner():
    return CliRunner()


def all_commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


def test_every_command_and_option_has_help(runner):
    assert runner.invoke(cli, ["--help"]).exit_code == 0
    for path, command in all_commands(cli):
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, path
        assert command.help, f"{' '.join(path)} has no help text"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{' '.join(path)} {param.opts[0]} has no help"


def test_text_prints_clean_text(runner):
    result = runner.invoke(cli, ["text", str(PAPERS / "cjc2015_stem_cell_exosomes.txt")])
    assert result.exit_code == 0
    assert "Of prime importance are mesenchymal stem cells (MSCs)" in result.output
    assert "Chin J Cancer" not in result.output


def test_text_json_gives_blocks_with_pages(runner):
    result = runner.invoke(cli, ["text", "--json", str(PDFS / "groff_two_column.pdf")])
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["pages"] == 3 and document["format"] == "pdf"
    kinds = {block["kind"] for block in document["blocks"]}
    assert {"heading", "paragraph", "caption"} <= kinds
    assert {block["page"] for block in document["blocks"]} == {1, 2, 3}
    citation = document["citations"][0]
    block = next(b for b in document["blocks"] if b["start"] <= citation["start"] < b["end"])
    cited = block["text"][citation["start"] - block["start"] : citation["end"] - block["start"]]
    assert (cited, citation["refs"]) == ("[1, 2]", [1, 2])


def test_directory_gives_every_paper(runner):
    result = runner.invoke(cli, ["text", "--json", str(PAPERS)])
    assert result.exit_code == 0
    ids = [json.loads(line)["doc_id"] for line in result.output.splitlines()]
    assert ids == ["ajcr2018_exosomes_cancer_immunotherapy", "cjc2015_stem_cell_exosomes"]


def test_missing_file_is_one_error_line(runner, tmp_path):
    result = runner.invoke(cli, ["text", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 1
    assert result.output == f"Error: no such file or directory: {tmp_path / 'nope.pdf'}\n"


def test_directory_without_papers(runner, tmp_path):
    (tmp_path / "notes.md").write_text("not a paper")
    result = runner.invoke(cli, ["text", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == f"Error: no .pdf or .txt papers in directory: {tmp_path}\n"


def test_unreadable_pdf(runner, tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not a PDF body")
    result = runner.invoke(cli, ["text", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: cannot parse PDF")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_unsupported_suffix(runner, tmp_path):
    path = tmp_path / "paper.docx"
    path.write_bytes(b"PK")
    result = runner.invoke(cli, ["text", str(path)])
    assert result.exit_code == 1
    assert result.output == f"Error: {path}: unsupported file type .docx; expected .pdf or .txt\n"


def test_show_renders_labelled_entities(runner, tmp_path):
    page = tmp_path / "cjc.html"
    result = runner.invoke(cli, ["show", str(PAPERS / "cjc2015_stem_cell_exosomes.txt"), "-o", str(page)])
    assert result.exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<title>cjc2015_stem_cell_exosomes - exoextract</title>" in html
    assert "CELL_TYPE: mesenchymal stem cell [CL:0000134]" in html
    assert "MIRNA: miR-140 [miRBase:MI0000456]" in html
