"""The ``exoextract`` command: a thin layer over the library.

Each command parses its options, calls one library function and turns
exoextract's own errors into a one-line ``Error:`` message and exit code 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import click

from exoextract import __version__
from exoextract.errors import ExoextractError
from exoextract.ingest import iter_papers, load
from exoextract.kb import build_and_cache, cache_path, load_kb
from exoextract.kb.base import TYPES

T = TypeVar("T")


@contextmanager
def _errors_as_messages(path: Path | None = None) -> Iterator[None]:
    """Library errors become one line on stderr, never a traceback."""
    try:
        yield
    except ExoextractError as error:
        prefix = f"{path}: " if path is not None and str(path) not in str(error) else ""
        raise click.ClickException(f"{prefix}{error}") from error


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
def text_command(paths: tuple[Path, ...], as_json: bool) -> None:
    """Print the clean text of each paper in PATHS (files or directories).

    PDFs are read in reading order (columns, running titles and page numbers
    removed, hyphenated line breaks joined); .txt files are cleaned of the
    same debris. Papers are separated by a form feed when several are given.
    """
    papers = _guarded(None, lambda: list(iter_papers(paths)))
    for index, paper in enumerate(papers):
        document = _guarded(paper, lambda paper=paper: load(paper))
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
    "--type", "types", multiple=True, type=click.Choice(TYPES), help="Only candidates of this type (repeatable)."
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


def main() -> None:
    cli(prog_name="exoextract")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
