"""The HTML report: a view model built from an audit, rendered by one jinja2 template.

As in coverage.py's htmlcov, the data the page shows is worked out here, in plain frozen
dataclasses (`build_report_view`), and `templates/report.html.j2` only lays it out. The
result is one self-contained file: the CSS and the small script are inlined, the charts
are inline SVG, and nothing is fetched from anywhere.

Every string that comes from a document is untrusted. The template autoescapes; on top of
that, document text is made visible (control and bidi-override characters shown as
escapes), clipped, and only `http(s)` URLs ever become links (`safe_href`). A
Content-Security-Policy admits exactly the page's own script and style by hash, so even a
missed escape could not run a script.

Link states come from `AuditResult.resolutions` (keyed by `url_key`); offline, or before
the resolver ran, every link is "not checked".

A large report is never held whole: an offline audit spools each document's card as it goes
(`CardSpool`), the cards are read back one at a time as the template lays them out, and the
page is written in pieces (`html_report_chunks`).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import pickle
import re
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from provenance import __version__
from provenance.engine.rules import Rule
from provenance.extract.urls import url_key
from provenance.model import (
    AuditResult,
    Document,
    DocumentRecord,
    Evidence,
    Finding,
    LinkState,
    ReadFailure,
    Resolution,
    Severity,
)

OPEN_CARDS_UP_TO = 60
"""Document cards start open in reports of up to this many documents (closed above: faster to load)."""

MAX_TEXT = 400
MAX_URL = 2048

_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)

STATE_LABELS: Mapping[str, str] = {
    "alive": "alive",
    "moved": "moved",
    "dead": "dead",
    "soft-404": "soft 404",
    "unknown": "unknown",
    "blocked": "blocked",
    "unchecked": "not checked",
    "placeholder": "placeholder",
    "not-web": "not a web link",
}
"""Every state a link can show; the keys double as CSS class names, so none comes from a document."""

HEALTH_STATES = ("alive", "moved", "dead", "soft-404", "unknown", "blocked", "unchecked")


# ----------------------------------------------------------------------------- untrusted text

_INVISIBLE = {
    **{code: f"\\x{code:02x}" for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))},
    **{code: f"\\u{code:04x}" for code in (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF)},
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


_INVISIBLE_CHARS = re.compile("[" + "".join(re.escape(chr(code)) for code in _INVISIBLE) + "]")
_URL_REFUSED = re.compile(r"[\x00-\x20\x7f\\]")


def visible(text: str, limit: int = MAX_TEXT) -> str:
    """Document text made safe to show: control and bidi characters escaped, long text clipped."""
    shown = text.translate(_INVISIBLE) if _INVISIBLE_CHARS.search(text) else text
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def safe_href(url: str | None) -> str | None:
    """The URL if it may become a live link (absolute http or https with a host), else None.

    Anything with white space or control characters is refused outright: browsers strip or
    skip those while parsing, which is how `java\\tscript:` gets past naive scheme checks.
    """
    if not url or len(url) > MAX_URL:
        return None
    if _URL_REFUSED.search(url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not host or not url.lower().startswith(("http:", "https:")):
        return None
    return url


# ----------------------------------------------------------------------------- the view model


@dataclass(frozen=True, slots=True)
class Segment:
    """A share of a stacked bar: positions in percent of the bar's width."""

    key: str
    label: str
    count: int
    percent: float
    x: float


@dataclass(frozen=True, slots=True)
class StackedBar:
    total: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class BarRow:
    """One row of a horizontal bar chart; `width` is in percent of the longest bar."""

    key: str
    label: str
    detail: str
    value: int
    width: float
    href: str | None = None


@dataclass(frozen=True, slots=True)
class RuleCount:
    code: str
    name: str
    severity: str
    count: int


@dataclass(frozen=True, slots=True)
class Ratio:
    count: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.count / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Summary:
    documents: int
    unreadable: int
    findings: int
    by_severity: StackedBar
    by_rule: tuple[RuleCount, ...]
    rule_chart: tuple[BarRow, ...]
    complete: Ratio
    """Documents with a title, a date, an original URL and a credit."""
    facts_chart: tuple[BarRow, ...]
    links_checked: bool
    link_health: StackedBar
    links_alive: Ratio
    archive_checked: bool
    archived: Ratio
    """Documents whose original URL has an archive snapshot, of those with an original URL."""


@dataclass(frozen=True, slots=True)
class FindingRow:
    index: int
    rule: str
    name: str
    severity: str
    rank: int
    path: str
    line: int
    column: int
    message: str
    fix: str | None
    anchor: str | None
    """The card of the document the finding is about (`d12`), when it has one."""


@dataclass(frozen=True, slots=True)
class Fact:
    label: str
    value: str | None
    href: str | None
    source: str | None
    line: int | None
    evidence: str | None
    """The evidence line's text, when it adds something to the value."""
    state: LinkView | None = None


@dataclass(frozen=True, slots=True)
class LinkView:
    url: str
    display: str
    """The URL as shown: clipped when long (the link itself keeps all of it)."""
    href: str | None
    text: str
    """The link's words, empty when they only repeat the URL."""
    line: int | None
    kind: str
    state: str
    state_label: str
    note: str
    final_url: str | None
    final_href: str | None
    snapshot_url: str | None
    snapshot_href: str | None
    snapshot_date: str | None


@dataclass(frozen=True, slots=True)
class CreditView:
    agency: str
    kind: str
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class ResidueView:
    kind: str
    line: int
    end_line: int
    text: str


@dataclass(frozen=True, slots=True)
class Card:
    anchor: str
    path: str
    format: str | None
    title: str | None
    complete: bool
    reason: str | None
    """Why the file could not be read (unreadable inputs only)."""
    facts: tuple[Fact, ...]
    credits: tuple[CreditView, ...]
    residue: tuple[ResidueView, ...]
    links: tuple[LinkView, ...]
    findings: tuple[FindingRow, ...]
    counts: tuple[tuple[str, int], ...]
    """(severity, count) for the severities this document has findings of, most severe first."""
    worst: str | None


@dataclass(frozen=True, slots=True)
class RuleDoc:
    code: str
    name: str
    severity: str
    summary: str
    why: str
    how_to_fix: str
    count: int


@dataclass(frozen=True, slots=True)
class ReportView:
    title: str
    version: str
    generated_at: str
    generated_iso: str
    summary: Summary
    findings: tuple[FindingRow, ...]
    rule_options: tuple[RuleCount, ...]
    cards: ReportCards
    cards_open: bool
    rules: tuple[RuleDoc, ...]


# ----------------------------------------------------------------------------- building it


def _stacked(counts: Sequence[tuple[str, str, int]]) -> StackedBar:
    total = sum(count for _, _, count in counts)
    segments: list[Segment] = []
    x = 0.0
    for key, label, count in counts:
        percent = 100.0 * count / total if total else 0.0
        segments.append(Segment(key, label, count, round(percent, 3), round(x, 3)))
        x += percent
    return StackedBar(total, tuple(segments))


def _bars(rows: Iterable[tuple[str, str, str, int, str | None]], scale: int | None = None) -> tuple[BarRow, ...]:
    items = list(rows)
    top = scale if scale is not None else max((value for *_, value, _ in items), default=0)
    return tuple(
        BarRow(key, label, detail, value, round(100.0 * value / top, 3) if top else 0.0, href)
        for key, label, detail, value, href in items
    )


def _is_complete(document: Document | DocumentRecord) -> bool:
    """A title, a date, an original URL and a credit."""
    credited = document.agencies if isinstance(document, DocumentRecord) else document.credits
    facts = (document.title, document.date, document.original_url)
    return all(fact is not None for fact in facts) and bool(credited)


def _resolution(resolutions: Mapping[str, Resolution], url: str) -> Resolution | None:
    if not resolutions or not url:
        return None
    return resolutions.get(url_key(url)) or resolutions.get(url)


def _link_view(
    url: str,
    text: str,
    line: int | None,
    kind: str,
    placeholder: bool,
    resolutions: Mapping[str, Resolution],
) -> LinkView:
    href = safe_href(url)
    resolution = _resolution(resolutions, url) if href else None
    if placeholder:
        state, note = "placeholder", ""
    elif href is None:
        state, note = "not-web", ""
    elif resolution is None:
        state, note = "unchecked", ""
    else:
        state = resolution.state.value if isinstance(resolution.state, LinkState) else str(resolution.state)
        state = state if state in STATE_LABELS else "unknown"
        note = visible(resolution.evidence or resolution.error or "")
    final_url = resolution.final_url if resolution and resolution.final_url and resolution.final_url != url else None
    snapshot = resolution.snapshot if resolution else None
    snapshot_date = None
    if snapshot is not None:
        try:
            snapshot_date = snapshot.date.isoformat()
        except ValueError:
            snapshot_date = None
    return LinkView(
        url=visible(url, 300) if url else "",
        display=visible(url, 90) if url else "",
        href=href,
        text=visible(text, 200) if text.strip() and text.strip() != url.strip() else "",
        line=line,
        kind=kind,
        state=state,
        state_label=STATE_LABELS[state],
        note=note,
        final_url=visible(final_url, 300) if final_url else None,
        final_href=safe_href(final_url),
        snapshot_url=visible(snapshot.url, 300) if snapshot else None,
        snapshot_href=safe_href(snapshot.url) if snapshot else None,
        snapshot_date=snapshot_date,
    )


def _fact(label: str, value: str | None, evidence: Evidence | None, *, repeats: str | None = None) -> Fact:
    """A fact with its evidence line, which is left out when it only repeats what is shown.

    `repeats` is text already on the card (the original URL, for a publisher taken from it).
    """
    if value is None or evidence is None:
        return Fact(label, None, None, None, None, None)
    extra = evidence.text.strip()
    said = {value.strip().casefold(), (repeats or "").strip().casefold()}
    redundant = (
        not extra or extra.casefold() in said or (len(extra) < len(value) + 40 and value.casefold() in extra.casefold())
    )
    return Fact(
        label,
        visible(value),
        None,
        visible(evidence.source, 80),
        evidence.line,
        None if redundant else visible(extra, 160),
    )


def _document_card(anchor: str, document: Document, resolutions: Mapping[str, Resolution]) -> Card:
    """The card's facts, credits, residue and links; its findings join it later (`_with_findings`)."""
    original = document.original_url
    original_fact = _fact("Original URL", original.url if original else None, original.evidence if original else None)
    if original is not None:
        link = _link_view(original.url, "", original.evidence.line, "original", False, resolutions)
        original_fact = Fact(
            original_fact.label,
            link.url,
            link.href,
            original_fact.source,
            original_fact.line,
            original_fact.evidence,
            state=link,
        )
    publisher = document.publisher
    publisher_value = None
    if publisher is not None:
        name, domain = publisher.name, publisher.domain
        publisher_value = f"{name} ({domain})" if name and domain else (name or domain)
    date = document.date
    facts = (
        _fact(
            "Title",
            document.title.value if document.title else None,
            document.title.evidence if document.title else None,
        ),
        _fact(
            "Date",
            (date.value.isoformat() + (" (updated)" if date.modified else "")) if date else None,
            date.evidence if date else None,
        ),
        original_fact,
        _fact(
            "Publisher",
            publisher_value,
            publisher.evidence if publisher else None,
            repeats=original.url if original else None,
        ),
    )
    links = tuple(
        _link_view(link.url, link.text, link.line, link.kind.value, link.placeholder, resolutions)
        for link in document.links
    )
    return Card(
        anchor=anchor,
        path=visible(document.path, 300),
        format=document.format.value,
        title=visible(document.title.value, 200) if document.title else None,
        complete=_is_complete(document),
        reason=None,
        facts=facts,
        credits=tuple(
            CreditView(visible(c.agency, 80), c.kind.value, visible(c.text, 140) if c.text != c.agency else "", c.line)
            for c in document.credits
        ),
        residue=tuple(
            ResidueView(visible(r.kind, 40), r.line, r.end_line, visible(r.text, 160)) for r in document.residue
        ),
        links=links,
        findings=(),
        counts=(),
        worst=None,
    )


def _failure_card(anchor: str, failure: ReadFailure) -> Card:
    return Card(
        anchor=anchor,
        path=visible(failure.path, 300),
        format=None,
        title=None,
        complete=False,
        reason=visible(failure.reason),
        facts=(),
        credits=(),
        residue=(),
        links=(),
        findings=(),
        counts=(),
        worst=None,
    )


def _with_findings(card: Card, findings: Sequence[FindingRow]) -> Card:
    counts = Counter(f.severity for f in findings)
    ordered = tuple((s.value, counts[s.value]) for s in _SEVERITIES if counts.get(s.value))
    return replace(card, findings=tuple(findings), counts=ordered, worst=ordered[0][0] if ordered else None)


def _finding_row(index: int, finding: Finding, anchor: str | None) -> FindingRow:
    return FindingRow(
        index=index,
        rule=finding.rule,
        name=finding.name,
        severity=finding.severity.value,
        rank=finding.severity.rank,
        path=visible(finding.path, 300),
        line=finding.line,
        column=finding.column,
        message=visible(finding.message, 600),
        fix=visible(finding.fix, 600) if finding.fix else None,
        anchor=anchor,
    )


def _link_states(card: Card) -> Counter[str]:
    """The states of a card's web links for the link-health chart: the original URL, then each
    other URL once."""
    counts: Counter[str] = Counter()
    seen: set[str] = set()
    for fact in card.facts:
        if fact.state is not None and fact.state.href:
            counts[fact.state.state] += 1
            seen.add(fact.state.href)
    for link in card.links:
        if link.href and link.state in HEALTH_STATES and link.href not in seen:
            counts[link.state] += 1
    return counts


def _link_health(counts: Counter[str]) -> tuple[bool, StackedBar]:
    checked = any(counts[state] for state in HEALTH_STATES if state != "unchecked")
    bar = _stacked([(state, STATE_LABELS[state], counts[state]) for state in HEALTH_STATES if counts[state]])
    return checked, bar


def _archive(resolutions: Mapping[str, Resolution], records: Sequence[DocumentRecord]) -> tuple[bool, Ratio]:
    with_url = [r.original_url for r in records if r.original_url is not None]
    found = checked = 0
    for url in with_url:
        resolution = _resolution(resolutions, url)
        if resolution is None:
            continue
        if resolution.snapshot is not None:
            found += 1
        if resolution.snapshot is not None or resolution.archive_state not in {"unchecked", ""}:
            checked += 1
    return checked > 0, Ratio(found, len(with_url))


def _constructor_call(view: Any) -> tuple[type, tuple[Any, ...]]:
    """Pickle a view as a call of its class with its fields: three times faster both ways than
    the generic state of a slotted dataclass."""
    return type(view), tuple(getattr(view, name) for name in view.__dataclass_fields__)


class CardSpool:
    """Each document's card (without its findings, which need every rule) pickled to an anonymous
    temporary file as the audit hands the document on (`add` is an audit's `on_document`), with
    the link counts the summary shows added up on the way: the HTML report then never holds the
    documents or their cards. Read back in order, one card at a time, by the report."""

    def __init__(self) -> None:
        # ours alone (unlinked at once), so pickle may read it back; closed by close() (a context manager)
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._pickler = pickle.Pickler(self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._pickler.dispatch_table = dict.fromkeys((Card, Fact, LinkView, CreditView, ResidueView), _constructor_call)
        self._ends = array("q", [0])
        self.link_states: Counter[str] = Counter()

    def add(self, document: Document, resolutions: Mapping[str, Resolution] | None = None) -> None:
        card = _document_card(f"d{len(self) + 1}", document, resolutions or {})
        self.link_states.update(_link_states(card))
        self._pickler.dump((document.path, card))
        self._pickler.clear_memo()  # each card stands alone (and the memo does not grow)
        self._ends.append(self._file.tell())

    def __len__(self) -> int:
        return len(self._ends) - 1

    def __getitem__(self, index: int) -> tuple[str, Card]:
        """The path of the document and its card."""
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        self._file.flush()
        start, end = self._ends[index], self._ends[index + 1]
        path, card = pickle.loads(os.pread(self._file.fileno(), end - start, start))
        return path, card

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> CardSpool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class ReportCards:
    """The report's cards in order (the documents', then the unreadable files'), each joined with
    its findings only when it is read, so a spooled card is in memory only while it is laid out."""

    def __init__(
        self,
        documents: CardSpool | Sequence[tuple[str, Card]],
        failures: Sequence[tuple[str, Card]],
        findings: Mapping[str, Sequence[FindingRow]],
    ) -> None:
        self._documents = documents
        self._failures = failures
        self._findings = findings

    def __len__(self) -> int:
        return len(self._documents) + len(self._failures)

    def __getitem__(self, index: int) -> Card:
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        path, card = (
            self._documents[index] if index < len(self._documents) else self._failures[index - len(self._documents)]
        )
        return _with_findings(card, self._findings.get(path, ()))

    def __iter__(self) -> Iterator[Card]:
        for index in range(len(self)):
            yield self[index]


def build_report_view(
    result: AuditResult,
    rules: Sequence[Rule] = (),
    *,
    generated_at: dt.datetime | None = None,
    resolutions: Mapping[str, Resolution] | None = None,
    title: str = "Provenance audit",
    cards: CardSpool | None = None,
) -> ReportView:
    """Everything the page shows, worked out in Python; the template only lays it out. The
    document cards come from `cards` when the audit spooled them, else from `result.documents`."""
    resolved: Mapping[str, Resolution] = resolutions if resolutions is not None else result.resolutions
    when = generated_at or dt.datetime.now(dt.UTC)
    when = when.astimezone(dt.UTC) if when.tzinfo else when.replace(tzinfo=dt.UTC)

    records = result.records
    anchors: dict[str, str] = {}
    for index, record in enumerate(records, 1):
        anchors.setdefault(record.path, f"d{index}")
    for index, failure in enumerate(result.failures, len(records) + 1):
        anchors.setdefault(failure.path, f"d{index}")
    rows = tuple(_finding_row(index, f, anchors.get(f.path)) for index, f in enumerate(result.findings))
    by_path: dict[str, list[FindingRow]] = {}
    for row, finding in zip(rows, result.findings, strict=True):
        by_path.setdefault(finding.path, []).append(row)

    documents: CardSpool | list[tuple[str, Card]]
    if cards is None:
        documents = [(d.path, _document_card(f"d{i}", d, resolved)) for i, d in enumerate(result.documents, 1)]
        link_states: Counter[str] = Counter()
        for _, card in documents:
            link_states.update(_link_states(card))
    else:
        documents, link_states = cards, cards.link_states
    failures = [(f.path, _failure_card(f"d{i}", f)) for i, f in enumerate(result.failures, len(records) + 1)]
    report_cards = ReportCards(documents, failures, by_path)

    known = {rule.code: rule for rule in rules}
    rule_counts = Counter(f.rule for f in result.findings)
    names: dict[str, tuple[str, str]] = {}
    for finding in result.findings:
        names.setdefault(finding.rule, (finding.name, finding.severity.value))
    by_rule = tuple(
        sorted(
            (RuleCount(code, *names[code], count) for code, count in rule_counts.items()),
            key=lambda r: (-r.count, r.code),
        )
    )
    severity_counts = Counter(f.severity.value for f in result.findings)
    total_docs = len(records)
    facts_chart = _bars(
        [
            ("title", "Title", "", sum(1 for r in records if r.title is not None), None),
            ("date", "Date", "", sum(1 for r in records if r.date is not None), None),
            ("url", "Original URL", "", sum(1 for r in records if r.original_url is not None), None),
            ("credit", "Credit", "", sum(1 for r in records if r.agencies), None),
            ("complete", "All four", "", sum(1 for r in records if _is_complete(r)), None),
        ],
        scale=total_docs,
    )
    facts_chart = tuple(
        BarRow(r.key, r.label, f"{Ratio(r.value, total_docs).percent:.0f}%", r.value, r.width) for r in facts_chart
    )
    links_checked, link_health = _link_health(link_states)
    archive_checked, archived = _archive(resolved, records)
    alive = sum(seg.count for seg in link_health.segments if seg.key == "alive")
    summary = Summary(
        documents=total_docs,
        unreadable=len(result.failures),
        findings=len(result.findings),
        by_severity=_stacked([(s.value, s.value, severity_counts.get(s.value, 0)) for s in _SEVERITIES]),
        by_rule=by_rule,
        rule_chart=_bars((r.severity, f"{r.code} {r.name}", "", r.count, f"#rule-{r.code}") for r in by_rule),
        complete=Ratio(sum(1 for r in records if _is_complete(r)), total_docs),
        facts_chart=facts_chart,
        links_checked=links_checked,
        link_health=link_health,
        links_alive=Ratio(alive, link_health.total),
        archive_checked=archive_checked,
        archived=archived,
    )
    rule_docs = tuple(
        RuleDoc(
            code=code,
            name=known[code].name,
            severity=known[code].severity.value,
            summary=_paragraphs(known[code].summary),
            why=_paragraphs(known[code].why),
            how_to_fix=_paragraphs(known[code].how_to_fix),
            count=rule_counts[code],
        )
        for code in sorted(rule_counts)
        if code in known
    )
    return ReportView(
        title=title,
        version=__version__,
        generated_at=when.strftime("%Y-%m-%d %H:%M UTC"),
        generated_iso=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        summary=summary,
        findings=rows,
        rule_options=tuple(sorted(by_rule, key=lambda r: r.code)),
        cards=report_cards,
        cards_open=len(report_cards) <= OPEN_CARDS_UP_TO,
        rules=rule_docs,
    )


def _paragraphs(text: str) -> str:
    return "\n\n".join(" ".join(p.split()) for p in text.strip().split("\n\n"))


# ----------------------------------------------------------------------------- rendering


def _asset(name: str) -> str:
    return (files("provenance.report") / "templates" / name).read_text(encoding="utf-8")


HEAD_SCRIPT = 'document.documentElement.classList.add("paged");'
"""Runs before the body is parsed: lets CSS page the findings table while JavaScript is on."""


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def _environment() -> Any:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("provenance.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["num"] = lambda value: f"{value:,}"
    environment.filters["pct"] = lambda value: f"{value:.1f}".rstrip("0").rstrip(".")
    environment.filters["coord"] = lambda value: f"{value:.3f}".rstrip("0").rstrip(".")
    return environment


_CLOSING = re.compile(r"</(script|style)", re.I)


def render_html_chunks(view: ReportView) -> Iterator[str]:
    """The page piece by piece, the same bytes as `render_html`: a large report is written as it
    is laid out, never held whole."""
    from markupsafe import Markup

    css, script = _asset("report.css"), _asset("report.js")
    if _CLOSING.search(css) or _CLOSING.search(script):
        raise ValueError("an inlined asset must not contain a closing </script> or </style> tag")
    csp = (
        "default-src 'none'; "
        f"style-src {_csp_hash(css)}; script-src {_csp_hash(HEAD_SCRIPT)} {_csp_hash(script)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    template = _environment().get_template("report.html.j2")
    pieces = template.generate(
        view=view, css=Markup(css), script=Markup(script), head_script=Markup(HEAD_SCRIPT), csp=csp
    )
    while batch := list(islice(pieces, 8192)):  # the template yields many small strings: write fewer
        yield "".join(batch)


def render_html(view: ReportView) -> str:
    """The page for a view model: the same view gives the same bytes."""
    return "".join(render_html_chunks(view))


def html_report_chunks(
    result: AuditResult,
    rules: Sequence[Rule] = (),
    *,
    generated_at: dt.datetime | None = None,
    resolutions: Mapping[str, Resolution] | None = None,
    cards: CardSpool | None = None,
) -> Iterator[str]:
    """The report of an audit piece by piece; `cards` when the audit spooled its documents' cards."""
    view = build_report_view(result, rules, generated_at=generated_at, resolutions=resolutions, cards=cards)
    yield from render_html_chunks(view)


def render_html_report(
    result: AuditResult,
    rules: Sequence[Rule] = (),
    *,
    generated_at: dt.datetime | None = None,
    resolutions: Mapping[str, Resolution] | None = None,
) -> str:
    return "".join(html_report_chunks(result, rules, generated_at=generated_at, resolutions=resolutions))
