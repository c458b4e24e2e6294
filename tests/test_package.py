"""The package surface: a sorted, complete `__all__`, every name importable, loaded lazily."""

from __future__ import annotations

import subprocess
import sys

import provenance
import provenance.model


def test_all_is_sorted_and_every_name_resolves():
    assert provenance.__all__ == sorted(provenance.__all__)
    assert set(provenance.__all__) == {*provenance._EXPORTS, "__version__"}
    for name in provenance.__all__:
        assert getattr(provenance, name) is not None


def test_every_public_model_type_is_exported():
    public = {
        name
        for name, value in vars(provenance.model).items()
        if isinstance(value, type) and value.__module__ == "provenance.model" and not name.startswith("_")
    }
    assert public <= set(provenance.__all__), public - set(provenance.__all__)


def test_importing_the_package_loads_no_heavy_dependency():
    heavy = "('lxml', 'httpx', 'tldextract', 'asyncio')"
    code = f"import sys, provenance; print(sorted(m for m in {heavy} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"
