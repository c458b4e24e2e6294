"""Where the resolution cache lives by default, known without importing the resolver."""

from __future__ import annotations

import os
from pathlib import Path


def default_cache_path() -> Path:
    """$XDG_CACHE_HOME/provenance/resolve.sqlite (else ~/.cache/...): the user cache dir on Linux."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "provenance" / "resolve.sqlite"
