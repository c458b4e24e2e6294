"""Reports: render an audit (or extracted documents) for people and for machines.

`render_report(result, fmt, ...)` is the one entry point for every `--format` of
`provenance audit`; each format lives in its own module and is imported only when used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from provenance.engine.rules import Rule
    from provenance.model import AuditResult, Resolution

FORMATS = ("text", "json", "sarif", "junit", "github", "html")


def render_report(
    result: AuditResult,
    fmt: str,
    *,
    rules: Sequence[Rule] = (),
    generated_at: dt.datetime | None = None,
    resolutions: Mapping[str, Resolution] | None = None,
    show_fixes: bool = False,
) -> str:
    """The audit in one of FORMATS; `generated_at` pins the time the HTML and JUnit reports show."""
    if fmt == "text":
        from provenance.report.text import render_findings

        return render_findings(result, show_fixes=show_fixes)
    if fmt == "json":
        from provenance import __version__
        from provenance.report.documents import json_report_chunks

        return "".join(json_report_chunks(result, __version__, indent=2))
    if fmt == "sarif":
        from provenance.report.sarif import render_sarif

        return render_sarif(result, rules)
    if fmt == "junit":
        from provenance.report.junit import render_junit

        return render_junit(result, generated_at=generated_at)
    if fmt == "github":
        from provenance.report.github import render_github

        return render_github(result)
    if fmt == "html":
        from provenance.report.html_report import render_html_report

        return render_html_report(result, rules, generated_at=generated_at, resolutions=resolutions)
    raise ValueError(f"unknown report format {fmt!r} (known: {', '.join(FORMATS)})")


__all__ = ["FORMATS", "render_report"]
