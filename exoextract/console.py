"""What the CLI checks and prints for corpus runs: output folders, sizes, progress lines and summaries."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from exoextract.records import ENTITY_TYPES


def parse_size(text: str, option: str) -> int:
    """``4G``, ``1500M``, ``2000000000`` -> bytes."""
    units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    value = text.strip().upper().removesuffix("B")
    try:
        return int(float(value[:-1]) * units[value[-1]]) if value[-1:] in units else int(value)
    except (ValueError, IndexError) as error:
        raise click.BadParameter(f"expected a size such as 1500M or 4G, got {text!r}", param_hint=option) from error


def check_output(out: Path, fmt: str) -> None:
    """Refuse an unusable output before any paper is read: not a folder, not writable, no Parquet library."""
    if out.exists() and not out.is_dir():
        raise click.ClickException(f"{out}: exists and is not a folder; -o needs a folder for the tables")
    parent = out if out.exists() else next((p for p in out.parents if p.exists()), Path("."))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise click.ClickException(f"{out}: cannot write there ({parent} is not writable); choose another -o")
    if fmt == "parquet":
        import importlib.util

        if importlib.util.find_spec("pyarrow") is None:
            raise click.ClickException("--format parquet needs pyarrow: pip install 'exoextract[parquet]'")


def progress_printer():
    """Progress on a terminal (one line, rewritten), or a log line every 10 s when not a terminal."""
    terminal = sys.stderr.isatty()
    last = [0.0]

    def show(state) -> None:
        now = time.perf_counter()
        if terminal:
            click.echo(f"\r{state.line()}", err=True, nl=state.done == state.total)
        elif now - last[0] >= 10 or state.done == state.total:
            last[0] = now
            click.echo(state.line(), err=True)

    return show


def report(summary, out: Path) -> None:
    counts = summary.counts
    concepts = ", ".join(f"{counts.concepts.get(t, 0)} {t}" for t in ENTITY_TYPES)
    for left_out, same in summary.duplicates:
        click.echo(f"skipped {left_out}: same content as {same}", err=True)
    if summary.skipped:
        kinds = ", ".join(f"{n} {kind}" for kind, n in summary.skipped.items())
        click.echo(f"not papers (left out): {kinds}", err=True)
    for source, note in counts.notes:
        click.echo(f"note: {source}: {note}", err=True)
    for failure in summary.failures:
        click.echo(f"failed: {failure.path}: {failure.kind}: {failure.message}", err=True)
    failed = f"{len(summary.failures)} failed (listed in {out / 'errors.tsv'})" if summary.failures else "0 failed"
    click.echo(f"{summary.papers} papers ({summary.processed} processed, {summary.reused} unchanged), {failed}; "
               f"{counts.mentions} mentions, concepts: {concepts}", err=True)
    state = summary.progress
    if summary.processed and state.peak_rss_mib:
        seconds = max(state.seconds, 1e-9)
        rates = f"{state.words / seconds:,.0f} words/s, {state.pages / seconds:.1f} pages/s"
        click.echo(f"read {state.words:,} words and {state.pages} pages in {seconds:.1f} s ({rates}), "
                   f"peak memory per worker {state.peak_rss_mib:.0f} MiB", err=True)
    for path in summary.written:
        click.echo(str(path))
