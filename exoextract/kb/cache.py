"""The compiled knowledge base on disk: a version-keyed pickle in the user cache folder.

Keyed by the sources' versions and the schema, written atomically, rebuilt
with a message when stale or unreadable. ``EXOEXTRACT_CACHE`` moves it. The
``--source`` files of the last ``kb build`` are remembered there, so later
loads keep using them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path

from exoextract.cache_folder import cache_dir
from exoextract.errors import ExoextractError
from exoextract.kb.build import build_kb
from exoextract.kb.index import KnowledgeBase
from exoextract.kb.sources.files import locate_sources

logger = logging.getLogger(__name__)

SCHEMA = 37  # bump when the compiled layout or the alias rules change
Notify = Callable[[str], None]


class CacheError(ExoextractError):
    """The cache folder cannot be written."""


def cache_key(versions: dict[str, str]) -> str:
    blob = json.dumps({"schema": SCHEMA, "sources": versions}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def cache_path(versions: dict[str, str]) -> Path:
    return cache_dir() / f"kb-{cache_key(versions)}.pickle"


def current_versions(overrides: dict[str, Path] | None = None) -> dict[str, str]:
    return {name: f.version for name, f in locate_sources(overrides).items()}


def saved_overrides() -> dict[str, Path]:
    """The ``--source`` paths of the last ``kb build``, which later loads keep using."""
    path = cache_dir() / "sources.json"
    try:
        return {name: Path(value) for name, value in json.loads(path.read_text()).items()}
    except (OSError, ValueError):
        return {}


def remember_overrides(overrides: dict[str, Path]) -> None:
    path = cache_dir() / "sources.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    if overrides:
        path.write_text(json.dumps({name: str(Path(p).resolve()) for name, p in sorted(overrides.items())}, indent=1))
    else:
        path.unlink(missing_ok=True)


def save(kb: KnowledgeBase, path: Path) -> None:
    """Write atomically: a half-written cache is never read."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".tmp{os.getpid()}")
        with partial.open("wb") as handle:
            pickle.dump({"schema": SCHEMA, "sources": kb.sources, "columns": kb.columns()},
                        handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    except OSError as error:
        raise CacheError(f"cannot write the knowledge-base cache at {path}: {error}; set EXOEXTRACT_CACHE") from error


def read(path: Path) -> KnowledgeBase:
    with path.open("rb") as handle:
        data = pickle.load(handle)
    if data.get("schema") != SCHEMA:
        raise ValueError(f"cache schema {data.get('schema')} is not {SCHEMA}")
    return KnowledgeBase(data["columns"], data["sources"])


def build_and_cache(
    overrides: dict[str, Path] | None = None, notify: Notify | None = None, remember: bool = False
) -> tuple[KnowledgeBase, Path]:
    """Build from the sources and write the cache; returns the KB and the cache file.

    With ``remember``, the overrides become the default sources of later loads.
    """
    started = time.perf_counter()
    if overrides is None and not remember:
        overrides = saved_overrides()
    locate_sources(overrides)  # a missing or unknown source fails before any work
    if notify:
        notify("building the knowledge base from its sources (once; about 10-20 s)...")
    kb = build_kb(overrides)
    path = cache_path(kb.sources)
    save(kb, path)
    if remember:  # only once the sources have proved readable
        remember_overrides(overrides or {})
    if notify:
        notify(f"knowledge base built in {time.perf_counter() - started:.1f} s, cached at {path}")
    return kb, path


def load_kb(notify: Notify | None = None, overrides: dict[str, Path] | None = None) -> KnowledgeBase:
    """The knowledge base for the installed sources: from the cache, or built (and cached) once."""
    if overrides is None:
        overrides = saved_overrides()
    path = cache_path(current_versions(overrides))
    kb = None
    if path.exists():
        try:
            kb = read(path)
        except Exception as error:  # any unpickling failure means a corrupt file
            message = f"knowledge-base cache {path} is unreadable ({error.__class__.__name__}); rebuilding"
            (notify or logger.warning)(message)
    else:
        stale = sorted(path.parent.glob("kb-*.pickle")) if path.parent.exists() else []
        if stale:
            (notify or logger.warning)("knowledge-base cache is stale (sources or schema changed); rebuilding")
    if kb is None:
        kb, path = build_and_cache(overrides, notify)
        for old in path.parent.glob("kb-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    return kb

