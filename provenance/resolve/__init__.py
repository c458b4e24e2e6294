"""Resolve: check the URLs a corpus cites and find their archive copies (the only network stage).

The package's names load on first use (PEP 562): `provenance.resolve.options` and the cache
path are needed by every audit, httpx and asyncio only by one that goes to the network, and a
pre-commit hook should not pay for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "CorpusResolver": "provenance.resolve.corpus",
    "Guard": "provenance.resolve.guard",
    "ResolveOptions": "provenance.resolve.options",
    "ResolveStream": "provenance.resolve.corpus",
    "Resolver": "provenance.resolve.guard",
    "Target": "provenance.resolve.corpus",
    "address_problem": "provenance.resolve.guard",
    "collect_targets": "provenance.resolve.corpus",
    "default_cache_path": "provenance.resolve.options",
    "make_client": "provenance.resolve.client",
    "resolve_corpus": "provenance.resolve.corpus",
    "system_resolver": "provenance.resolve.guard",
}

__all__ = [
    "CorpusResolver",
    "Guard",
    "ResolveOptions",
    "ResolveStream",
    "Resolver",
    "Target",
    "address_problem",
    "collect_targets",
    "default_cache_path",
    "make_client",
    "resolve_corpus",
    "system_resolver",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'provenance.resolve' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from provenance.resolve.client import make_client
    from provenance.resolve.corpus import CorpusResolver, ResolveStream, Target, collect_targets, resolve_corpus
    from provenance.resolve.guard import Guard, Resolver, address_problem, system_resolver
    from provenance.resolve.options import ResolveOptions, default_cache_path
