"""Baselines: adopt the audit on a legacy corpus without fixing every old finding first.

A finding's fingerprint is its rule, path and evidence text (never its line number), so
moving or editing unrelated lines does not resurrect a baselined finding. The baseline is
a multiset: two identical findings need two entries.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from provenance.model import Finding

BASELINE_VERSION = 1


class BaselineError(ValueError):
    """The baseline file is missing or malformed."""


def fingerprint(finding: Finding) -> str:
    digest = hashlib.sha256(f"{finding.rule}\0{finding.path}\0{finding.evidence}".encode())
    return digest.hexdigest()[:32]


def baseline_text(findings: Sequence[Finding]) -> str:
    entries = sorted(
        ({"fingerprint": fingerprint(f), "rule": f.rule, "path": f.path, "message": f.message} for f in findings),
        key=lambda e: (e["path"], e["rule"], e["fingerprint"]),
    )
    return json.dumps({"version": BASELINE_VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"


def load_baseline(path: Path) -> Counter[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"cannot read baseline {path}: {error.strerror or error}") from error
    except ValueError as error:
        raise BaselineError(f"baseline {path} is not valid JSON: {error}") from error
    shaped = isinstance(data, dict) and isinstance(data.get("findings"), list)
    if not shaped or data.get("version") != BASELINE_VERSION:
        raise BaselineError(f"baseline {path} is not a provenance baseline (version {BASELINE_VERSION})")
    prints: Counter[str] = Counter()
    for entry in data["findings"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise BaselineError(f"baseline {path}: every finding needs a 'fingerprint'")
        prints[entry["fingerprint"]] += 1
    return prints


def filter_baselined(findings: Iterable[Finding], baseline: Counter[str]) -> list[Finding]:
    """Findings beyond those the baseline accounts for."""
    remaining = Counter(baseline)
    fresh: list[Finding] = []
    for finding in findings:
        key = fingerprint(finding)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            fresh.append(finding)
    return fresh
