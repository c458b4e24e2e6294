"""The terminal forms: one finding per line, `path:line:col: CODE name: message`."""

from __future__ import annotations

import re

from provenance.model import AuditResult, Document
from provenance.report.documents import summary_dict

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Control characters from documents shown as escapes, so none reaches the terminal."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group(0)):02x}", text)


def render_findings(result: AuditResult, show_fixes: bool = False) -> str:
    lines: list[str] = []
    for finding in result.findings:
        lines.append(
            f"{finding.path}:{finding.line}:{finding.column}: {finding.rule} {finding.name}: {finding.message}"
        )
        if show_fixes and finding.fix:
            lines.append(f"    fix: {finding.fix}")
    summary = summary_dict(result)
    counts = summary["by_severity"]
    if result.findings:
        lines.append(
            f"Found {summary['findings']} finding{'s' if summary['findings'] != 1 else ''} "
            f"({counts['error']} error, {counts['warning']} warning, {counts['info']} info) "
            f"in {summary['documents']} document{'s' if summary['documents'] != 1 else ''}"
            + (f", {summary['unreadable']} unreadable" if summary["unreadable"] else "")
            + "."
            + (f" {summary['fixable']} fixable with --fix." if summary["fixable"] else "")
        )
    else:
        lines.append(f"All clear: {summary['documents']} documents, no findings.")
    return printable("\n".join(lines)) + "\n"


def render_document(document: Document) -> str:
    """A readable summary of what extraction found, with where each fact came from."""

    def where(line: int | None, source: str) -> str:
        return f"  [{source}{f', line {line}' if line else ''}]"

    out = [f"{document.path} ({document.format.value})"]
    if document.title:
        title = document.title
        out.append(f"  title:        {title.value}{where(title.evidence.line, title.evidence.source)}")
    else:
        out.append("  title:        (none)")
    if document.date:
        date = document.date
        out.append(f"  date:         {date.value.isoformat()}{where(date.evidence.line, date.evidence.source)}")
    else:
        out.append("  date:         (none)")
    if document.original_url:
        ev = document.original_url.evidence
        out.append(f"  original url: {document.original_url.url}{where(ev.line, ev.source)}")
    else:
        out.append("  original url: (none)")
    if document.publisher:
        p = document.publisher
        out.append(
            f"  publisher:    {p.name or '?'} ({p.domain or 'no domain'}){where(p.evidence.line, p.evidence.source)}"
        )
    else:
        out.append("  publisher:    (none)")
    out.append(f"  credits:      {len(document.credits)}")
    for credit in document.credits:
        out.append(f"    line {credit.line}: {credit.agency} ({credit.kind.value}): {credit.text[:100]}")
    out.append(f"  links:        {len(document.links)}")
    for link in document.links:
        flag = " [placeholder]" if link.placeholder else ""
        out.append(f"    line {link.line}: {link.url or '(empty)'} ({link.kind.value}){flag}")
    out.append(f"  residue:      {len(document.residue)}")
    for block in document.residue:
        out.append(f"    lines {block.line}-{block.end_line}: {block.kind}: {block.text[:80]}")
    return printable("\n".join(out)) + "\n"


def render_statistics(result: AuditResult) -> str:
    """Counts per rule (with name and severity), then per severity."""
    counts: dict[tuple[str, str, str], int] = {}
    for finding in result.findings:
        key = (finding.rule, finding.name, finding.severity.value)
        counts[key] = counts.get(key, 0) + 1
    lines = [f"{count:>6}  {code}  {name:<24} {severity}" for (code, name, severity), count in sorted(counts.items())]
    by = summary_dict(result)["by_severity"]
    total = f"{len(result.findings):>6}  total"
    lines.append(f"{total} ({by['error']} error, {by['warning']} warning, {by['info']} info)")
    return "\n".join(lines) + "\n"
