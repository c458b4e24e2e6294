"""The HTML report in real headless Chromium (Debian's `chromium`, driven by Playwright).

Playwright's own browser download is never used: the system Chromium is launched through
`executable_path`. Without either, these tests skip; `.ci/run` installs Chromium.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from provenance.audit import audit
from provenance.engine import load_rules
from provenance.report.html_report import render_html_report

from .conftest import EXAMPLES, write_corpus
from .report_corpora import write_hostile_corpus

PINNED = dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2025, 7, 1)
CHROMIUM = os.environ.get("PROVENANCE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason=f"no Chromium at {CHROMIUM}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, timeout=60_000)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def rules():
    return load_rules()


class Watched:
    """A page with its console errors, uncaught exceptions, dialogs and requests recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", lambda request: self.requests.append(request.url))

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)


def open_report(browser: Any, path: Path, *, javascript: bool = True) -> Watched:
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page())
    watched.page.goto(path.resolve().as_uri(), wait_until="load")
    return watched


def write_report(tmp_path: Path, result: Any, rules: Any, name: str = "report.html") -> Path:
    target = tmp_path / name
    target.write_text(render_html_report(result, rules, generated_at=PINNED), encoding="utf-8")
    return target


def visible_rows(page: Any) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        "#findings-table tbody tr",
        "rows => rows.filter(r => r.offsetParent !== null).map(r => ({rule: r.dataset.r, severity: r.dataset.s,"
        " path: r.cells[2].firstChild.textContent}))",
    )


def test_examples_report_loads_filters_sorts_and_screenshots(browser, rules, tmp_path):
    result = audit([EXAMPLES], rules, today=TODAY)
    watched = open_report(browser, write_report(tmp_path, result, rules))
    page = watched.page
    assert page.title().startswith("Provenance audit")
    assert page.is_visible("#filters")
    assert len(visible_rows(page)) == len(result.findings)

    page.select_option("#f-rule", "PRV104")
    rows = visible_rows(page)
    assert rows and {row["rule"] for row in rows} == {"PRV104"}
    assert len(rows) == sum(1 for f in result.findings if f.rule == "PRV104")
    assert "of" in page.text_content("#f-count")

    page.select_option("#f-rule", "")
    page.select_option("#f-severity", "info")
    assert {row["severity"] for row in visible_rows(page)} == {"info"}

    page.select_option("#f-severity", "")
    page.fill("#f-path", "002_bridge")
    page.press("#f-path", "Enter")  # submitting applies at once (typing applies after a short pause)
    assert {row["path"].rsplit("/", 1)[-1] for row in visible_rows(page)} == {"002_bridge_markdown.txt"}

    page.fill("#f-path", "")
    page.fill("#f-text", "newsletter")
    page.press("#f-text", "Enter")
    texts = page.eval_on_selector_all("#findings-table tbody tr:not([hidden])", "rows => rows.map(r => r.textContent)")
    assert texts and all("newsletter" in text.lower() for text in texts)
    page.fill("#f-text", "no finding says this")
    page.press("#f-text", "Enter")
    assert page.is_visible("#f-empty") and not visible_rows(page)

    page.click("#f-reset")
    page.wait_for_selector("#f-empty", state="hidden")
    assert len(visible_rows(page)) == len(result.findings)
    page.click("th[data-sort='rule'] button")
    rules_in_order = [row["rule"] for row in visible_rows(page)]
    assert rules_in_order == sorted(rules_in_order)
    assert page.get_attribute("th[data-sort='rule']", "aria-sort") == "ascending"
    page.click("th[data-sort='rule'] button")
    assert [row["rule"] for row in visible_rows(page)] == sorted(rules_in_order, reverse=True)

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    assert watched.errors == [] and watched.dialogs == []
    assert all(url.startswith(("file:", "data:")) for url in watched.requests), watched.requests


def test_hostile_corpus_runs_no_script(browser, rules, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_hostile_corpus(tmp_path / "hostile")
    result = audit(["hostile"], rules, today=TODAY)
    watched = open_report(browser, write_report(tmp_path, result, rules))
    page = watched.page
    page.click("#open-all")
    for summary in page.query_selector_all("details.card > summary"):
        summary.hover()
    for link in page.query_selector_all("details.card a"):
        link.hover()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.title().startswith("Provenance audit") and "pwned" not in page.title()
    assert page.evaluate("document.scripts.length") == 2
    assert (
        page.evaluate("document.querySelectorAll('iframe, img, object, embed, [onerror], [onload], [onclick]').length")
        == 0
    )
    targets = page.eval_on_selector_all(
        "a[href]",
        "links => links.map(a => [a.getAttribute('href'), new URL(a.getAttribute('href'), document.baseURI).protocol])",
    )
    assert targets and all(href.startswith("#") or protocol in {"http:", "https:"} for href, protocol in targets), (
        targets
    )
    assert page.is_visible("text=Council approves budget")
    assert watched.errors == [], "a CSP violation or script error would show here"
    assert watched.dialogs == []
    assert all(url.startswith(("file:", "data:")) for url in watched.requests), watched.requests


def test_report_is_readable_without_javascript(browser, rules, tmp_path):
    result = audit([EXAMPLES], rules, today=TODAY)
    watched = open_report(browser, write_report(tmp_path, result, rules), javascript=False)
    page = watched.page
    assert len(visible_rows(page)) == len(result.findings), "every finding shows"
    assert not page.is_visible("#filters")
    assert page.is_visible("#d2 >> text=Original URL")
    assert page.is_visible("text=Findings by rule")


def test_large_report_pages_the_table_and_opens_cards_on_demand(browser, rules, tmp_path):
    documents = {f"d{i:03}.md": f"# Story number {i}\n\nThe council met.\n" for i in range(300)}
    result = audit([write_corpus(tmp_path / "many", documents)], rules, today=TODAY)
    assert len(result.findings) > 500
    path = write_report(tmp_path, result, rules)
    watched = open_report(browser, path)
    page = watched.page
    assert len(visible_rows(page)) == 500
    assert page.is_visible("#f-more")
    page.click("#f-all")
    assert len(visible_rows(page)) == len(result.findings)
    assert not page.is_visible("#f-more")
    first = page.query_selector("#findings-table tbody tr a[href^='#d']")
    anchor = first.get_attribute("href")
    assert page.get_attribute(f"details{anchor}", "open") is None, "cards start closed in large reports"
    first.click()
    assert page.get_attribute(f"details{anchor}", "open") == ""
    page.check("#only-findings")
    assert watched.errors == []

    without = open_report(browser, path, javascript=False).page
    assert len(visible_rows(without)) == len(result.findings), "without JavaScript nothing is paged away"
    without.click("#d1 > summary")
    assert without.is_visible("#d1 >> text=Title")
