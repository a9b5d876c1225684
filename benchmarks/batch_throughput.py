"""Corpus runs end to end: words/s with 1 and 2 workers against bare spaCy tokenization + sentence
splitting on one core, a no-change re-run, peak memory per worker, and PDF pages/s against pdfplumber.

usage: python benchmarks/batch_throughput.py [PAPERS] [PDFS] [ROUNDS]

The text corpus is generated: PAPERS papers (default 300) of shuffled paragraphs of the two bundled
papers; the PDF corpus typesets PDFS of them (default 60) in two columns with reportlab. Each batch run
is the real command, `exoextract batch`, in its own process (start, imports, knowledge-base load and
table assembly included in its time).

This machine's speed drifts by 20 % or more from one second to the next, so the bare yardstick is run
around and between the batch runs, and the two-worker run is repeated ROUNDS times (default 3): each
round is given against the bare runs just before and after it (paired), and the median round against
the median and, erring low, the fastest of all bare runs. The PDF batch is repeated ROUNDS times too, with
the pdfplumber yardstick run before, between and after the rounds: each round against the yardstick runs
beside it (their mean, and the faster), the median round against the median and the fastest yardstick run.

The pdfplumber yardstick runs in a process of its own, started for it, as each batch does: run in this
process, after the bare spaCy runs, pdfplumber read the same PDFs about 10 % slower than in a fresh process
(0.86-0.91 in alternation), which flattered the ratio. Each PDF round also gives its rate after
start-up (the batch's own clock, from the first paper on), for long runs where start-up no longer counts.

usage of the yardstick alone: python benchmarks/batch_throughput.py --pdfplumber FOLDER
"""

from __future__ import annotations

import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
def generate(folder: Path, count: int) -> list[str]:
    paragraphs = []
    for paper in sorted((ROOT / "corpus" / "papers").glob("*.txt")):
        paragraphs += [p for p in paper.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 30]
    rng = random.Random(7)
    texts = []
    for number in range(count):
        text = "\n\n".join(rng.sample(paragraphs, 12))
        (folder / f"paper{number:04d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


SUMMARY = re.compile(r"\((\d+) processed.*?read ([\d,]+) words and (\d+) pages in ([\d.]+) s.*?"
                     r"peak memory per worker (\d+) MiB", re.DOTALL)


def batch(papers: Path, out: Path, workers: int) -> tuple[float, dict]:
    """``exoextract batch`` as a user runs it: seconds, and what its summary says."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "exoextract", "batch", str(papers), "-o", str(out), "--quiet",
                           "--workers", str(workers)], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    found = SUMMARY.search(done.stderr)
    if found is None:  # a no-change run reads nothing
        processed = re.search(r"\((\d+) processed", done.stderr)
        return seconds, {"processed": int(processed.group(1)), "words": 0, "pages": 0, "papers_seconds": 0.0,
                         "peak_rss_mib": 0}
    return seconds, {"processed": int(found.group(1)), "words": int(found.group(2).replace(",", "")),
                     "pages": int(found.group(3)), "papers_seconds": float(found.group(4)),
                     "peak_rss_mib": int(found.group(5))}


def bare_words_per_second(texts: list[str]) -> float:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    for _doc in nlp.pipe(texts):
        pass
    return words / (time.perf_counter() - started)


def main(count: int, pdf_count: int, rounds_count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        papers = tmp / "papers"
        papers.mkdir()
        texts = generate(papers, count)
        words = sum(len(t.split()) for t in texts)
        print(f"corpus: {count} text papers, {words:,} words")
        bare_runs = [bare_words_per_second(texts)]
        one_worker = batch(papers, tmp / "out1", 1)
        bare_runs.append(bare_words_per_second(texts))
        rounds = []  # (seconds, result, the bare runs just before and just after)
        for number in range(rounds_count):
            seconds, result = batch(papers, tmp / f"out2-{number}", 2)
            bare_runs.append(bare_words_per_second(texts))
            rounds.append((seconds, result, bare_runs[-2], bare_runs[-1]))
        median, best = statistics.median(bare_runs), max(bare_runs)
        print(f"bare spacy.blank('en') + sentencizer, one core: median {median:,.0f} words/s, fastest {best:,.0f} "
              f"(runs: {', '.join(f'{b:,.0f}' for b in bare_runs)})")
        seconds, result = one_worker
        print(f"exoextract batch, 1 worker: {seconds:.1f} s, {words / seconds:,.0f} words/s "
              f"({words / seconds / median:.3f} x median bare, {words / seconds / best:.3f} x fastest), "
              f"peak RSS per worker {result['peak_rss_mib']:.0f} MiB")
        paired = []
        for number, (seconds, result, before, after) in enumerate(rounds, 1):
            paired.append(words / seconds / ((before + after) / 2))
            print(f"exoextract batch, 2 workers, round {number}: {seconds:.1f} s, {words / seconds:,.0f} words/s "
                  f"({paired[-1]:.3f} x the bare runs beside it), peak RSS per worker {result['peak_rss_mib']:.0f} MiB")
        typical = statistics.median(seconds for seconds, *_ in rounds)
        print(f"exoextract batch, 2 workers, median of {len(rounds)} round(s): {typical:.1f} s, "
              f"{words / typical:,.0f} words/s ({words / typical / median:.3f} x median bare, "
              f"{words / typical / best:.3f} x fastest; median paired ratio {statistics.median(paired):.3f})")
        again, result = batch(papers, tmp / "out2-0", 2)
        print(f"no-change re-run: {again:.1f} s ({again / rounds[0][0]:.0%} of the first run), "
              f"{result['processed']} papers processed")
        pdfs = tmp / "pdfs"
        pdfs.mkdir()
        sys.path.insert(0, str(ROOT / "tests"))
        from conftest import make_two_column_pdf

        for number, text in enumerate(texts[:pdf_count]):
            blocks = text.split("\n\n")
            make_two_column_pdf(pdfs / f"paper{number:04d}.pdf", [("title", f"Generated paper {number}"),
                                                                 *[("paragraph", b) for b in blocks]])
        yardstick, pages = plumber_pages_per_second(pdfs)
        plumber_runs = [yardstick]
        pdf_rounds = []  # (pages/s, pages/s after start-up, the pdfplumber runs just before and just after)
        for number in range(rounds_count):
            seconds, result = batch(pdfs, tmp / f"pdfout-{number}", 1)
            plumber_runs.append(plumber_pages_per_second(pdfs)[0])
            pdf_rounds.append((result["pages"] / seconds, result["pages"] / result["papers_seconds"],
                               plumber_runs[-2], plumber_runs[-1]))
        print(f"PDF: {pdf_count} papers, {pages} pages; pdfplumber extract_text "
              f"{', '.join(f'{run:.1f}' for run in plumber_runs)} pages/s (around and between the rounds)")
        paired = []
        for number, (speed, steady, before, after) in enumerate(pdf_rounds, 1):
            beside = (before + after) / 2
            paired.append(speed / beside)
            print(f"exoextract batch, PDF, 1 worker, round {number}: {speed:.1f} pages/s end to end "
                  f"({paired[-1]:.2f} x the pdfplumber runs beside it, {speed / max(before, after):.2f} x the "
                  f"faster of them); after start-up {steady:.1f} pages/s ({steady / beside:.2f} x)")
        typical = statistics.median(speed for speed, *_ in pdf_rounds)
        print(f"exoextract batch, PDF, 1 worker, median of {len(pdf_rounds)} round(s): {typical:.1f} pages/s "
              f"({typical / statistics.median(plumber_runs):.2f} x median pdfplumber, "
              f"{typical / max(plumber_runs):.2f} x fastest; median paired ratio {statistics.median(paired):.2f})")


def plumber_pages_per_second(pdfs: Path) -> tuple[float, int]:
    """The PDF yardstick, in a fresh process of its own (see the module's docstring)."""
    done = subprocess.run([sys.executable, __file__, "--pdfplumber", str(pdfs)], capture_output=True, text=True,
                          check=True)
    speed, pages = done.stdout.split()
    return float(speed), int(pages)


def plumber_here(pdfs: Path) -> tuple[float, int]:
    """Plain pdfplumber ``extract_text()`` on every page, in this process; its import is not timed."""
    import pdfplumber

    started = time.perf_counter()
    pages = 0
    for path in sorted(pdfs.glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            pages += len(pdf.pages)
            for page in pdf.pages:
                page.extract_text()
    return pages / (time.perf_counter() - started), pages


if __name__ == "__main__":
    if sys.argv[1:2] == ["--pdfplumber"]:
        print(*plumber_here(Path(sys.argv[2])))
    else:
        main(*(int(sys.argv[n]) if len(sys.argv) > n else default for n, default in ((1, 300), (2, 60), (3, 3))))
