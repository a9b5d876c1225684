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


def main() -> None:
    cli(prog_name="exoextract")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
