"""Where exoextract keeps what it computes once per machine (the knowledge base, the word list)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``$EXOEXTRACT_CACHE``, else the user cache folder."""
    configured = os.environ.get("EXOEXTRACT_CACHE")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("exoextract"))
