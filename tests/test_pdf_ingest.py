"""PDFs through the real parser: one typeset by the tests (reportlab), one by groff."""

import re

import pdfplumber
import pytest
from conftest import FOOTER, GROFF_SOURCE, PDFS, RUNNING_TITLE, ms_sections

from exoextract.errors import EmptyFile, EncryptedPdf, NoTextLayer, UnreadablePdf
from exoextract.evaluate import in_order_recall, order_similarity
from exoextract.ingest import load


def test_two_columns_come_back_in_reading_order(two_column_pdf):
    path, truth = two_column_pdf
    document = load(path)
    assert document.pages >= 2
    assert order_similarity("\n".join(truth), document.text) >= 0.98
    with pdfplumber.open(path) as pdf:  # the plain reading crosses the columns
        plain = "\n".join(page.extract_text() for page in pdf.pages)
    assert order_similarity("\n".join(truth), plain) < 0.8


def test_no_running_title_or_page_number_left(two_column_pdf):
    document = load(two_column_pdf[0])
    assert RUNNING_TITLE not in document.text
    assert "Exosome cargo and function" not in document.text
    assert FOOTER not in document.text and "2026;1(1)" not in document.text
    assert not any(re.fullmatch(r"\d+", document.text[b.start : b.end]) for b in document.blocks)


def test_line_end_hyphens_of_the_typesetter_are_joined(two_column_pdf):
    document = load(two_column_pdf[0])
    words = set(re.findall(r"[\w-]+", document.text))
    truth_words = set(re.findall(r"[\w-]+", "\n".join(two_column_pdf[1])))
    assert words >= truth_words - {"Writer"}
    assert not re.search(r"\w- \w", document.text)


def test_caption_is_a_block_of_its_own(two_column_pdf):
    document = load(two_column_pdf[0])
    captions = [document.text[b.start : b.end] for b in document.blocks if b.kind == "caption"]
    assert captions == [next(text for kind, text in ms_sections() if kind == "caption")]


def test_groff_pdf_reads_in_order(groff_doc):
    truth = "\n".join(text for _, text in ms_sections(GROFF_SOURCE))
    assert in_order_recall(truth, groff_doc.text) >= 0.97
    assert "physiological" in groff_doc.text  # its fi/fl ligatures have zero width in pdfminer
    for furniture in ("Vesicle Research Letters", "Exosome cargo and function", "- 1 -", "- 2 -"):
        assert furniture not in groff_doc.text


def test_groff_reference_list_is_kept_out_of_the_body(groff_doc):
    assert "Journal of Imaginary Biology" not in groff_doc.text
    assert groff_doc.references[0].startswith("[1] Writer A, Reader B. Vesicle biogenesis in health")
    assert len(groff_doc.references) == 3
    assert [groff_doc.text[c.start : c.end] for c in groff_doc.citations][:2] == ["[1, 2]", "[3-5]"]
    assert groff_doc.citations[1].refs == (3, 4, 5)


def test_groff_headings_and_sections(groff_doc):
    headings = [groff_doc.text[b.start : b.end] for b in groff_doc.blocks if b.kind == "heading"]
    assert headings[0] == "1. Introduction" and headings[-1].endswith("Conclusions")
    offset = groff_doc.text.index("NKG2D")
    assert groff_doc.block_at(offset).section == "Immunostimulatory properties"


def test_offsets_point_at_page_and_glyph_box(groff_doc):
    offset = groff_doc.text.index("Standardization remains")
    location = groff_doc.locate(offset, offset + len("Standardization"))
    with pdfplumber.open(PDFS / "groff_two_column.pdf") as pdf:
        page = pdf.pages[location.page - 1]
        x0, top, x1, bottom = location.bbox
        words = page.crop((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5)).extract_text()
    assert "Standardization" in words
    assert location.page >= 2


def test_encrypted_pdf_is_refused(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "locked.pdf"
    canvas = Canvas(str(path), encrypt="secret")
    canvas.drawString(72, 720, "Exosomes carry CD63.")
    canvas.save()
    with pytest.raises(EncryptedPdf):
        load(path)


def test_pdf_without_text_layer_is_refused(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path))
    canvas.rect(72, 72, 300, 500, fill=1)
    canvas.save()
    with pytest.raises(NoTextLayer):
        load(path)


@pytest.mark.parametrize(("data", "error"), [(b"not a pdf at all", UnreadablePdf),
                                             (b"%PDF-1.7\n1 0 obj garbage", UnreadablePdf), (b"", EmptyFile)])
def test_damaged_pdf_is_refused(tmp_path, data, error):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(error):
        load(path)


def test_truncated_pdf_is_refused(tmp_path):
    path = tmp_path / "truncated.pdf"
    path.write_bytes((PDFS / "groff_two_column.pdf").read_bytes()[:3000])
    with pytest.raises(UnreadablePdf):
        load(path)


def test_title_and_abstract_above_two_columns_reach_the_entities(tmp_path, nlp):
    """Front matter before the first section: the title and the abstract are content."""
    from conftest import make_two_column_pdf

    from exoextract.paper import process_paper

    items = [
        ("title", "Exosomes from dendritic cells carry MHC class I and CD86"),
        ("paragraph", "Dendritic cell-derived exosomes primed cytotoxic T lymphocytes in mice, and the response "
                      "lasted for several weeks after a single injection. Vesicles from HEK293T cells carried "
                      "TSG101 and ALIX, as the standard markers of small vesicles require. Their transfer of "
                      "miR-155 promoted angiogenesis."),
        ("heading", "1. Introduction"),
        *[("paragraph", "Exosomes are small vesicles released by many cell types into body fluids. " * 6)] * 6,
    ]
    path = tmp_path / "front.pdf"
    make_two_column_pdf(path, items)
    result = process_paper(path, nlp)
    kinds = {result.document.text[b.start : b.end][:20]: b.kind for b in result.document.blocks}
    assert kinds["Exosomes from dendri"] == "title" and kinds["Dendritic cell-deriv"] == "paragraph"
    abstract_end = result.document.text.index("promoted angiogenesis.") + len("promoted angiogenesis.")
    front = {(m.type, m.name) for m in result.mentions if m.end <= abstract_end}
    assert {("MARKER", "MHC class I"), ("MARKER", "CD86"), ("EXOSOME", "dendritic cell exosome"),
            ("CELL_TYPE", "cytotoxic T cell"), ("EXOSOME", "HEK293T exosome"), ("MARKER", "TSG101"),
            ("MARKER", "PDCD6IP"), ("MIRNA", "miR-155"), ("OUTCOME", "angiogenesis")} <= front


@pytest.mark.parametrize("paper", ["ajcr2018_exosomes_cancer_immunotherapy", "cjc2015_stem_cell_exosomes"])
def test_a_corpus_paper_typeset_in_two_columns_reads_back_in_order(tmp_path, papers, paper):
    """A lower-case paragraph start continues only the paragraph before it in reading order."""
    from conftest import make_two_column_pdf

    document = papers[paper]
    items = [({"title": "title", "heading": "heading", "caption": "caption"}.get(b.kind, "paragraph"),
              document.text[b.start : b.end]) for b in document.blocks if b.kind not in ("table", "front")]
    if items[0][0] != "title":
        items.insert(0, ("title", paper.replace("_", " ")))
    path = tmp_path / f"{paper}.pdf"
    truth = make_two_column_pdf(path, items)
    assert order_similarity("\n".join(truth), load(path).text) >= 0.98


def test_an_encrypted_pdf_opens_with_its_password(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    from exoextract.ingest import ReadLimits

    path = tmp_path / "locked.pdf"
    canvas = Canvas(str(path), encrypt="secret")
    canvas.drawString(72, 720, "Exosomes carry CD63.")
    canvas.save()
    assert load(path, limits=ReadLimits(password="secret")).text == "Exosomes carry CD63."
    with pytest.raises(EncryptedPdf, match="the password is wrong"):
        load(path, limits=ReadLimits(password="wrong"))


@pytest.mark.parametrize("name", ["bug-justified-spaces", "bug-table-cells", "bug-zero-width-ligatures",
                                  "groff_two_column"])
def test_pdfium_reads_what_the_reference_engine_reads(name):
    """PDFium (the default engine) against pdfplumber (the reference): the same blocks and words."""
    from exoextract.ingest.pdf import load_pdf

    fast, reference = (load_pdf(PDFS / f"{name}.pdf", engine=engine) for engine in ("pdfium", "pdfplumber"))
    assert [b.kind for b in fast.blocks] == [b.kind for b in reference.blocks]
    if name.startswith("bug-"):
        assert fast.text == reference.text
    else:  # groff writes runs of spaces PDFium leaves out; words and order stay
        assert order_similarity(reference.text, fast.text) >= 0.995


@pytest.mark.parametrize("paper", ["ajcr2018_exosomes_cancer_immunotherapy", "cjc2015_stem_cell_exosomes"])
def test_both_engines_read_a_typeset_corpus_paper_alike(tmp_path, papers, paper):
    from conftest import make_two_column_pdf

    from exoextract.ingest.pdf import load_pdf

    document = papers[paper]
    items = [("title", paper), *[("paragraph", document.text[b.start : b.end]) for b in document.blocks
                                 if b.kind == "paragraph"][:40]]
    path = tmp_path / f"{paper}.pdf"
    make_two_column_pdf(path, items)
    fast, reference = (load_pdf(path, engine=engine) for engine in ("pdfium", "pdfplumber"))
    assert order_similarity(reference.text, fast.text) >= 0.995
    assert fast.pages == reference.pages and len(fast.blocks) == len(reference.blocks)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_both_engines_refuse_encrypted_and_truncated_pdfs_alike(tmp_path, engine):
    from reportlab.pdfgen.canvas import Canvas

    from exoextract.ingest.pdf import load_pdf

    locked = tmp_path / "locked.pdf"
    canvas = Canvas(str(locked), encrypt="secret")
    canvas.drawString(72, 720, "Exosomes carry CD63.")
    canvas.save()
    with pytest.raises(EncryptedPdf, match="give its password"):
        load_pdf(locked, engine=engine)
    assert load_pdf(locked, password="secret", engine=engine).text == "Exosomes carry CD63."
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes((PDFS / "groff_two_column.pdf").read_bytes()[:3000])
    with pytest.raises(UnreadablePdf):
        load_pdf(truncated, engine=engine)


def test_pdfs_read_in_threads_come_out_as_read_alone():
    """PDFium is not thread-safe (Dask workers run tasks in threads): documents are read one at a time."""
    import threading

    from exoextract.ingest.pdf import load_pdf

    paths = sorted(PDFS.glob("*.pdf"))
    alone = {path: load_pdf(path).text for path in paths}
    jobs = paths * 3
    together: dict = {}

    def read(number, path):
        together[number] = load_pdf(path).text

    threads = [threading.Thread(target=read, args=(number, path)) for number, path in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [together.get(number) for number in range(len(jobs))] == [alone[path] for path in jobs]


def test_unconverted_pdfium_calls_give_what_the_typed_calls_give():
    """The glyph loop's PDFium calls skip ctypes' argument conversion: every glyph of every fixture page reads
    the same character, text object, origin, box, matrix, font size, encoding flag and font through them as
    through pypdfium2's typed functions."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from exoextract.ingest.glyphs import _Pdfium

    api = _Pdfium()
    glyphs = fonts = 0
    for path in sorted(PDFS.glob("*.pdf")):
        pdf = pdfium.PdfDocument(path.read_bytes())
        for page in pdf:
            textpage = page.get_textpage()
            handle = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
            x, y, box = ctypes.c_double(), ctypes.c_double(), raw.FS_RECTF()
            typed_x, typed_y, typed_box = ctypes.c_double(), ctypes.c_double(), raw.FS_RECTF()
            for index in range(raw.FPDFText_CountChars(textpage.raw)):
                assert api.unicode(handle, index) == raw.FPDFText_GetUnicode(textpage.raw, index)
                assert api.is_generated(handle, index) == raw.FPDFText_IsGenerated(textpage.raw, index)
                typed_object = raw.FPDFText_GetTextObject(textpage.raw, index)
                assert (api.text_object(handle, index) or 0) == (
                    ctypes.cast(typed_object, ctypes.c_void_p).value or 0)
                assert api.origin(handle, index, ctypes.pointer(x), ctypes.pointer(y)) == raw.FPDFText_GetCharOrigin(
                    textpage.raw, index, typed_x, typed_y)
                assert (x.value, y.value) == (typed_x.value, typed_y.value)
                assert api.loose_box(handle, index, ctypes.pointer(box)) == raw.FPDFText_GetLooseCharBox(
                    textpage.raw, index, typed_box)
                assert (box.left, box.top, box.right, box.bottom) == (
                    typed_box.left, typed_box.top, typed_box.right, typed_box.bottom)
                matrix, typed_matrix = raw.FS_MATRIX(), raw.FS_MATRIX()
                assert api.matrix(handle, index, ctypes.byref(matrix)) == raw.FPDFText_GetMatrix(
                    textpage.raw, index, typed_matrix)
                assert [getattr(matrix, f) for f in "abcdef"] == [getattr(typed_matrix, f) for f in "abcdef"]
                assert api.font_size(handle, index) == raw.FPDFText_GetFontSize(textpage.raw, index)
                assert api.unicode_map_error(handle, index) == raw.FPDFText_HasUnicodeMapError(textpage.raw, index)
                if typed_object:
                    typed_font = raw.FPDFTextObj_GetFont(typed_object)
                    assert api.object_font(api.text_object(handle, index)) == ctypes.cast(
                        typed_font, ctypes.c_void_p).value
                    fonts += 1
                glyphs += 1
            textpage.close()
            page.close()
        pdf.close()
    assert glyphs > 5_000 and fonts > 5_000


def test_pdfium_gives_the_files_own_spaces_as_word_breaks_without_a_box(tmp_path):
    """Layout reads a space only as a word break: PDFium's space glyphs carry their text alone (their boxes are
    not read), every other glyph has all of pdfplumber's keys, and both engines give the same characters in the
    same order, spaces included."""
    from reportlab.pdfgen.canvas import Canvas

    from exoextract.ingest.glyphs import GLYPH_KEYS, PdfPages
    from exoextract.ingest.pdf import load_pdf

    path = tmp_path / "spaces.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "Exosomes carry CD63 and CD81.")
    canvas.save()
    read = {}
    for engine in ("pdfium", "pdfplumber"):
        with PdfPages(path.read_bytes(), None, engine) as pdf:
            read[engine] = [glyph for page in pdf for glyph in page.glyphs]
    spaces = [glyph for glyph in read["pdfium"] if glyph["text"] == " "]
    assert spaces == [{"text": " "}] * 4
    assert all(set(glyph) == set(GLYPH_KEYS) for glyph in read["pdfium"] if glyph["text"] != " ")
    assert "".join(g["text"] for g in read["pdfium"]) == "".join(g["text"] for g in read["pdfplumber"])
    assert load_pdf(path).text == load_pdf(path, engine="pdfplumber").text == "Exosomes carry CD63 and CD81."


def test_images_on_the_page_and_inside_a_form_are_found_and_their_labels_dropped(tmp_path):
    """PDFium's image boxes, read with raw calls (form XObjects included), are pdfplumber's; the labels drawn over
    a raster figure are not text of the paper."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from exoextract.ingest.glyphs import PdfPages
    from exoextract.ingest.pdf import load_pdf

    picture = ImageReader(Image.new("RGB", (40, 30), (200, 30, 30)))
    path = tmp_path / "figures.pdf"
    canvas = Canvas(str(path), pagesize=(612, 792))
    canvas.drawString(72, 720, "Exosomes carry CD63.")
    canvas.drawImage(picture, 72, 450, width=240, height=180)
    canvas.drawString(100, 540, "Panel A label")
    canvas.beginForm("figure")
    canvas.drawImage(picture, 320, 150, width=220, height=160)
    canvas.endForm()
    canvas.doForm("figure")
    canvas.drawString(350, 230, "Panel B label")
    canvas.save()
    found = {}
    for engine in ("pdfium", "pdfplumber"):
        with PdfPages(path.read_bytes(), None, engine) as pdf:
            found[engine] = sorted(tuple(round(edge, 1) for edge in image) for page in pdf for image in page.images)
    assert found["pdfium"] == found["pdfplumber"] == [(72.0, 162.0, 312.0, 342.0), (320.0, 482.0, 540.0, 642.0)]
    assert load_pdf(path).text == load_pdf(path, engine="pdfplumber").text == "Exosomes carry CD63."
