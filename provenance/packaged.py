"""Find the built-in `rules/` folder, in a wheel or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def rules_root() -> Path:
    """The folder holding rule files and vocabularies.

    A wheel maps the repository's top-level `rules/` into the package (hatchling
    force-include); an editable or source checkout finds it beside the package.
    """
    inside = Path(__file__).resolve().parent / "rules"
    if inside.is_dir():
        return inside
    beside = Path(__file__).resolve().parent.parent / "rules"
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"built-in rules folder not found (looked in {inside} and {beside})")
