"""Corpora for the report tests: a hostile one whose every string tries to run a script.

Each payload, if it ever ran, would bump `window.__pwned` and set `document.title` to
"pwned"; the browser tests assert neither happened, the static tests that no payload
survived as markup.
"""

from __future__ import annotations

from pathlib import Path

from .conftest import write_corpus

PWN = "window.__pwned=(window.__pwned||0)+1;document.title='pwned'"

HOSTILE_DOCUMENTS: dict[str, str] = {
    # file names are document strings too
    f'<img src=x onerror="{PWN}">.md': (
        f"# <script>{PWN}</script> Council approves budget\n\n"
        "March 14, 2025\n\n"
        f"The council [voted](javascript:{PWN}) on Friday.\n\n"
        "AFP contributed reporting.\n\n"
        "Original url: https://www.example-gazette.com/2025/03/14/council-approves-budget\n"
    ),
    f'\'"><svg onload="{PWN}">.md': (
        f"# </details></section><script>{PWN}</script><style>body{{display:none}}</style>\n\n"
        "March 14, 2025\n\n"
        "See [the data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) and "
        f"[vb](vbscript:msgbox(1)) and [mixed](JaVaScRiPt:{PWN}) and <javascript:{PWN}>.\n\n"
        f'Photo: <img src=x onerror="{PWN}">/AFP\n\n'
        f"Original url: javascript:{PWN}//https://example.com/2025/03/14/x\n"
    ),
    "bidi\u202etxt.md.md": (
        "# Title with \u202e reversed, \x1b[31m escapes, {{ 7*7 }} and ${7*7}\n\n"
        "March 14, 2025\n\n"
        f'(Reuters) - <iframe src="javascript:{PWN}"></iframe> officials said.\n\n'
        f"Sign up for our free weekly newsletter <script>{PWN}</script>\n\n"
        f'Original url: https://example.com/a"onmouseover="{PWN}\n'
    ),
    "page.html": (
        "<!DOCTYPE html><html><head><title>&lt;script&gt;window.__pwned=1&lt;/script&gt; Port strike</title>\n"
        f'<link rel="canonical" href="javascript:{PWN}">\n'
        f'<meta property="og:site_name" content="<b onmouseover={PWN}>Evil Times</b>">\n'
        f"</head><body><h1>Port <script>{PWN}</script> strike</h1>\n"
        "<p>By Sam | June 3, 2025</p>\n"
        f'<p><a href="  javascript:{PWN}">spaced</a> <a href="java&#x09;script:{PWN}">tabbed</a>\n'
        f'<a href="&#106;avascript:{PWN}">entity</a> <a href="http://ok.example/path?q=<script>">query</a>\n'
        f'<a href="https://x.example/" onclick="{PWN}">onclick</a>\n'
        f'<a href="data:image/svg+xml,<svg onload={PWN}>">svg</a> <a href="//evil.example/x">protocol-relative</a>\n'
        '<a href="file:///etc/passwd">file</a></p>\n'
        "<p>OAKPORT, June 3 (Reuters) - Dock workers walked off.</p>\n"
        "</body></html>\n"
    ),
}


def write_hostile_corpus(folder: Path) -> Path:
    return write_corpus(folder, dict(HOSTILE_DOCUMENTS))
