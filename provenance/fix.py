"""`--fix`: write back what the audit knows, safely.

Fixes come from findings: PRV401 (take the original URL and date from the near-duplicate
twin), PRV302 (a permanently moved URL becomes its target) and an archive line after the
original URL when a snapshot exists (`Archived url:` in text and Markdown; Robust Links
`data-versionurl`/`data-versiondate` attributes on HTML links).

Writes are atomic (temporary file, then rename; mode kept) and touch only files that have
a fix. Everything else in a file stays byte for byte: encoding, line endings, the final
newline. A file whose bytes changed since the audit read them is left alone, and so is one
whose text does not encode back to the same bytes.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from provenance.corpus import content_digest
from provenance.extract.urls import url_key
from provenance.model import AuditResult, DocFormat, Document, DocumentRecord, LinkState, Resolution, Snapshot

_ARCHIVED = re.compile(r"^\W{0,4}archived\s+(?:url|copy|at)\s*:", re.I | re.M)
_HEAD_END = re.compile(r"</head\s*>", re.I)
PERMANENT = frozenset({301, 308})


@dataclass(frozen=True, slots=True)
class Edit:
    """One change to one document, and the finding (or fact) it answers."""

    reason: str
    action: str
    """`append` (a paragraph at the end), `insert-paragraph-after` (a line number),
    `insert-archive-line-after` (skipped when the file already has an archive line),
    `replace` (on a line), `robust-link` (attributes on a link), `before-head-end`."""
    line: int
    text: str
    old: str = ""


@dataclass(frozen=True, slots=True)
class FileFix:
    path: str
    edits: tuple[Edit, ...]
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class FixOutcome:
    fixed: tuple[FileFix, ...]
    skipped: tuple[tuple[str, str], ...]
    """(path, why) for files with fixes that were not written."""


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _twin_edits(document: DocumentRecord, others: Mapping[str, DocumentRecord], evidence: str) -> list[Edit]:
    """PRV401: what the named twin has and this copy lacks."""
    twin = others.get(evidence.split("|", 1)[0])
    if twin is None:
        return []
    edits: list[Edit] = []
    if document.original_url is None and twin.original_url is not None:
        url = twin.original_url
        if document.format is DocFormat.HTML:
            edits.append(
                Edit(
                    f"PRV401: original URL from {twin.path}",
                    "before-head-end",
                    0,
                    f'<link rel="canonical" href="{url}">',
                )
            )
        else:
            edits.append(Edit(f"PRV401: original URL from {twin.path}", "append", 0, f"Original url: {url}"))
    if document.date is None and twin.date is not None:
        day = twin.date.isoformat()
        if document.format is DocFormat.HTML:
            meta = f'<meta property="article:published_time" content="{day}">'
            edits.append(Edit(f"PRV401: date from {twin.path}", "before-head-end", 0, meta))
        elif document.title is not None and document.title_line:
            edits.append(Edit(f"PRV401: date from {twin.path}", "insert-paragraph-after", document.title_line, day))
    return edits


def _resolution_edits(document: Document, resolutions: Mapping[str, Resolution]) -> list[Edit]:
    edits: list[Edit] = []
    seen: set[tuple[int, str]] = set()
    moved_to: dict[str, str] = {}
    candidates = [(link.url, link.line) for link in document.links]
    if document.original_url is not None:
        candidates.append((document.original_url.url, document.original_url.evidence.line or 0))
    for url, line in candidates:
        resolution = resolutions.get(url_key(url))
        if resolution is None or (line, url) in seen or not line:
            continue
        seen.add((line, url))
        first_status = resolution.chain[0][0] if resolution.chain else resolution.status
        if resolution.state is LinkState.MOVED and resolution.final_url and first_status in PERMANENT:
            edits.append(Edit(f"PRV302: {url} moved permanently", "replace", line, resolution.final_url, old=url))
            moved_to[url] = resolution.final_url

    def snapshot_of(url: str) -> Snapshot | None:
        """The archive copy of what the link will point to once moved URLs are replaced."""
        for candidate in (moved_to.get(url, url), url):
            resolution = resolutions.get(url_key(candidate))
            if resolution is not None and resolution.snapshot is not None:
                return resolution.snapshot
        return None

    if document.format is DocFormat.HTML:
        for url, line in candidates:
            snap = snapshot_of(url)
            if snap is None or not line:
                continue
            attributes = f' data-versionurl="{snap.url}" data-versiondate="{snap.date.isoformat()}"'
            edits.append(Edit(f"archive copy of {url}", "robust-link", line, attributes, old=moved_to.get(url, url)))
    elif document.original_url is not None and document.original_url.evidence.line:
        snap = snapshot_of(document.original_url.url)
        if snap is not None:
            line = document.original_url.evidence.line
            edits.append(
                Edit(
                    f"archive copy of {document.original_url.url}",
                    "insert-archive-line-after",
                    line,
                    f"Archived url: {snap.url}",
                )
            )
    return edits


def plan_edits(result: AuditResult) -> dict[str, list[Edit]]:
    """Edits per document path, from the findings and the resolutions of one audit (resolutions
    come with the documents: an audit with a resolver keeps them)."""
    by_path = {record.path: record for record in result.records}
    plans: dict[str, list[Edit]] = {}
    for finding in result.findings:
        if finding.rule == "PRV401" and finding.path in by_path:
            plans.setdefault(finding.path, []).extend(_twin_edits(by_path[finding.path], by_path, finding.evidence))
    if result.resolutions:
        for document in result.documents:
            extra = _resolution_edits(document, result.resolutions)
            if extra:
                plans.setdefault(document.path, []).extend(extra)
    return {path: edits for path, edits in plans.items() if edits}


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """The text with the edits made; lines not edited keep their exact characters."""
    newline = _newline(text)
    lines = text.split(newline)
    inserts: dict[int, list[str]] = {}
    appended: list[str] = []
    before_head: list[str] = []
    for edit in edits:
        if edit.action == "append":
            appended.append(edit.text)
        elif edit.action == "insert-paragraph-after":
            inserts.setdefault(edit.line, []).extend(["", edit.text])
        elif edit.action == "insert-archive-line-after" and not _ARCHIVED.search(text):
            inserts.setdefault(edit.line, []).append(edit.text)
        elif edit.action == "replace" and 0 < edit.line <= len(lines):
            lines[edit.line - 1] = lines[edit.line - 1].replace(edit.old, edit.text)
        elif edit.action == "robust-link" and 0 < edit.line <= len(lines):
            line = lines[edit.line - 1]
            if "data-versionurl" not in line:
                pattern = re.compile(r"(<a\b[^>]*?href\s*=\s*([\"'])" + re.escape(edit.old) + r"\2)", re.I)
                lines[edit.line - 1] = pattern.sub(lambda match: f"{match.group(1)}{edit.text}", line, count=1)  # noqa: B023
        elif edit.action == "before-head-end":
            before_head.append(edit.text)
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        out.append(line)
        out.extend(inserts.get(number, ()))
    result = newline.join(out)
    if before_head:
        match = _HEAD_END.search(result)
        if match:
            block = "".join(f"{item}{newline}" for item in before_head)
            result = result[: match.start()] + block + result[match.start() :]
    if appended:
        ends_with_newline = result.endswith(newline)
        body = result if ends_with_newline else result + newline
        result = body + newline + newline.join(appended) + (newline if ends_with_newline else "")
    return result


def unified_diff(fix: FileFix) -> str:
    return "".join(
        difflib.unified_diff(
            fix.before.splitlines(keepends=True),
            fix.after.splitlines(keepends=True),
            fromfile=f"a/{fix.path}",
            tofile=f"b/{fix.path}",
        )
    )


def _write_atomically(path: Path, data: bytes) -> None:
    mode = path.stat().st_mode
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode & 0o7777)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def fix_files(result: AuditResult, write: bool = True) -> FixOutcome:
    """Plan and (unless `write` is false, for --diff) write every fix of one audit."""
    records = {record.path: record for record in result.records}
    fixed: list[FileFix] = []
    skipped: list[tuple[str, str]] = []
    for path, edits in sorted(plan_edits(result).items()):
        record = records[path]
        target = Path(path)
        try:
            data = target.read_bytes()
        except OSError as error:
            skipped.append((path, f"cannot read it again: {error.strerror or error}"))
            continue
        if record.digest and content_digest(data) != record.digest:
            skipped.append((path, "it changed on disk since the audit read it"))
            continue
        try:
            before = data.decode(record.encoding)
            if before.encode(record.encoding) != data:
                raise UnicodeError("not a lossless round trip")
        except (UnicodeError, LookupError):
            skipped.append((path, f"its text does not encode back to the same bytes in {record.encoding}"))
            continue
        after = apply_edits(before, edits)
        if after == before:
            continue
        fix = FileFix(path, tuple(edits), before, after)
        if write:
            try:
                _write_atomically(target, after.encode(record.encoding))
            except OSError as error:
                skipped.append((path, f"cannot write it: {error.strerror or error}"))
                continue
        fixed.append(fix)
    return FixOutcome(tuple(fixed), tuple(skipped))
