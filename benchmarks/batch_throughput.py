"""Corpus runs end to end: words/s with 1 and 2 workers against bare spaCy tokenization + sentence
splitting on one core, a no-change re-run, peak memory per worker, and PDF pages/s against pdfplumber.

usage: python benchmarks/batch_throughput.py [PAPERS] [PDFS]

The text corpus is generated: PAPERS papers (default 300) of shuffled paragraphs of the two bundled
papers; the PDF corpus typesets PDFS of them (default 60) in two columns with reportlab. Each batch run
is its own process (start, imports and knowledge-base load included in its time).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = """
import json, sys, time
from pathlib import Path
from exoextract.batch import run_batch
summary = run_batch([sys.argv[1]], Path(sys.argv[2]), workers=int(sys.argv[3]))
print(json.dumps({"words": summary.progress.words, "pages": summary.progress.pages,
                  "processed": summary.processed, "peak_rss_mib": summary.progress.peak_rss_mib,
                  "failed": len(summary.failures)}))
"""


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


def batch(papers: Path, out: Path, workers: int) -> tuple[float, dict]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUN, str(papers), str(out), str(workers)], capture_output=True,
                          text=True, check=True)
    return time.perf_counter() - started, json.loads(done.stdout.strip().splitlines()[-1])


def bare_words_per_second(texts: list[str]) -> float:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    for _doc in nlp.pipe(texts):
        pass
    return words / (time.perf_counter() - started)


def main(count: int, pdf_count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        papers = tmp / "papers"
        papers.mkdir()
        texts = generate(papers, count)
        words = sum(len(t.split()) for t in texts)
        print(f"corpus: {count} text papers, {words:,} words")
        runs = {}
        bare_runs = [bare_words_per_second(texts)]
        for workers in (1, 2):
            runs[workers] = batch(papers, tmp / f"out{workers}", workers)
            bare_runs.append(bare_words_per_second(texts))
        # this machine's speed drifts: the fastest bare run is the yardstick (the ratio errs low, not high)
        bare = max(bare_runs)
        print(f"bare spacy.blank('en') + sentencizer, one core: {bare:,.0f} words/s "
              f"(best of {', '.join(f'{b:,.0f}' for b in bare_runs)})")
        for workers, (seconds, result) in runs.items():
            print(f"exoextract batch, {workers} worker(s): {seconds:.1f} s, {words / seconds:,.0f} words/s "
                  f"({words / seconds / bare:.2f} x bare), peak RSS per worker {result['peak_rss_mib']:.0f} MiB")
            if workers == 2:
                again, result = batch(papers, tmp / "out2", 2)
                print(f"no-change re-run: {again:.1f} s ({again / seconds:.0%} of the first run), "
                      f"{result['processed']} papers processed")
        pdfs = tmp / "pdfs"
        pdfs.mkdir()
        sys.path.insert(0, str(ROOT / "tests"))
        from conftest import make_two_column_pdf

        for number, text in enumerate(texts[:pdf_count]):
            blocks = text.split("\n\n")
            make_two_column_pdf(pdfs / f"paper{number:04d}.pdf", [("title", f"Generated paper {number}"),
                                                                 *[("paragraph", b) for b in blocks]])
        import pdfplumber

        started = time.perf_counter()
        pages = 0
        for path in sorted(pdfs.glob("*.pdf")):
            with pdfplumber.open(path) as pdf:
                pages += len(pdf.pages)
                for page in pdf.pages:
                    page.extract_text()
        plain = pages / (time.perf_counter() - started)
        seconds, result = batch(pdfs, tmp / "pdfout", 1)
        print(f"PDF: {pdf_count} papers, {pages} pages; pdfplumber extract_text {plain:.1f} pages/s; "
              f"exoextract batch (1 worker, end to end) {result['pages'] / seconds:.1f} pages/s "
              f"({result['pages'] / seconds / plain:.2f} x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300, int(sys.argv[2]) if len(sys.argv) > 2 else 60)
