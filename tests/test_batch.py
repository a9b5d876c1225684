"""`exoextract batch`: failure isolation, incremental re-runs, resuming after a kill, atomic tables."""

import filecmp
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import PAPERS, PDFS, PROJECT

from exoextract.cli import cli

TABLES = ("documents", "mentions", "concepts", "relations")


def read(folder, name):
    return pd.read_csv(folder / f"{name}.tsv", sep="\t", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Good papers beside empty, junk, truncated, encrypted and image-only PDFs and a fake .docx."""
    from reportlab.pdfgen.canvas import Canvas

    folder = tmp_path_factory.mktemp("mixed")
    (folder / "sub").mkdir()
    for paper in PAPERS.glob("*.txt"):
        shutil.copy(paper, folder)
    shutil.copy(PDFS / "groff_two_column.pdf", folder / "sub")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "random.pdf").write_bytes(bytes(range(256)) * 20)
    (folder / "truncated.pdf").write_bytes((PDFS / "groff_two_column.pdf").read_bytes()[:3000])
    (folder / "paper.docx").write_bytes(b"PK\x03\x04 not a document")
    (folder / "saved.pdf").write_bytes(b"<!DOCTYPE html><html><body>Subscribe to read</body></html>")
    (folder / "notes.json").write_text("{}")
    (folder / "latin1.txt").write_bytes("Exosomes from dendritic cells carry CD63; café.\n".encode("latin-1"))
    locked = Canvas(str(folder / "locked.pdf"), encrypt="secret")
    locked.drawString(72, 720, "Exosomes carry CD63.")
    locked.save()
    scan = Canvas(str(folder / "scan.pdf"))
    scan.rect(72, 72, 300, 500, fill=1)
    scan.save()
    return folder


def test_a_mixed_folder_writes_every_good_paper_and_lists_each_bad_file(mixed, tmp_path):
    result = CliRunner().invoke(cli, ["batch", str(mixed), "-o", str(tmp_path), "--workers", "2", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    documents = read(tmp_path, "documents")
    assert sorted(documents["doc_id"]) == ["ajcr2018_exosomes_cancer_immunotherapy", "cjc2015_stem_cell_exosomes",
                                           "groff_two_column", "latin1"]
    errors = read(tmp_path, "errors")
    kinds = {os.path.basename(path): kind for path, kind in zip(errors["path"], errors["kind"])}
    assert kinds == {"empty.txt": "EmptyFile", "empty.pdf": "EmptyFile", "random.pdf": "NotAPdf",
                     "truncated.pdf": "UnreadablePdf", "locked.pdf": "EncryptedPdf", "scan.pdf": "NoTextLayer",
                     "paper.docx": "UnsupportedFormat", "saved.pdf": "NotAPdf"}
    messages = dict(zip(errors["path"].map(os.path.basename), errors["message"]))
    assert messages["saved.pdf"].endswith("it looks like an HTML page (a download that saved the publisher's page?)")
    assert messages["paper.docx"] == "unsupported file type .docx; expected .pdf or .txt"
    assert "not papers (left out): 1 .json" in result.output
    assert "note: " in result.output and "latin1.txt: not UTF-8: decoded as cp1252" in result.output
    assert "8 failed (listed in" in result.output
    assert "PDCD6IP" not in set(read(tmp_path, "concepts").query("doc_id == 'latin1'")["name"])
    assert {"CD63", "dendritic cell exosome"} <= set(read(tmp_path, "concepts").query("doc_id == 'latin1'")["name"])


def test_batch_tables_equal_the_committed_outputs_and_reruns_reuse_results(tmp_path):
    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["batch", str(PAPERS), "-o", str(out), "--workers", "2", "--quiet"])
    assert first.exit_code == 0, first.output
    for name in TABLES:
        frame, committed = read(out, name), read(PROJECT / "outputs", name)
        pd.testing.assert_frame_equal(frame.drop(columns=["source"], errors="ignore"),
                                      committed.drop(columns=["source"], errors="ignore"))
    again = CliRunner().invoke(cli, ["batch", str(PAPERS), "-o", str(out), "--quiet"])
    assert "2 papers (0 processed, 2 unchanged)" in again.output
    forced = CliRunner().invoke(cli, ["batch", str(PAPERS), "-o", str(out), "--quiet", "--force"])
    assert "2 papers (2 processed, 0 unchanged)" in forced.output


def test_a_no_change_run_leaves_the_tables_and_any_change_assembles_them_again(tmp_path):
    papers, out = tmp_path / "papers", tmp_path / "out"
    make_corpus(papers, 3)
    first = CliRunner().invoke(cli, ["batch", str(papers), "-o", str(out), "--workers", "1", "--quiet"])
    assert first.exit_code == 0, first.output
    stamps = {name: (out / f"{name}.tsv").stat().st_mtime_ns for name in TABLES}
    contents = {name: (out / f"{name}.tsv").read_bytes() for name in TABLES}
    again = CliRunner().invoke(cli, ["batch", str(papers), "-o", str(out), "--quiet"])
    assert "3 papers (0 processed, 3 unchanged)" in again.output
    counts = [run.output.split(";")[1].splitlines()[0] for run in (first, again)]
    assert counts[0] == counts[1]  # the same mention and concept counts
    assert "peak memory per worker" in first.output and "peak memory" not in again.output  # nothing was read
    assert {name: (out / f"{name}.tsv").stat().st_mtime_ns for name in TABLES} == stamps  # not rewritten
    (out / "mentions.tsv").write_text("edited by hand\n")  # a table that is not the one written
    CliRunner().invoke(cli, ["batch", str(papers), "-o", str(out), "--quiet"])
    assert (out / "mentions.tsv").read_bytes() == contents["mentions"]
    (papers / "paper001.txt").rename(papers / "renamed.txt")  # same content, another doc id
    renamed = CliRunner().invoke(cli, ["batch", str(papers), "-o", str(out), "--quiet"])
    assert "3 papers (0 processed, 3 unchanged)" in renamed.output
    assert "renamed" in set(read(out, "documents")["doc_id"])
    (papers / "paper002.txt").unlink()
    fewer = CliRunner().invoke(cli, ["batch", str(papers), "-o", str(out), "--quiet"])
    assert "2 papers" in fewer.output and len(read(out, "documents")) == 2


def make_corpus(folder, count):
    folder.mkdir()
    sentences = ["Exosomes from dendritic cells carried CD63 and MHC class I.",
                 "Tumour-derived exosomes suppressed NK cell activity.",
                 "MSC-derived exosomes carrying miR-146a reduced inflammation."]
    for number in range(count):
        text = "\n\n".join(f"Paper {number}. " + " ".join(sentences[(number + k) % 3] for k in range(40))
                           for _ in range(5))
        (folder / f"paper{number:03d}.txt").write_text(text, encoding="utf-8")


def test_a_killed_batch_resumes_to_the_same_tables(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 24)
    reference = tmp_path / "reference"
    assert CliRunner().invoke(cli, ["batch", str(corpus), "-o", str(reference), "--quiet"]).exit_code == 0
    out = tmp_path / "killed"
    command = [sys.executable, "-m", "exoextract", "batch", str(corpus), "-o", str(out), "--workers", "2", "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    store = out / ".exoextract" / "papers"
    deadline = time.time() + 120
    while time.time() < deadline and len(list(store.rglob("*.pickle"))) < 4:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the runner and its workers, mid-run
    process.wait()
    stored = len(list(store.rglob("*.pickle")))
    assert 4 <= stored < 24 and not (out / "documents.tsv").exists()
    resumed = CliRunner().invoke(cli, ["batch", str(corpus), "-o", str(out), "--quiet"])
    assert resumed.exit_code == 0 and f"({24 - stored} processed, {stored} unchanged)" in resumed.output
    for name in TABLES:
        assert filecmp.cmp(reference / f"{name}.tsv", out / f"{name}.tsv", shallow=False), name


KILL_DURING_COMMIT = """
import os, signal, sys
from pathlib import Path
import exoextract.batch.assemble as assemble
import exoextract.rows as rows
from exoextract.batch import run_batch
stage = sys.argv[3]
if stage == "before-journal":
    original = rows.write_tsv
    def write(*args, **kwargs):
        files = original(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)  # tables staged, nothing committed
    rows.write_tsv = write
else:
    original = os.replace
    def replace(source, target):
        original(source, target)
        if str(target).endswith("documents.tsv") and ".exoextract" not in str(target):
            os.kill(os.getpid(), signal.SIGKILL)  # committed, one table moved
    assemble.os.replace = replace
run_batch([sys.argv[1]], Path(sys.argv[2]), workers=1)
"""


@pytest.mark.parametrize("stage", ["before-journal", "while-moving"])
def test_a_kill_during_assembly_leaves_one_whole_set_of_tables(tmp_path, stage):
    first, second = tmp_path / "first", tmp_path / "second"
    make_corpus(first, 2)
    make_corpus(second, 3)
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["batch", str(first), "-o", str(out), "--quiet"]).exit_code == 0
    previous = {name: (out / f"{name}.tsv").read_bytes() for name in TABLES}
    killed = subprocess.run([sys.executable, "-c", KILL_DURING_COMMIT, str(second), str(out), stage])
    assert killed.returncode == -signal.SIGKILL
    if stage == "before-journal":
        assert {name: (out / f"{name}.tsv").read_bytes() for name in TABLES} == previous
    else:  # past the commit point: the next run finishes the commit before anything else
        from exoextract.batch.assemble import recover

        assert recover(out)
        assert len(read(out, "documents")) == 3 and set(read(out, "mentions")["doc_id"]) == set(
            read(out, "documents")["doc_id"])


def _many_glyph_pdf(pages: int, glyphs: int) -> bytes:
    """A PDF whose pages all show one content stream of ``glyphs`` one-glyph text objects: tiny to write,
    slow to read (every page is laid out anew), so a time limit far below its reading time is certain to stop it."""
    stream = "".join(f"BT /F1 3 Tf {20 + (n % 180) * 3} {20 + (n // 180) % 250 * 3} Td (x) Tj ET\n"
                     for n in range(glyphs)).encode()
    kids = b" ".join(b"%d 0 R" % (5 + page) for page in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n%sendstream" % (len(stream), stream)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
                b" /Resources << /Font << /F1 3 0 R >> >> >>"] * pages
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


def test_a_paper_over_its_time_limit_is_stopped_and_the_others_finish(tmp_path):
    """A PDF built to be slow (30 pages of 30,000 one-glyph text objects: about a second a page here, tens of
    seconds in all) is stopped at a one-second limit; the text paper beside it takes well under that."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "slow.pdf").write_bytes(_many_glyph_pdf(pages=30, glyphs=30000))
    shutil.copy(PAPERS / "cjc2015_stem_cell_exosomes.txt", corpus)
    out = tmp_path / "out"
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["batch", str(corpus), "-o", str(out), "--workers", "2", "--quiet",
                                      "--paper-timeout", "1"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.output
    errors = read(out, "errors")
    assert list(errors["kind"]) == ["Timeout"] and errors["path"][0].endswith("slow.pdf")
    assert list(read(out, "documents")["doc_id"]) == ["cjc2015_stem_cell_exosomes"]
    assert elapsed < 1 + 15  # the limit, plus reading the other paper and starting up


def test_size_limits_refuse_with_a_typed_error(tmp_path):
    pages = CliRunner().invoke(cli, ["batch", str(PDFS / "groff_two_column.pdf"), "-o", str(tmp_path / "pages"),
                                     "--quiet", "--max-pages", "2"])
    assert pages.exit_code == 1  # every paper failed
    assert read(tmp_path / "pages", "errors")[["kind", "message"]].values.tolist() == [
        ["TooLarge", "3 pages, over the limit of 2 (raise it with --max-pages)"]]
    paper = PAPERS / "cjc2015_stem_cell_exosomes.txt"
    size = CliRunner().invoke(cli, ["batch", str(paper), "-o", str(tmp_path / "size"), "--quiet",
                                    "--max-mb", "0.01"])
    assert size.exit_code == 1
    assert read(tmp_path / "size", "errors")[["kind", "message"]].values.tolist() == [
        ["TooLarge", f"{paper.stat().st_size / 2**20:.2f} MB, over the limit of 0.01 MB (raise it with --max-mb)"]]


def test_output_folder_is_checked_before_any_paper(tmp_path):
    taken = tmp_path / "file.txt"
    taken.write_text("x")
    result = CliRunner().invoke(cli, ["batch", str(PAPERS), "-o", str(taken)])
    assert result.exit_code == 2 and f"Directory '{taken}' is a file" in result.output  # click's own check
    inside = taken / "out"
    nested = CliRunner().invoke(cli, ["batch", str(PAPERS), "-o", str(inside)])
    assert nested.exit_code == 1
    assert nested.output == f"Error: {inside}: cannot write there ({taken} is not writable); choose another -o\n"


def test_a_dask_cluster_gives_the_same_tables_as_local_workers(tmp_path):
    """A real scheduler and two worker processes on loopback (distributed's LocalCluster)."""
    from distributed import LocalCluster

    corpus = tmp_path / "corpus"
    make_corpus(corpus, 4)
    shutil.copy(PAPERS / "cjc2015_stem_cell_exosomes.txt", corpus)
    local = tmp_path / "local"
    assert CliRunner().invoke(cli, ["batch", str(corpus), "-o", str(local), "--quiet"]).exit_code == 0
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        remote = tmp_path / "remote"
        result = CliRunner().invoke(cli, ["batch", str(corpus), "-o", str(remote), "--quiet",
                                          "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert "5 papers (5 processed, 0 unchanged)" in result.output
    for name in TABLES:
        assert filecmp.cmp(local / f"{name}.tsv", remote / f"{name}.tsv", shallow=False), name


def test_papers_read_while_the_pipeline_loads_are_the_papers_a_worker_reads(mixed, tmp_path):
    import numpy as np

    from exoextract.batch.ahead import ReadAhead, take
    from exoextract.ingest import ReadLimits, discover, load

    papers = list(discover(sorted(mixed.rglob("*.*"))).papers)
    ahead = ReadAhead(papers, tmp_path / "ahead", ReadLimits()).start()
    good = {p.path.name for p in papers} & {"ajcr2018_exosomes_cancer_immunotherapy.txt", "groff_two_column.pdf",
                                             "latin1.txt"}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and ahead._process.is_alive():
        time.sleep(0.1)
    ahead.stop()
    taken = {}
    for paper in papers:
        document = take(ahead.folder, paper)
        if document is not None:
            taken[paper.path.name] = document
            expected = load(paper.path, paper.doc_id)
            assert document.text == expected.text and document.blocks == expected.blocks
            assert np.array_equal(document.offsets, expected.offsets)
        assert take(ahead.folder, paper) is None  # taken once
    assert good <= set(taken) and not {"empty.txt", "random.pdf", "locked.pdf"} & set(taken)  # bad files: the worker's
    ahead.close()
    assert not ahead.folder.exists()


def test_two_workers_with_papers_read_ahead_give_the_tables_of_one(tmp_path):
    papers = tmp_path / "papers"
    make_corpus(papers, 6)
    stale = tmp_path / "2" / ".exoextract" / "read-ahead-1"  # what a killed run leaves
    stale.mkdir(parents=True)
    (stale / "0123.pickle").write_bytes(b"left over")
    for workers in ("1", "2"):
        result = CliRunner().invoke(cli, ["batch", str(papers), "-o", str(tmp_path / workers), "--workers", workers,
                                          "--quiet"])
        assert result.exit_code == 0, result.output
    for name in TABLES:
        assert (tmp_path / "1" / f"{name}.tsv").read_bytes() == (tmp_path / "2" / f"{name}.tsv").read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "2" / ".exoextract").iterdir()) == ["manifest.json", "papers"]


def test_parquet_tables_of_a_batch_hold_the_rows_of_its_tsv_tables(tmp_path):
    papers = tmp_path / "papers"
    make_corpus(papers, 3)
    for fmt in ("tsv", "parquet"):
        result = CliRunner().invoke(cli, ["batch", str(papers), "-o", str(tmp_path / fmt), "--format", fmt, "--quiet"])
        assert result.exit_code == 0, result.output
    for name in TABLES:
        parquet = pd.read_parquet(tmp_path / "parquet" / f"{name}.parquet").astype(str)
        assert parquet.equals(read(tmp_path / "tsv", name)), name


@pytest.mark.parametrize("children_wanted", [1, 2], ids=["reader", "workers"])
def test_no_reader_or_worker_outlives_a_killed_run(tmp_path, children_wanted):
    """Killed while the reader reads ahead (one child) or while two workers run (two): none stays behind."""
    papers = tmp_path / "papers"
    make_corpus(papers, 800)  # seconds of work: a child that outlived the run would still be at it
    run = subprocess.Popen([sys.executable, "-m", "exoextract", "batch", str(papers), "-o", str(tmp_path / "out"),
                            "--workers", "2", "--quiet"], cwd=PROJECT)
    children: list[str] = []
    deadline = time.monotonic() + 120
    while len(children) < children_wanted and time.monotonic() < deadline and run.poll() is None:
        children = subprocess.run(["pgrep", "-P", str(run.pid)], capture_output=True, text=True).stdout.split()
        time.sleep(0.02)
    assert len(children) >= children_wanted, "the run did not start its processes"
    os.kill(run.pid, signal.SIGKILL)
    run.wait()

    def running(pid: str) -> bool:
        try:
            return (Path("/proc") / pid / "stat").read_text().split()[2] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 2
    while any(running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(running(pid) for pid in children)


@pytest.mark.parametrize("enabled_before", [True, False])
def test_what_a_run_loads_is_made_with_the_collector_paused_and_frozen_after(enabled_before):
    import gc

    from exoextract.batch.pool import long_lived

    (gc.enable if enabled_before else gc.disable)()
    frozen_before = gc.get_freeze_count()
    try:
        with long_lived():
            assert not gc.isenabled()
            loaded = [{"row": number} for number in range(5000)]  # tracked containers, as a knowledge base holds
        assert gc.isenabled() == enabled_before  # the caller's setting comes back
        assert gc.get_freeze_count() >= frozen_before + len(loaded)  # out of every later pass's reach
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_run_called_from_python_leaves_the_collector_as_it_found_it(nlp, tmp_path):
    import gc

    from exoextract.batch import run_batch

    assert gc.get_freeze_count() == 0 and gc.isenabled()
    summary = run_batch([PAPERS / "cjc2015_stem_cell_exosomes.txt"], tmp_path / "out", workers=1, nlp=nlp)
    assert summary.processed == 1
    assert gc.get_freeze_count() == 0 and gc.isenabled()
