"""The HTML report without a browser: the view model, determinism, and hostile input kept inert."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from base64 import b64encode
from html.parser import HTMLParser

import pytest

from provenance.audit import audit
from provenance.engine import load_rules
from provenance.model import AuditResult, LinkState, Resolution, Snapshot
from provenance.report.html_report import (
    HEAD_SCRIPT,
    build_report_view,
    render_html,
    render_html_report,
    safe_href,
    visible,
)

from .conftest import EXAMPLES, write_corpus
from .report_corpora import HOSTILE_DOCUMENTS, PWN, write_hostile_corpus

PINNED = dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture(scope="module")
def examples_result(rules) -> AuditResult:
    return audit([EXAMPLES], rules, today=TODAY)


class Page(HTMLParser):
    """Every start tag with its attributes, and the text of <script> and <style> elements."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._inside: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in self.raw:
            self._inside = tag
            self.raw[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._inside:
            self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.raw[self._inside][-1] += data


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a",
        "http://example.com",
        "HTTPS://EXAMPLE.COM/x?q=<script>",
        "https://例え.jp/パス",
    ],
)
def test_safe_href_admits_web_urls(url):
    assert safe_href(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "  javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative/path",
        "#",
        "",
        None,
        "https:///no-host",
        "https://exa mple.com/",
        "https://example.com/\\..\\",
        "http://[::1",
        "https://example.com/" + "a" * 3000,
        "mailto:someone@example.com",
    ],
)
def test_safe_href_refuses_everything_else(url):
    assert safe_href(url) is None


def test_visible_escapes_control_and_bidi_characters_and_clips():
    assert visible("a\x00b\x1b[31mc\u202ed\u2066e") == "a\\x00b\\x1b[31mc\\u202ed\\u2066e"
    assert visible("x" * 500, 10) == "x" * 9 + "…"
    assert visible("tab\tand\nnewline") == "tab\tand\nnewline"


# --------------------------------------------------------------------------- view model


def test_view_summarises_the_examples(examples_result, rules):
    view = build_report_view(examples_result, rules, generated_at=PINNED)
    summary = view.summary
    assert summary.documents == 5 and summary.findings == len(examples_result.findings)
    assert {s.key: s.count for s in summary.by_severity.segments} == {"error": 1, "warning": 8, "info": 6}
    assert sum(r.count for r in summary.by_rule) == summary.findings
    assert [r.count for r in summary.by_rule] == sorted((r.count for r in summary.by_rule), reverse=True)
    complete = [d for d in examples_result.documents if d.title and d.date and d.original_url and d.credits]
    assert summary.complete.count == len(complete) and summary.complete.total == 5
    assert not summary.links_checked and not summary.archive_checked
    assert {s.key for s in summary.link_health.segments} == {"unchecked"}
    assert len(view.cards) == 5 and view.cards_open
    assert {r.code for r in view.rules} == {f.rule for f in examples_result.findings}
    assert view.generated_at == "2025-07-01 12:00 UTC"
    card = next(c for c in view.cards if c.path.endswith("002_bridge_markdown.txt"))
    states = {link.url: link.state for link in card.links}
    assert states["#"] == "placeholder"
    assert any(state == "unchecked" for state in states.values())


def test_view_reads_link_states_and_snapshots_from_resolutions(rules):
    text = (
        "# Council approves budget\n\nMarch 14, 2025\n\nThe mayor [criticized](https://old.example.org/plan) it; "
        "see [the minutes](https://city.example.gov/minutes) and [the vote](https://gone.example.net/vote).\n\n"
        "AFP contributed reporting.\n\n"
        "Original url: https://www.example-gazette.com/2025/03/14/council-approves-budget\n"
    )
    snapshot = Snapshot(
        url="https://web.archive.org/web/20250315000000/https://www.example-gazette.com/2025/03/14/council-approves-budget",
        timestamp="20250315000000",
        archive="wayback",
        source="availability",
    )
    resolutions = {
        "https://www.example-gazette.com/2025/03/14/council-approves-budget": Resolution(
            url="https://www.example-gazette.com/2025/03/14/council-approves-budget",
            key="https://www.example-gazette.com/2025/03/14/council-approves-budget",
            state=LinkState.ALIVE,
            status=200,
            snapshot=snapshot,
            archive_state="found",
        ),
        "https://old.example.org/plan": Resolution(
            url="https://old.example.org/plan",
            key="https://old.example.org/plan",
            state=LinkState.MOVED,
            status=301,
            final_url="https://new.example.org/plan",
            evidence="301 to another site",
        ),
        "https://gone.example.net/vote": Resolution(
            url="https://gone.example.net/vote",
            key="https://gone.example.net/vote",
            state=LinkState.DEAD,
            status=404,
            evidence="404 Not Found",
        ),
    }
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        corpus = write_corpus(Path(folder), {"a.md": text})
        result = audit([corpus], rules, today=TODAY)
    view = build_report_view(result, rules, generated_at=PINNED, resolutions=resolutions)
    card = view.cards[0]
    by_url = {link.url: link for link in card.links}
    assert by_url["https://old.example.org/plan"].state == "moved"
    assert by_url["https://old.example.org/plan"].final_href == "https://new.example.org/plan"
    assert by_url["https://gone.example.net/vote"].state == "dead"
    assert by_url["https://gone.example.net/vote"].note == "404 Not Found"
    assert by_url["https://city.example.gov/minutes"].state == "unchecked"
    original = next(f for f in card.facts if f.label == "Original URL")
    assert original.state is not None and original.state.state == "alive"
    assert original.state.snapshot_href == snapshot.url and original.state.snapshot_date == "2025-03-15"
    summary = view.summary
    assert summary.links_checked and summary.archive_checked
    health = {s.key: s.count for s in summary.link_health.segments}
    assert health == {"alive": 1, "moved": 1, "dead": 1, "unchecked": 1}, "the footer link counts once, with the URL"
    assert summary.archived.count == 1 and summary.archived.total == 1
    html = render_html(view)
    assert "not checked (offline)" not in html.lower()
    assert f'href="{snapshot.url}"' in html and ">archived 2025-03-15<" in html
    assert 'class="st st-dead" title="404 Not Found">dead<' in html


def test_offline_report_says_links_were_not_checked(examples_result, rules):
    html = render_html_report(examples_result, rules, generated_at=PINNED)
    assert "Not checked (offline)" in html


def test_empty_corpus_renders(rules):
    html = render_html_report(AuditResult((), (), ()), rules, generated_at=PINNED)
    assert "All clear: no findings." in html and "No documents." in html


# --------------------------------------------------------------------------- the page


def test_report_is_deterministic_and_self_contained(examples_result, rules):
    first = render_html_report(examples_result, rules, generated_at=PINNED)
    second = render_html_report(examples_result, rules, generated_at=PINNED)
    assert first == second
    later = render_html_report(examples_result, rules, generated_at=PINNED + dt.timedelta(days=1))
    assert later != first and "2025-07-02 12:00 UTC" in later
    page = Page(first)
    for tag, attrs in page.elements:
        for name in ("src", "srcset", "action", "poster", "data"):
            assert name not in attrs, (tag, name)
        if tag == "link":
            assert attrs.get("rel") == "icon" and attrs.get("href") == "data:,"
        if tag in {"script", "style"}:
            assert not attrs, "inline only"
    assert "@import" not in "".join(page.raw["style"]) and "url(" not in "".join(page.raw["style"])
    assert not re.search(r"fetch\(|XMLHttpRequest|import\(|\.src\s*=", "".join(page.raw["script"]))


def test_csp_admits_exactly_the_pages_own_script_and_style(examples_result, rules):
    page = Page(render_html_report(examples_result, rules, generated_at=PINNED))
    csp = next(
        a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp and csp.startswith("default-src 'none';")

    def digest(text: str) -> str:
        return "'sha256-" + b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert page.raw["script"][0] == HEAD_SCRIPT
    script_sources = re.search(r"script-src ([^;]+);", csp)
    style_sources = re.search(r"style-src ([^;]+);", csp)
    assert script_sources and style_sources
    assert script_sources.group(1).split() == [digest(s) for s in page.raw["script"]]
    assert style_sources.group(1).split() == [digest(s) for s in page.raw["style"]]
    assert not any(name == "style" for _, attrs in page.elements for name in attrs), "no inline style attributes"


def test_hostile_corpus_stays_inert(tmp_path, rules, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_hostile_corpus(tmp_path / "hostile")
    result = audit(["hostile"], rules, today=TODAY)
    assert len(result.documents) + len(result.failures) == len(HOSTILE_DOCUMENTS)
    html = render_html_report(result, rules, generated_at=PINNED)
    page = Page(html)

    scripts = [t for t, _ in page.elements if t == "script"]
    assert len(scripts) == 2, "only the report's own two scripts"
    allowed = {
        "html", "head", "meta", "title", "link", "script", "style", "body", "header", "div", "span", "nav", "a",
        "main", "section", "h2", "h3", "h4", "figure", "figcaption", "svg", "rect", "ul", "li", "b", "p",
        "code", "g", "text", "form", "label", "select", "option", "input", "button", "output", "noscript",
        "table", "colgroup", "col", "thead", "tr", "th", "tbody", "td", "details", "summary", "cite", "i", "dl",
        "dt", "dd", "small", "q", "article", "footer", "time",
    }  # fmt: skip
    assert {t for t, _ in page.elements} <= allowed
    for tag, attrs in page.elements:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        href = attrs.get("href")
        if href is not None and tag == "a":
            assert href.startswith("#") or re.match(r"https?://[^\s/]", href), href
    hrefs = [a["href"] for t, a in page.elements if t == "a" and a.get("href", "").startswith("http")]
    assert "http://ok.example/path?q=<script>" in hrefs, "a web URL with odd characters stays a (escaped) link"
    assert not any("javascript" in h.lower() or h.startswith("data:") for h in hrefs)

    assert PWN not in html and "<script>window" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned" in html, "hostile titles are shown, escaped"
    assert "{{ 7*7 }}" in html and "${7*7}" in html, "template syntax in documents is text, not template"
    assert "\u202e" not in html and "\\u202e" in html, "bidi overrides are shown, not obeyed"
    assert "\x1b" not in html
    assert "javascript:" in html, "the refused URLs are still shown, as text"


def test_report_scales_to_many_documents(tmp_path, rules):
    """A 400-document report: cards start closed, come in chunks, and stay compact."""
    docs = {
        f"d{i:03}.md": f"# Story {i}\n\nMarch 14, 2025\n\nSee [a](https://example.com/{i}) and [b](#).\n"
        for i in range(400)
    }
    result = audit([write_corpus(tmp_path / "many", docs)], rules, today=TODAY)
    view = build_report_view(result, rules, generated_at=PINNED)
    assert not view.cards_open
    html = render_html(view)
    assert html.count('<div class="chunk">') == 8
    assert " open>" not in html and " open " not in html
    per_document = len(html.encode()) / 400
    assert per_document < 4500, f"{per_document:.0f} bytes per document"


def test_view_model_is_frozen(examples_result, rules):
    view = build_report_view(examples_result, rules, generated_at=PINNED)
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.title = "changed"  # type: ignore[misc]


def test_css_and_script_agree_on_the_page_size():
    from importlib.resources import files

    templates = files("provenance.report") / "templates"
    script = (templates / "report.js").read_text(encoding="utf-8")
    css = (templates / "report.css").read_text(encoding="utf-8")
    page = re.search(r"var PAGE = (\d+);", script)
    first_hidden = re.search(r"\.paged #findings-table tbody tr:nth-child\(n\+(\d+)\)", css)
    assert page and first_hidden and int(first_hidden.group(1)) == int(page.group(1)) + 1
