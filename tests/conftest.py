"""Shared fixtures: the bundled papers, loaded once, and PDFs the tests typeset themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from exoextract.document import Document
from exoextract.ingest import load

HERE = Path(__file__).parent
PROJECT = HERE.parent
PAPERS = PROJECT / "corpus" / "papers"
PDFS = HERE / "fixtures" / "pdfs"
TINY_KB = HERE / "fixtures" / "kb"
TINY_SOURCES = {
    "hgnc": TINY_KB / "hgnc.tsv", "famplex": TINY_KB / "famplex", "mirbase": TINY_KB / "mirbase.tsv",
    "go": TINY_KB / "go.json", "mesh": TINY_KB / "mesh.tsv", "cl": TINY_KB / "cl.json",
    "cellosaurus": TINY_KB / "cellosaurus.json", "mesh_supplementary": TINY_KB / "mesh_supplementary.tsv",
    "mesh_mappings": TINY_KB / "mesh_mappings.tsv", "mgi": TINY_KB / "mgi.tsv", "rgd": TINY_KB / "rgd.tsv",
}
GROFF_SOURCE = PDFS / "groff_two_column.ms"
RUNNING_TITLE = "Journal of Vesicle Tests"
FOOTER = "J Vesicle Tests 2026;1(1):1-3"


def ms_sections(source: Path = GROFF_SOURCE) -> list[tuple[str, str]]:
    """(kind, text) pairs of the groff source's title, abstract, headings, paragraphs and caption."""
    items: list[tuple[str, str]] = []
    kind = None
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith(".SH"):
            break  # the reference list
        if line.startswith((".TL", ".NH", ".PP", ".AB")):
            kind = {".TL": "title", ".NH": "heading", ".PP": "paragraph", ".AB": "paragraph"}[line[:3]]
        elif line.startswith(".B "):
            items.append(("caption", line[3:].strip('"') + " "))
            kind = "caption-rest"
        elif not line.startswith(".") and line.strip() and kind:
            text = line.replace("\\-", "-")
            if kind == "caption-rest":
                items[-1] = ("caption", items[-1][1] + text)
            else:
                items.append((kind, text))
    return items


def _wrap(words: list[str], width: float, measure) -> list[str]:
    """Greedy justification-free wrap that hyphenates long words at a line end, as typesetters do."""
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if measure(candidate) <= width:
            current = candidate
            continue
        core = word.rstrip(".,;:)")
        if len(core) >= 8 and "-" not in core:
            cut = len(core) // 2
            head = f"{current} {core[:cut]}-".strip()
            if measure(head) <= width:
                lines.append(head)
                current = word[cut:]
                continue
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    return lines


def make_two_column_pdf(path: Path, items: list[tuple[str, str]] | None = None) -> list[str]:
    """Typeset prose with reportlab (the groff source's by default): full-width title and abstract, two
    columns, running title, journal footer, page numbers, hyphenated breaks and captions.

    ``items`` are (kind, text) pairs, title and abstract first. Returns the true text blocks in reading order.
    """
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    width, height = letter
    margin, gutter, size, leading = 54.0, 18.0, 10.0, 12.5
    column_width = (width - 2 * margin - gutter) / 2
    canvas = Canvas(str(path), pagesize=letter, invariant=1)
    items = list(items) if items is not None else ms_sections()
    truth: list[str] = []
    page = 1

    def furniture() -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(margin, height - 36, RUNNING_TITLE)
        canvas.drawRightString(width - margin, height - 36, "Exosome cargo and function")
        canvas.drawString(margin, 30, FOOTER)
        canvas.drawRightString(width - margin, 30, str(page))

    furniture()
    y = height - 72
    title = items.pop(0)[1]
    canvas.setFont("Times-Bold", 16)
    for line in _wrap(title.split(), width - 2 * margin, lambda s: stringWidth(s, "Times-Bold", 16)):
        canvas.drawString(margin, y, line)
        y -= 20
    truth.append(title)
    abstract = items.pop(0)[1]
    canvas.setFont("Times-Roman", size)
    y -= 6
    for line in _wrap(abstract.split(), width - 2 * margin, lambda s: stringWidth(s, "Times-Roman", size)):
        canvas.drawString(margin, y, line)
        y -= leading
    truth.append(abstract)
    top = y - 18
    column, y = 0, top
    for kind, text in items:
        font = {"heading": "Times-Bold", "caption": "Helvetica"}.get(kind, "Times-Roman")
        font_size = 8.5 if kind == "caption" else size
        indent = 12.0 if kind == "paragraph" else 0.0
        y -= 6 if kind != "paragraph" else 3
        lines = _wrap(text.split(), column_width - indent, lambda s, f=font, z=font_size: stringWidth(s, f, z))
        for number, line in enumerate(lines):
            if y < 72:
                column += 1
                if column == 2:
                    canvas.showPage()
                    page += 1
                    furniture()
                    column, top = 0, height - 72
                y = top
            x = margin + column * (column_width + gutter) + (indent if number == 0 else 0.0)
            canvas.setFont(font, font_size)
            canvas.drawString(x, y, line)
            y -= leading
        y -= 3 if kind in ("heading", "caption") else 0
        truth.append(text)
    canvas.save()
    return truth


@pytest.fixture(scope="session")
def two_column_pdf(tmp_path_factory) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("pdfs") / "reportlab_two_column.pdf"
    return path, make_two_column_pdf(path)


@pytest.fixture(scope="session")
def papers() -> dict[str, Document]:
    return {path.stem: load(path) for path in sorted(PAPERS.glob("*.txt"))}


@pytest.fixture(scope="session")
def ajcr(papers) -> Document:
    return papers["ajcr2018_exosomes_cancer_immunotherapy"]


@pytest.fixture(scope="session")
def cjc(papers) -> Document:
    return papers["cjc2015_stem_cell_exosomes"]


@pytest.fixture(scope="session")
def groff_doc() -> Document:
    return load(PDFS / "groff_two_column.pdf")


def body_text(document: Document) -> str:
    """Paragraph and caption text only (what entity extraction will read as prose)."""
    return "\n".join(document.text[b.start : b.end] for b in document.blocks if b.kind in ("paragraph", "caption"))


def has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


@pytest.fixture(scope="session")
def kb():
    """The real knowledge base, from the user's cache (built on first use)."""
    from exoextract.kb import load_kb

    return load_kb()


@pytest.fixture(scope="session")
def nlp(kb):
    """The default pipeline with the real knowledge base, built once per test run."""
    from exoextract.nlp import load_pipeline

    return load_pipeline(kb=kb)


def concepts_in(nlp, text: str) -> set[tuple[str, str, str]]:
    """(type, id, name) of every mention the pipeline finds in ``text``."""
    from exoextract.ingest import load_text
    from exoextract.paper import process_document

    return {(m.type, m.id, m.name) for m in process_document(load_text(text), nlp).mentions}
