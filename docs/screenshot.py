#!/usr/bin/env python3
"""Regenerate docs/report.png, the README's picture of the HTML report of `examples/`.

    python docs/screenshot.py            # needs playwright (the `test` extra) and Debian's chromium

The report is rendered offline with a pinned time, opened in headless Chromium and
photographed at 1280 px wide, so the picture changes only when the report does.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "report.png"
CHROMIUM = os.environ.get("PROVENANCE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]


def main() -> int:
    from playwright.sync_api import sync_playwright

    from provenance.audit import audit
    from provenance.engine import load_rules
    from provenance.report.html_report import render_html_report

    os.chdir(ROOT)
    rules = load_rules()
    result = audit(["examples"], rules, today=dt.date(2025, 7, 1))
    html = render_html_report(result, rules, generated_at=dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.UTC))
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "report.html"
        page_file.write_text(html, encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1180}, color_scheme="light")
            page.goto(page_file.as_uri(), wait_until="load")
            page.screenshot(path=str(OUTPUT))
            browser.close()
    print(f"wrote {OUTPUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
