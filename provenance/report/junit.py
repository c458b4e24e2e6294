"""JUnit XML: one test case per document (and per unreadable file), a failure per finding.

CI systems (GitLab, Jenkins, Azure, CircleCI) show a JUnit report as a list of tests, so a
document with findings shows as a failed test whose failures are its findings, and a clean
document as a passed one. The `type` of a failure is `CODE name`, its `message` the
finding's one-line message, its text the location, the severity and the fix.

Document text ends up in attributes and text nodes; characters XML 1.0 cannot carry
(most control characters, lone surrogates) are replaced, so any parser can read the file.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import PurePosixPath

from provenance.model import AuditResult, Finding

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold: every other character shown as a `\\xNN`-style escape."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def _classname(path: str) -> str:
    parent = PurePosixPath(path).parent.as_posix()
    return "provenance" if parent in {".", ""} else "provenance." + parent.strip("/").replace("/", ".")


def _failure(parent: ET.Element, finding: Finding) -> None:
    element = ET.SubElement(
        parent,
        "failure",
        {"message": xml_text(finding.message), "type": xml_text(f"{finding.rule} {finding.name}")},
    )
    lines = [
        f"{finding.path}:{finding.line}:{finding.column}: {finding.rule} {finding.name} ({finding.severity.value})",
        finding.message,
    ]
    if finding.fix:
        lines.append(f"Fix: {finding.fix}")
    element.text = xml_text("\n".join(lines))


def render_junit(result: AuditResult, *, generated_at: dt.datetime | None = None) -> str:
    paths = [r.path for r in result.records] + [f.path for f in result.failures]
    by_path: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    known = set(paths)
    orphans = [f for f in result.findings if f.path not in known]

    failed = sum(1 for path in paths if by_path.get(path)) + (1 if orphans else 0)
    tests = len(paths) + (1 if orphans else 0)
    root = ET.Element(
        "testsuites",
        {"name": "provenance", "tests": str(tests), "failures": str(failed), "errors": "0", "time": "0"},
    )
    suite_attributes = {
        "name": "provenance audit",
        "tests": str(tests),
        "failures": str(failed),
        "errors": "0",
        "skipped": "0",
        "time": "0",
    }
    if generated_at is not None:
        when = generated_at.astimezone(dt.UTC) if generated_at.tzinfo else generated_at
        suite_attributes["timestamp"] = when.strftime("%Y-%m-%dT%H:%M:%S")
    suite = ET.SubElement(root, "testsuite", suite_attributes)
    properties = ET.SubElement(suite, "properties")
    counts = Counter(f.severity.value for f in result.findings)
    for name, value in (
        ("documents", len(result.records)),
        ("unreadable", len(result.failures)),
        ("findings", len(result.findings)),
        *((f"findings.{severity}", counts.get(severity, 0)) for severity in ("error", "warning", "info")),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": str(value)})

    for path in paths:
        case = ET.SubElement(
            suite,
            "testcase",
            {"classname": xml_text(_classname(path)), "name": xml_text(path), "file": xml_text(path), "time": "0"},
        )
        for finding in by_path.get(path, ()):
            _failure(case, finding)
    if orphans:
        case = ET.SubElement(suite, "testcase", {"classname": "provenance", "name": "corpus", "time": "0"})
        for finding in orphans:
            _failure(case, finding)

    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
