"""The `show` page in a real headless Chromium: printed to PDF by the browser, read back with pdfplumber."""

import shutil
import subprocess

import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import PAPERS

from exoextract.cli import cli

BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    assert found, "Chromium is needed for this test: apt-get install chromium (.ci/run installs it)"
    return found


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("show")
    page = folder / "cjc.html"
    result = CliRunner().invoke(cli, ["show", str(PAPERS / "cjc2015_stem_cell_exosomes.txt"), "-o", str(page)])
    assert result.exit_code == 0, result.output
    printed = folder / "cjc.pdf"
    subprocess.run([browser(), *BROWSER_FLAGS, f"--user-data-dir={folder / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={printed}", page.as_uri()], check=True, capture_output=True, timeout=120)
    with pdfplumber.open(printed) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    return page.read_text(encoding="utf-8"), " ".join(text.split())


def test_page_is_self_contained_with_entities_and_identifiers(rendered):
    html, _ = rendered
    assert "<title>cjc2015_stem_cell_exosomes - exoextract</title>" in html
    assert "http://" not in html and "https://" not in html  # nothing fetched from the network
    assert 'title="CELL_TYPE: mesenchymal stem cell [CL:0000134]"' in html
    assert 'data-name="miR-140" data-id="miRBase:MI0000456"' in html


def test_browser_shows_words_spaced_as_written_with_legend_and_headings(rendered):
    _, text = rendered
    assert "mesenchymal stem cells (MSCs)" in text  # highlighted words keep their spaces and brackets
    assert "Dendriticcells" not in text and "stemcell-derived" not in text
    assert "MARKER" in text and "CELL_TYPE" in text and "Concepts" in text  # the legend and summary
    assert "Introduction" in text and "Establishment of pre-metastatic niche" in text  # the paper's headings


def test_a_relation_is_listed_with_its_evidence_and_links_to_its_sentence(nlp):
    from exoextract.ingest import load_text
    from exoextract.paper import process_document
    from exoextract.show import render_html

    result = process_document(load_text("Dendritic cells were grown. Exosomes from dendritic cells carry CD63."), nlp)
    assert [(r.subject_name, r.predicate, r.object_name, r.sentence_id) for r in result.relations] == [
        ("dendritic cell exosome", "carries", "CD63", 1)]
    page = render_html(result)
    assert '<a href="#s1">p. 1</a>: Exosomes from dendritic cells carry CD63.' in page
    assert page.count('id="s1"') == 1 and page.count('id="s0"') == 1
