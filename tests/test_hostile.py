"""Hostile input: documents are untrusted, so no text, no bytes and no corpus may crash or hang a run."""

from __future__ import annotations

import codecs
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.cli import main
from provenance.corpus import SourceText, read_source
from provenance.extract import extract_document, extract_text
from provenance.model import DocFormat, Document, ReadFailure

FORMATS = [None, DocFormat.MARKDOWN, DocFormat.TEXT, DocFormat.HTML]

FRAGMENTS = [
    # Markdown and link syntax, whole and broken.
    "[", "]", "](", ")", "(", "![", "[1]: ", "[a][1]", "<http", "<https://example.com/a>", "#", "# ", "## ",
    "**", "*", "_", "`", "```", "> ", "- [", "1. ", "\\",
    # URLs, good and malformed.
    "http://", "https://", "://", "www.", "https://example.com/2025/03/14/putin-urges-troops",
    "http://[::1", "https://exa mple.com", "http://999.999.999.999/", "javascript:alert(1)", "#", "about:blank",
    "https://xn--80ak6aa92e.com/", "http://example.com:99999/", "https://example.com/?utm_source=x&utm_medium=y",
    # HTML.
    "<html>", "</html>", "<!DOCTYPE html>", "<head>", "<body>", "<script>", "</script>", "<title>", "</title>",
    "<h1>", "<p>", "<div>", "</div>", '<a href="', '">', "</a>", "<!--", "-->", "<![CDATA[", "&amp;", "&#0;",
    "&#x110000;", '<meta charset="', '<meta property="og:title" content="', '<link rel="canonical" href="',
    '<time datetime="', '<script type="application/ld+json">', '{"@type": "NewsArticle", "datePublished": "',
    '"url": "', "{", "}", '"',
    # Provenance footers, dates and credits.
    "Original url:", "Original url: ", "Source: ", "Originally published at ", "Read more at ",
    "2025-03-14", "March 14, 2025", "14 March 2025", "14.03.2025", "/2025/03/14/", "0000-00-00", "9999-12-31",
    "2025-02-30", "31 February 2025", "Friday", "Updated: ",
    "AFP", "AFP contributed reporting.", "Agence France-Presse", "Reuters", "(Reuters) - ", "— AP", "AP",
    "Associated Press", "Reporting by ", "; Editing by ", "Photo: ", "kremlin.ru", "/", "with AFP",
    "TASS", "Xinhua", "dpa", "The Moscow Times", "Sign up for our free weekly newsletter", "Support ",
    # Whitespace, controls and odd code points.
    "\n", "\n\n", "\r\n", "\r", "\t", " ", "\x00", "\x0b", "\x0c", "\x1b[31m", "\x85", "\u2028", "\u2029",
    "\ufeff", "\u200b", "\u00ad", "\u202e", "\U0001f600", "\ufffd", "Ⅻ", "١٢", "İ", "ß",
]  # fmt: skip

unicode_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=400)
"""Any code point but surrogates: controls, NUL, combining marks, private use, astral planes."""

fragment_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)),
    max_size=60,
).map("".join)
"""Text assembled from the pieces the extractors look for, in any order."""

hostile_bytes = st.one_of(
    st.binary(max_size=2000),
    st.tuples(
        st.sampled_from(
            [
                codecs.BOM_UTF8,
                codecs.BOM_UTF16_LE,
                codecs.BOM_UTF16_BE,
                codecs.BOM_UTF32_LE,
                codecs.BOM_UTF32_BE,
                b"%PDF-",
                b"\x89PNG",
                b"<html><head><meta charset=",
                b'<meta charset="utf-16">',
                b'<meta charset="bogus-charset-name">',
                b"# ",
            ]
        ),
        st.binary(max_size=2000),
    ).map(b"".join),
    fragment_text.map(lambda text: text.encode("utf-8")),
    fragment_text.map(lambda text: text.encode("cp1252", "replace")),
    fragment_text.map(lambda text: text.encode("utf-16")),
)

READ_FAILURE_KINDS = ("binary", "undecodable", "empty", "too large", "unreadable")


def check_document(document: Document, text: str, fmt: DocFormat | None) -> None:
    """What any Document must satisfy, whatever text it came from."""
    assert isinstance(document, Document)
    if fmt is not None:
        assert document.format is fmt
    assert document.lines == text.count("\n") + 1
    for link in document.links:
        assert isinstance(link.url, str)
        assert link.line >= 1
    for credit in document.credits:
        assert credit.line >= 1
    if document.title is not None:
        assert document.title.value.strip()
    for fact in document.url_candidates:
        assert fact.url.lower().startswith(("http://", "https://"))


# --- (a) properties ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.value if f else "sniffed")
@settings(max_examples=200, deadline=None)
@given(text=unicode_text)
def test_extract_text_never_raises_on_any_text(fmt: DocFormat | None, text: str) -> None:
    check_document(extract_text(text, fmt=fmt), text, fmt)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.value if f else "sniffed")
@settings(max_examples=200, deadline=None)
@given(text=fragment_text)
def test_extract_text_never_raises_on_text_made_of_markup_fragments(fmt: DocFormat | None, text: str) -> None:
    check_document(extract_text(text, fmt=fmt), text, fmt)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=hostile_bytes, suffix=st.sampled_from([".txt", ".md", ".html", ""]), small=st.booleans())
def test_read_source_never_raises_on_any_bytes(tmp_path: Path, data: bytes, suffix: str, small: bool) -> None:
    # The same file is rewritten for every example, so tmp_path being shared between them is harmless.
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    max_bytes = 500 if small else 10_000

    result = read_source(path, max_bytes=max_bytes)

    if isinstance(result, ReadFailure):
        assert result.reason.startswith(READ_FAILURE_KINDS), result.reason
        assert result.path.endswith(path.name)
        if len(data) > max_bytes:
            assert result.reason.startswith("too large")
        if not data.strip():
            assert result.reason.startswith("empty")
    else:
        assert isinstance(result, SourceText)
        assert len(data) <= max_bytes
        assert result.text.strip()
        assert codecs.lookup(result.encoding)
        assert result.size == len(data)
        assert "\x00" not in result.text[:8192], "NUL characters mean binary, whatever the encoding"
        # What the reader accepts, the extractor must take.
        check_document(extract_document(result), result.text, result.format)


# --- (b) a hostile corpus through the command line -------------------------------------------

LONG_URL = "https://example.com/" + "a" * 5000

HOSTILE_CORPUS: dict[str, bytes] = {
    "binary.txt": b"\x00\x01\x02\x03 some text \x00\xff\xfe" * 20,
    "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "report.pdf.txt": b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
    "undecodable.txt": bytes(range(128, 256)) * 40,
    "empty.txt": b"",
    "blank.md": b"   \n\t\n  \n",
    "huge.txt": b"Huge file\n\n" + b"All work and no play. " * 150_000,
    "script-title.md": (
        b"# Budget <script>alert(1)</script> approved\n\n"
        b"March 14, 2025\n\n"
        b"The council approved the budget.\n\n"
        b"Original url: https://example.com/2025/03/14/budget-approved\n"
    ),
    "bad-urls.md": (
        "# Links that go nowhere\n\n"
        "March 14, 2025\n\n"
        "See [one](http://[::1) and [two](https://exa mple.com) and [three](http://999.999.999.999/).\n\n"
        "Then [four](javascript:alert(1)) and [five](" + LONG_URL + ").\n\n"
        "Bare: http://[::1 https://exa mple.com http://999.999.999.999/ " + LONG_URL + "\n\n"
        "Original url: http://[::1\n"
    ).encode(),
    "nested.html": (
        "<html><head><title>Deeply nested</title></head><body>"
        + "<div>" * 5000
        + "<p>Bottom of the well.</p>"
        + "</div>" * 5000
        + "</body></html>"
    ).encode(),
    "one-line.txt": b"Breaking news " + b"the quick brown fox jumps over the lazy dog " * 46_000,
}
MAX_BYTES = 2_500_000  # one-line.txt (~2 MB) is read; huge.txt (~3.3 MB) is too large.

EXPECTED_FAILURES = {
    "binary.txt": ("binary", "NUL"),
    "image.txt": ("binary", "PNG"),
    "report.pdf.txt": ("binary", "PDF"),
    "undecodable.txt": ("undecodable",),
    "empty.txt": ("empty",),
    "blank.md": ("empty",),
    "huge.txt": ("too large", str(MAX_BYTES)),
}


def test_hostile_corpus_audit_loses_nothing_and_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, content in HOSTILE_CORPUS.items():
        (corpus / name).write_bytes(content)
    assert len(HOSTILE_CORPUS["one-line.txt"]) > 2_000_000
    assert len(HOSTILE_CORPUS["one-line.txt"]) < MAX_BYTES < len(HOSTILE_CORPUS["huge.txt"])
    out = tmp_path / "report.json"

    started = time.perf_counter()
    code = main(
        ["audit", "--offline", "--format", "json", "--max-bytes", str(MAX_BYTES), "--output", str(out), str(corpus)]
    )
    elapsed = time.perf_counter() - started

    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert captured.err == ""
    assert elapsed < 8, f"a hostile corpus of {len(HOSTILE_CORPUS)} files took {elapsed:.1f} s"

    report = json.loads(out.read_text(encoding="utf-8"))
    documents = {Path(d["path"]).name: d for d in report["documents"]}
    unreadable = {Path(f["path"]).name: f for f in report["findings"] if f["rule"] == "PRV901"}

    # Nothing lost, nothing counted twice.
    assert set(documents) | set(unreadable) == set(HOSTILE_CORPUS)
    assert not set(documents) & set(unreadable)
    assert report["summary"]["documents"] == len(documents)
    assert report["summary"]["unreadable"] == len(unreadable)

    # Every refusal says why.
    assert set(unreadable) == set(EXPECTED_FAILURES)
    for name, words in EXPECTED_FAILURES.items():
        finding = unreadable[name]
        assert finding["severity"] == "error"
        assert finding["name"] == "unreadable-input"
        for word in words:
            assert word in finding["message"], (name, finding["message"])

    # What was read came through whole.
    assert "<script>alert(1)</script>" in documents["script-title.md"]["title"]
    assert documents["script-title.md"]["original_url"] == "https://example.com/2025/03/14/budget-approved"
    assert documents["nested.html"]["format"] == "html"
    assert documents["nested.html"]["title"] == "Deeply nested"
    assert documents["one-line.txt"]["format"] == "text"
    bad_links = [link["url"] for link in documents["bad-urls.md"]["links"]]
    assert LONG_URL in bad_links, "a 5,000-character URL is kept whole"
    assert any(link["placeholder"] for link in documents["bad-urls.md"]["links"])
    placeholder_findings = [
        f for f in report["findings"] if f["rule"] == "PRV104" and Path(f["path"]).name == "bad-urls.md"
    ]
    assert placeholder_findings, "javascript: links are reported as placeholders"


def test_hostile_corpus_text_report_keeps_one_finding_per_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("binary.txt", "undecodable.txt", "empty.txt", "script-title.md", "bad-urls.md"):
        (corpus / name).write_bytes(HOSTILE_CORPUS[name])

    code = main(["audit", "--offline", str(corpus)])

    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines[-1].startswith("Found ")
    assert "3 unreadable" in lines[-1]
    for line in lines[:-1]:
        assert ": PRV" in line, line
    assert sum(": PRV901 unreadable-input: " in line for line in lines) == 3


def test_audit_of_a_missing_path_is_a_usage_error_on_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["audit", "/nonexistent"])

    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    err = captured.err.splitlines()
    assert len(err) == 1
    assert "/nonexistent" in err[0]


# --- pathological lines: every extractor must stay (near) linear in the line length ----------


def _seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _assert_about_as_fast_as_prose(text: str, fmt: DocFormat) -> None:
    """Extracting `text` takes no longer than prose of the same length, within a wide margin.

    The margin is relative, so a slow machine does not fail the test; the sizes are chosen so
    that a quadratic or cubic regular expression takes seconds while a linear one takes ms.
    """
    prose = ("the quick brown fox jumps over the lazy dog " * (len(text) // 44 + 1))[: len(text)]
    baseline = min(_seconds(lambda: extract_text(prose, fmt=fmt)) for _ in range(3))
    elapsed = _seconds(lambda: extract_text(text, fmt=fmt))
    assert elapsed < 0.05 + 30 * baseline, f"{elapsed:.2f} s, prose of the same length {baseline:.3f} s"


@pytest.mark.parametrize("fmt", [DocFormat.MARKDOWN, DocFormat.TEXT], ids=lambda f: f.value)
def test_unclosed_inline_links_on_one_line_do_not_hang(fmt: DocFormat) -> None:
    _assert_about_as_fast_as_prose("[a](" * 400, fmt)


@pytest.mark.parametrize("text", ["[" * 6000, "![" * 3000], ids=["brackets", "image-brackets"])
def test_a_line_of_open_brackets_does_not_hang(text: str) -> None:
    _assert_about_as_fast_as_prose(text, DocFormat.MARKDOWN)


@pytest.mark.parametrize(
    "text",
    ["]" * 8000, "(" * 8000, "<http" * 2000, "http://" * 1200, "www.a." * 1400, "*" * 8000, "# " * 4000],
    ids=["close-brackets", "parens", "autolink-starts", "schemes", "www", "stars", "hashes"],
)
@pytest.mark.parametrize("fmt", [DocFormat.MARKDOWN, DocFormat.TEXT, DocFormat.HTML], ids=lambda f: f.value)
def test_other_repeated_markup_stays_fast(text: str, fmt: DocFormat) -> None:
    _assert_about_as_fast_as_prose(text, fmt)


# --- malformed links are kept as written -----------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "url"),
    [
        ("[four](javascript:alert(1))", "javascript:alert(1)"),
        ("[Kursk](https://en.wikipedia.org/wiki/Kursk_(city))", "https://en.wikipedia.org/wiki/Kursk_(city)"),
    ],
    ids=["javascript", "wikipedia"],
)
def test_balanced_parentheses_stay_in_a_link_destination(markdown: str, url: str) -> None:
    document = extract_text(f"# Title\n\nSee {markdown} now.\n", fmt=DocFormat.MARKDOWN)

    assert [link.url for link in document.links] == [url]


def test_malformed_urls_are_kept_not_dropped_or_crashing() -> None:
    text = (
        "# Links\n\n"
        "[one](http://[::1) [three](http://999.999.999.999/) [five](" + LONG_URL + ")\n\n"
        "Bare http://999.999.999.999/path and " + LONG_URL + "\n"
    )

    document = extract_text(text, fmt=DocFormat.MARKDOWN)

    urls = [(link.url, link.kind.value) for link in document.links]
    assert ("http://[::1", "inline") in urls
    assert ("http://999.999.999.999/", "inline") in urls
    assert (LONG_URL, "inline") in urls
    assert ("http://999.999.999.999/path", "bare") in urls
    assert (LONG_URL, "bare") in urls


# --- what reaches a terminal -----------------------------------------------------------------


def test_extract_text_output_carries_no_terminal_escapes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        "# Budget \x1b]0;pwned\x07\x1b[2J approved\n\nMarch 14, 2025\n\n"
        "Original url: https://example.com/2025/03/14/budget-approved\n",
        encoding="utf-8",
    )

    code = main(["extract", str(article)])

    out = capsys.readouterr().out
    assert code == 0
    assert "approved" in out
    assert not any(ch in out for ch in "\x1b\x07\x9b")


def test_audit_text_output_carries_no_terminal_escapes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(
        "# Budget \x1b]0;pwned\x07 approved by council\n\nMarch 14, 2025\n\n[click \x1b[2J here](#)\n\n"
        "Original url: https://example.com/2025/03/14/zoo-animals-escape-tonight\n",
        encoding="utf-8",
    )

    code = main(["audit", "--offline", str(corpus)])

    out = capsys.readouterr().out
    assert code == 1
    assert "PRV104" in out
    assert "PRV204" in out
    assert not any(ch in out for ch in "\x1b\x07\x9b")
