"""Reading-order recall and speed of `exoextract text` against plain pdfplumber.

usage: python benchmarks/pdf_reading.py [PDF_DIR]   (default: ../shared/dev/pdfs-hindawi-dev)

For each PDF with a ``*.truth.txt`` beside it: the in-order recall of the
truth's words (difflib matching blocks over lower-cased words / truth words),
for exoextract and for ``page.extract_text()``; then pages per second of both,
one process, same run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pdfplumber

from exoextract.evaluate import in_order_recall
from exoextract.ingest import load

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "dev" / "pdfs-hindawi-dev"


def plain_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def main(directory: Path) -> None:
    pdfs = sorted(p for p in directory.glob("*.pdf") if p.with_suffix(".truth.txt").exists())
    if not pdfs:
        sys.exit(f"no PDFs with .truth.txt in {directory}")
    ours, plain, pages = [], [], 0
    t_ours = t_plain = 0.0
    print(f"{'pdf':<22} {'pages':>5} {'exoextract':>10} {'pdfplumber':>10}")
    for pdf in pdfs:
        truth = pdf.with_suffix(".truth.txt").read_text(encoding="utf-8")
        start = time.perf_counter()
        doc = load(pdf)
        t_ours += time.perf_counter() - start
        start = time.perf_counter()
        baseline = plain_text(pdf)
        t_plain += time.perf_counter() - start
        pages += doc.pages
        ours.append(in_order_recall(truth, doc.text))
        plain.append(in_order_recall(truth, baseline))
        print(f"{pdf.stem:<22} {doc.pages:>5} {ours[-1]:>10.4f} {plain[-1]:>10.4f}")
    print(f"{'mean':<22} {pages:>5} {sum(ours) / len(ours):>10.4f} {sum(plain) / len(plain):>10.4f}")
    print(f"pages/s: exoextract {pages / t_ours:.2f}  pdfplumber extract_text {pages / t_plain:.2f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR)
