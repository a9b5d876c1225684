"""The ``exoextract`` command: a thin layer over the library.

Each command parses its options, calls one library function and turns
exoextract's own errors into a one-line ``Error:`` message and exit code 1.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn, TypeVar

import click

from exoextract import __version__
from exoextract.console import check_output, parse_size, progress_printer, report
from exoextract.errors import ExoextractError
from exoextract.ingest import ReadLimits, iter_papers, load
from exoextract.kb import KB_TYPES, build_and_cache, cache_path, load_kb
from exoextract.records import TABLE_FORMATS as FORMATS

EXPORT_FORMATS = ("bioc", "bioc-xml", "pubtator")  # see exoextract.export

T = TypeVar("T")


@contextmanager
def _errors_as_messages(path: Path | None = None) -> Iterator[None]:
    """Library errors become one line on stderr, never a traceback."""
    try:
        yield
    except ExoextractError as error:
        prefix = f"{path}: " if path is not None and str(path) not in str(error) else ""
        raise click.ClickException(f"{prefix}{error}") from error


def leave(code: int) -> NoReturn:
    """Exit now: exit handlers run and standard streams are flushed, the heap is not torn down."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def _guarded(path: Path | None, action: Callable[[], T]) -> T:
    with _errors_as_messages(path):
        return action()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="exoextract")
def cli() -> None:
    """Turn exosome and extracellular-vesicle papers (PDF or text) into clean,
    evidence-linked tables.

    Start with `exoextract text PAPER` to see the clean text a paper gives.
    """


@cli.command("text")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object per paper (JSON Lines): its blocks with kind "
    "(paragraph, heading, caption, table, front), page, section and offsets, "
    "the citations, and the reference list.",
)
@click.option("--password", default=None, help="Password of an encrypted PDF.")
def text_command(paths: tuple[Path, ...], as_json: bool, password: str | None) -> None:
    """Print the clean text of each paper in PATHS (files or directories).

    PDFs are read in reading order (columns, running titles and page numbers
    removed, hyphenated line breaks joined); .txt files are cleaned of the
    same debris. Papers are separated by a form feed when several are given.
    """
    papers = _guarded(None, lambda: list(iter_papers(paths)))
    for index, paper in enumerate(papers):
        document = _guarded(paper, lambda paper=paper: load(paper, limits=ReadLimits(password=password)))
        if as_json:
            click.echo(json.dumps(document.to_dict(), ensure_ascii=False))
        else:
            if index:
                click.echo("\f")
            click.echo(document.text)


def _source_option(values: tuple[str, ...]) -> dict[str, Path]:
    overrides: dict[str, Path] = {}
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or not name or not path:
            raise click.BadParameter(f"expected NAME=PATH, got {value!r}", param_hint="--source")
        overrides[name.strip().lower()] = Path(path)
    return overrides


def _notify(message: str) -> None:
    click.echo(message, err=True)


@cli.group("kb")
def kb_group() -> None:
    """Build, inspect and query the knowledge base (genes, families, miRNAs, cell types, cell lines,
    outcomes). It is built offline from vocabularies that ship with installed packages and cached
    under the user cache folder (EXOEXTRACT_CACHE moves it)."""


@kb_group.command("build")
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="NAME=PATH",
    help="Use this file instead of the packaged one (repeatable). NAME is one of "
    "hgnc (HGNC TSV), famplex (folder of FamPlex CSVs), mirbase, go, mesh, cl and cellosaurus "
    "(OBO or cellxgene .json.zst), outcomes (TSV). Later loads keep using these paths.",
)
@click.option("--packaged", is_flag=True, help="Forget earlier --source paths and use the packaged files.")
def kb_build(sources: tuple[str, ...], packaged: bool) -> None:
    """Build the knowledge base now and write its cache."""
    overrides = _source_option(sources)
    remember = bool(overrides) or packaged
    kb, path = _guarded(None, lambda: build_and_cache(overrides if remember else None, _notify, remember=remember))
    _print_info(kb, path)


@kb_group.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print the information as one JSON object.")
def kb_info(as_json: bool) -> None:
    """Sources and versions, concept and alias counts per type, cache path and size."""
    kb = _guarded(None, lambda: load_kb(_notify))
    path = cache_path(kb.sources)
    if as_json:
        click.echo(json.dumps({"cache": str(path), "cache_bytes": path.stat().st_size, "sources": kb.sources,
                               **kb.stats()}, indent=1))
    else:
        _print_info(kb, path)


def _print_info(kb, path: Path) -> None:
    stats = kb.stats()
    click.echo("sources:")
    for name, version_text in kb.sources.items():
        click.echo(f"  {name:<12} {version_text}")
    click.echo("concepts:")
    for name, count in stats["concepts"].items():
        click.echo(f"  {name:<28} {count:>9,}")
    click.echo(f"  {'human miRNA genes':<28} {stats['human_mirna_genes']:>9,}")
    click.echo("aliases:")
    for name, count in stats["aliases"].items():
        click.echo(f"  {name:<28} {count:>9,}")
    click.echo(f"cache: {path} ({path.stat().st_size / 1e6:.1f} MB)")


@kb_group.command("lookup")
@click.argument("text")
@click.option(
    "--type", "types", multiple=True, type=click.Choice(KB_TYPES), help="Only candidates of this type (repeatable)."
)
@click.option("--limit", default=10, show_default=True, help="Show at most this many candidates.")
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as JSON Lines.")
def kb_lookup(text: str, types: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Candidates for TEXT with identifier, name, type, score and why they matched."""
    kb = _guarded(None, lambda: load_kb(_notify))
    candidates = kb.lookup(text, types or None)[:limit]
    if not candidates:
        raise click.ClickException(f"no concept matches {text!r}")
    for candidate in candidates:
        if as_json:
            click.echo(json.dumps(candidate.__dict__, ensure_ascii=False))
        else:
            flags = "".join(f" [{flag}]" for flag, on in (("needs context", candidate.needs_context),
                                                          ("ambiguous", candidate.ambiguous)) if on)
            click.echo(f"{candidate.id or '-':<20} {candidate.name:<32} {candidate.type:<10} "
                       f"{candidate.score:.2f}  {candidate.why}{flags}")


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the tables: documents, mentions, concepts and relations.")
@click.option("--format", "fmt", type=click.Choice([*FORMATS, *EXPORT_FORMATS]), default="tsv", show_default=True,
              help="tsv or parquet: the table files (parquet needs pyarrow: pip install 'exoextract[parquet]'). "
              "bioc, bioc-xml or pubtator: the TSV tables plus the whole collection in that exchange format "
              "(collection.bioc.json, collection.bioc.xml, collection.pubtator).")
@click.option("--password", default=None, help="Password of an encrypted PDF (for a single encrypted paper).")
def ingest_command(paths: tuple[Path, ...], out: Path, fmt: str, password: str | None) -> None:
    """Extract markers, miRNAs, cell types, exosome populations and outcomes from every paper
    in PATHS (files or directories) and write normalized, evidence-linked tables to OUT.

    One process, nothing kept between runs; a paper that fails is reported (and listed in
    OUT/errors.tsv) and the others are still written. For large corpora use `exoextract batch`."""
    from exoextract.batch import run_batch

    check_output(out, fmt)

    def progress(state) -> None:
        click.echo(f"read {state.done}/{state.total}", err=True)

    from exoextract.batch import Limits

    limits = Limits(read=ReadLimits(password=password)) if password else None
    summary = _guarded(None, lambda: run_batch(paths, out, workers=1, fmt=fmt if fmt in FORMATS else "tsv",
                                                incremental=False, errors_table=False, notify=_notify,
                                                progress=progress, **({"limits": limits} if limits else {})))
    if fmt in EXPORT_FORMATS:
        from exoextract.export import write_export

        summary.written.append(write_export(summary.results(), out, fmt))
    report(summary, out)
    if summary.papers and len(summary.failures) == summary.papers:
        raise click.ClickException(f"no paper could be read; see {out / 'errors.tsv'}")


@cli.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the tables, errors.tsv and the per-paper results (OUT/.exoextract).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the cores this process may use).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="tsv", show_default=True,
              help="Table file format.")
@click.option("--force", is_flag=True, help="Process every paper again, even those already stored for this version.")
@click.option("--strict", is_flag=True, help="Exit with code 1 when any paper failed.")
@click.option("--quiet", is_flag=True, help="No progress lines, only the summary.")
@click.option("--paper-timeout", type=click.FloatRange(min=1), default=600.0, show_default=True, metavar="SECONDS",
              help="Stop a paper that takes longer (its worker is replaced) and list it in errors.tsv as Timeout.")
@click.option("--paper-memory", default="4G", show_default=True, metavar="SIZE",
              help="Address-space limit of each worker (e.g. 1500M, 4G); a paper that needs more fails alone.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run the papers on a Dask distributed cluster (tcp://host:port) instead of local workers; "
              "its workers must see the same paths (pip install 'exoextract[dask]').")
@click.option("--max-pages", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Refuse PDFs with more pages (TooLarge in errors.tsv).")
@click.option("--max-mb", type=click.FloatRange(min=0.001), default=200.0, show_default=True,
              help="Refuse papers larger than this many megabytes (TooLarge in errors.tsv).")
def batch_command(inputs: tuple[str, ...], out: Path, workers: int | None, fmt: str, force: bool, strict: bool,
                  quiet: bool, paper_timeout: float, paper_memory: str, scheduler: str | None, max_pages: int,
                  max_mb: float) -> None:
    """Process a corpus: INPUTS are folders (searched recursively), glob patterns (quote them) or .txt
    files listing one paper path per line. Papers run in parallel; each result is stored in OUT as soon
    as it is done, so a stopped run resumes and a re-run processes only new or changed papers (or all
    of them after a pipeline or knowledge-base change). A paper that fails is listed in OUT/errors.tsv
    and the others go on. The tables are replaced as one set at the end."""
    from exoextract.batch import Limits, run_batch
    from exoextract.ingest import ReadLimits

    read = ReadLimits(max_bytes=int(max_mb * 2**20), max_pages=max_pages)
    limits = Limits(paper_timeout, parse_size(paper_memory, "--paper-memory"), read)
    check_output(out, fmt)
    summary = _guarded(None, lambda: run_batch(inputs, out, workers=workers, fmt=fmt, force=force, limits=limits,
                                                scheduler=scheduler, notify=_notify,
                                                progress=None if quiet else progress_printer()))
    report(summary, out)
    failed = len(summary.failures)
    if (strict and failed) or (summary.papers and failed == summary.papers):
        sys.exit(1)


@cli.command("eval")
@click.argument("out", type=click.Path(exists=True, path_type=Path))
@click.option("--gold", "gold", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="Folder with one <doc_id>/concepts.tsv (and relations.tsv) per gold paper.")
@click.option("--errors", is_flag=True,
              help="Also list false positives and negatives per paper (relations with their evidence sentence).")
@click.option("--fail-under", type=float, default=None, metavar="F1",
              help="Exit with code 1 when the concept micro-F1 over all papers is below F1 (for CI).")
def eval_command(out: Path, gold: Path, errors: bool, fail_under: float | None) -> None:
    """Score the concepts and relations in OUT (an ingest folder) against gold tables, as
    docs/ANNOTATION.md (Scoring) defines them: P, R and F1 per type and per predicate, micro-averaged,
    and the accuracy of the hedged and negated flags over matched relations."""
    from exoextract.evaluate import concept_totals, micro, report_lines

    results = _guarded(None, lambda: _evaluate(out, gold))
    if not results:
        raise click.ClickException(f"no paper in {out} has a gold table in {gold}")
    for line in report_lines(results, errors):
        click.echo(line)
    overall = micro(concept_totals(results).values()).f1
    if fail_under is not None and overall < fail_under:
        raise click.ClickException(f"micro-F1 {overall:.3f} is below --fail-under {fail_under}")


def _evaluate(out: Path, gold: Path):
    from exoextract.evaluate import evaluate_directory

    try:
        return evaluate_directory(out, gold)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error


@cli.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text for a terminal, markdown for a CI job summary, json for tools.")
@click.option("--gold", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Gold folder (<doc_id>/concepts.tsv): also list the gold concepts the change found or lost.")
def diff_command(old: Path, new: Path, fmt: str, gold: Path | None) -> None:
    """Compare the tables of two output folders (TSV or Parquet, mixed) row by row: rows added, removed
    and changed per table, keyed by each table's natural key. Exit code 0 when equal, 1 when different,
    2 on an error (missing folder or table, unreadable file)."""
    from exoextract.diff import diff_folders, gold_changes, render

    try:
        result = diff_folders(old, new)
        found = gold_changes(old, new, gold) if gold is not None else None
    except ExoextractError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    click.echo(render(result, fmt))
    if found:
        click.echo(found)
    sys.exit(0 if result.equal else 1)


@cli.command("summarize")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--summary", "dest", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the summary tables and index.html (default: OUT/summary).")
def summarize_command(out: Path, dest: Path | None) -> None:
    """Roll up the relation tables of every paper in OUT into the corpus view curators read:
    exosome x cargo, cargo x outcome and exosome x outcome (with direction and hedged share),
    and the markers used to identify exosomes; each row with its paper and evidence counts.
    Writes TSV tables and one static HTML page (open it in a browser; no server, no network)."""
    from exoextract.summary import NoRelations, summarize, write_summary

    try:
        summary = summarize(out)
    except NoRelations as error:
        raise click.ClickException(str(error)) from error
    for path in write_summary(summary, dest or out / "summary"):
        click.echo(str(path))
    click.echo(f"{summary.documents} papers ({summary.papers} with relations), {len(summary.evidence)} relations: "
               f"{len(summary.exosome_cargo)} "
               f"exosome-cargo pairs, {len(summary.source_outcomes)} exosome effects, "
               f"{len(summary.cargo_outcomes)} cargo effects, {len(summary.exosome_markers)} markers", err=True)


@cli.command("show")
@click.argument("paper", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the HTML page to this file instead of standard output.")
def show_command(paper: Path, out: Path | None) -> None:
    """Render PAPER as an HTML page with every recognized entity highlighted and labelled with its
    type, canonical name and identifier, so a curator can check the extraction by eye."""
    from exoextract.nlp import load_pipeline
    from exoextract.paper import process_paper
    from exoextract.show import render_html

    result = _guarded(paper, lambda: process_paper(paper, load_pipeline(notify=_notify)))
    html = render_html(result)
    if out is None:
        click.echo(html)
    else:
        out.write_text(html, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)


def main() -> None:
    """The console script. When the command is done it runs the exit handlers and leaves without freeing
    the heap object by object (the knowledge base and pipeline are millions of objects: a second or more
    of teardown after a batch) -- the operating system takes the memory back at once."""
    try:
        cli(prog_name="exoextract")
        code = 0
    except SystemExit as finished:
        code = finished.code
    if isinstance(code, str):
        sys.stderr.write(code + "\n")
        code = 1
    leave(code or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
