"""GitHub Actions annotations: one workflow command per finding.

    ::error file=examples/a.txt,line=1,col=1,title=PRV101 missing-original-url::no original URL ...

Errors become `error`, warnings `warning`, info `notice`. Escaping follows the runner's
rules (actions/toolkit `command.ts`): in the message `%`, CR and LF are percent-encoded; in
a property value also `:` and `,`, which would otherwise end the value. A document's text
therefore can never start a command of its own: every annotation stays on one line.
"""

from __future__ import annotations

from provenance.model import AuditResult, Finding, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = {
        "file": finding.path,
        "line": str(finding.line),
        "col": str(finding.column),
        "title": f"{finding.rule} {finding.name}",
    }
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = finding.message + (f"\nFix: {finding.fix}" if finding.fix else "")
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(message)}"


def render_github(result: AuditResult) -> str:
    return "".join(annotation(finding) + "\n" for finding in result.findings)
