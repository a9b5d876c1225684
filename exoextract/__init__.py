"""exoextract: exosome and extracellular-vesicle literature to normalized, evidence-linked tables."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("exoextract")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__", "load"]


def load(path):
    """Ingest one paper; see :func:`exoextract.ingest.load`."""
    from exoextract.ingest import load as _load

    return _load(path)
