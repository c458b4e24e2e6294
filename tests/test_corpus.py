"""provenance.corpus: walking the named paths, reading each file safely, sniffing its format."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from provenance.corpus import (
    CorpusError,
    SourceText,
    read_corpus,
    read_source,
    sniff_format,
    walk_paths,
)
from provenance.model import DocFormat, ReadFailure

ARTICLE = "Council approves budget\n\nThe city council approved the budget on Monday.\n"

SCRAPED_TEXT = """\
Support The Moscow Times!

Putin Urges Ukrainian Troops in Russia’s Kursk Region to Surrender

kremlin.ru

Russian President Vladimir Putin urged on Friday Ukraine’s troops in Russia’s Kursk region to surrender.

“I want to emphasize that if they lay down their arms and surrender, their lives will be guaranteed,” Putin said.

AFP contributed reporting.

Sign up for our free weekly newsletter
"""

MARKDOWN_TEXT = """\
# Putin Urges Ukrainian Troops in Kursk to Surrender

March 14, 2025

[kremlin.ru](https://kremlin.ru)

Russian President Vladimir Putin urged on Friday Ukraine’s troops to surrender.

Original url: https://www.themoscowtimes.com/2025/03/14/putin-urges-ukrainian-troops-a88390
"""

HTML_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Council approves budget</title></head>
<body><article><h1>Council approves budget</h1><p>The council approved it.</p></article></body>
</html>
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def relative(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def read_ok(path: Path, **kwargs: int) -> SourceText:
    result = read_source(path, **kwargs)
    assert isinstance(result, SourceText), result
    return result


def read_failure(path: Path, **kwargs: int) -> ReadFailure:
    result = read_source(path, **kwargs)
    assert isinstance(result, ReadFailure), result
    return result


# --- walking -------------------------------------------------------------------------------


def test_walk_is_recursive_and_sorted_whatever_the_creation_order(tmp_path: Path) -> None:
    # Created in reverse order, so a walk that trusted the directory listing would differ.
    for name in ["e/z.txt", "c/d/y.html", "c/a.md", "b.md", "a.txt"]:
        write(tmp_path / name, ARTICLE)

    first = relative(list(walk_paths([tmp_path])), tmp_path)
    second = relative(list(walk_paths([tmp_path])), tmp_path)

    assert first == ["a.txt", "b.md", "c/a.md", "c/d/y.html", "e/z.txt"]
    assert second == first


def test_read_corpus_yields_files_in_walk_order(tmp_path: Path) -> None:
    for name in ["b/two.txt", "a/one.txt", "zero.txt"]:
        write(tmp_path / name, ARTICLE)

    items = list(read_corpus([tmp_path]))

    assert all(isinstance(item, SourceText) for item in items)
    assert [Path(item.path).name for item in items] == ["zero.txt", "one.txt", "two.txt"]


def test_named_files_keep_the_order_they_were_named_in(tmp_path: Path) -> None:
    first = write(tmp_path / "z.txt", ARTICLE)
    second = write(tmp_path / "a.txt", ARTICLE)

    assert list(walk_paths([first, second])) == [first, second]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        pytest.param("skip.txt", ["keep.txt", "sub/keep.txt"], id="by-name-everywhere"),
        pytest.param("sub/skip.txt", ["keep.txt", "skip.txt", "sub/keep.txt"], id="by-relative-path"),
        pytest.param("sub", ["keep.txt", "skip.txt"], id="folder-by-name"),
        pytest.param("su*", ["keep.txt", "skip.txt"], id="folder-glob"),
        pytest.param("sub/*", ["keep.txt", "skip.txt"], id="folder-contents-glob"),
        pytest.param("*.txt", [], id="suffix-glob"),
        pytest.param("nothing-matches", ["keep.txt", "skip.txt", "sub/keep.txt", "sub/skip.txt"], id="no-match"),
    ],
)
def test_exclude_globs(tmp_path: Path, pattern: str, expected: list[str]) -> None:
    for name in ["keep.txt", "skip.txt", "sub/keep.txt", "sub/skip.txt"]:
        write(tmp_path / name, ARTICLE)

    assert relative(list(walk_paths([tmp_path], excludes=[pattern])), tmp_path) == expected


def test_exclude_glob_does_not_match_partial_names(tmp_path: Path) -> None:
    for name in ["sub/a.txt", "subway/b.txt", "notes.txt", "footnotes.txt"]:
        write(tmp_path / name, ARTICLE)

    walked = relative(list(walk_paths([tmp_path], excludes=["sub", "notes.txt"])), tmp_path)

    assert walked == ["footnotes.txt", "subway/b.txt"]


def test_several_excludes_combine(tmp_path: Path) -> None:
    for name in ["a.txt", "b.md", "drafts/c.txt", "archive/2020/d.html"]:
        write(tmp_path / name, ARTICLE)

    walked = relative(list(walk_paths([tmp_path], excludes=["drafts", "archive/*", "*.md"])), tmp_path)

    assert walked == ["a.txt"]


def test_exclude_applies_to_a_file_named_explicitly(tmp_path: Path) -> None:
    named = write(tmp_path / "draft.txt", ARTICLE)

    assert list(walk_paths([named], excludes=["draft.txt"])) == []
    assert list(walk_paths([named], excludes=["other.txt"])) == [named]


def test_hidden_files_and_folders_are_skipped_while_walking(tmp_path: Path) -> None:
    for name in ["visible.txt", ".hidden.txt", ".git/HEAD.txt", ".cache/deep/page.html", "sub/.secret.md"]:
        write(tmp_path / name, ARTICLE)
    write(tmp_path / "sub" / "shown.md", ARTICLE)

    assert relative(list(walk_paths([tmp_path])), tmp_path) == ["visible.txt", "sub/shown.md"]


def test_a_hidden_file_named_explicitly_is_read(tmp_path: Path) -> None:
    hidden = write(tmp_path / ".hidden.txt", ARTICLE)

    items = list(read_corpus([hidden]))

    assert len(items) == 1
    assert isinstance(items[0], SourceText)
    assert items[0].text == ARTICLE


def test_a_hidden_folder_named_explicitly_is_walked(tmp_path: Path) -> None:
    folder = tmp_path / ".archive"
    write(folder / "a.txt", ARTICLE)

    assert relative(list(walk_paths([folder])), folder) == ["a.txt"]


def test_unknown_suffixes_are_skipped_while_walking(tmp_path: Path) -> None:
    for name in ["photo.png", "data.json", "feed.xml", "notes.PDF", "script.js"]:
        write(tmp_path / name, b"\x89PNG\r\n\x1a\n")
    for name in ["a.md", "b.markdown", "c.txt", "d.HTML", "e.htm", "f.xhtml", "g.text", "README"]:
        write(tmp_path / name, ARTICLE)

    walked = relative(list(walk_paths([tmp_path])), tmp_path)

    assert walked == ["README", "a.md", "b.markdown", "c.txt", "d.HTML", "e.htm", "f.xhtml", "g.text"]


def test_a_file_with_an_unknown_suffix_named_explicitly_is_read(tmp_path: Path) -> None:
    named = write(tmp_path / "article.json", ARTICLE)

    assert [Path(item.path).name for item in read_corpus([named])] == ["article.json"]


def test_a_nonexistent_path_raises_corpus_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"

    with pytest.raises(CorpusError, match="no-such-folder"):
        list(read_corpus([missing]))


def test_a_nonexistent_path_after_good_ones_still_raises(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", ARTICLE)

    with pytest.raises(CorpusError, match=r"missing\.txt"):
        list(read_corpus([good, tmp_path / "missing.txt"]))


def test_the_same_file_named_twice_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    article = write(tmp_path / "sub" / "a.txt", ARTICLE)
    write(tmp_path / "sub" / "b.txt", ARTICLE)

    items = list(read_corpus([article, Path("sub/a.txt"), "sub/../sub/a.txt", tmp_path / "sub"]))

    assert [item.path for item in items] == ["sub/a.txt", "sub/b.txt"]


def test_a_symlink_to_a_file_already_read_is_not_read_again(tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", ARTICLE)
    (tmp_path / "link.txt").symlink_to(article)

    items = list(read_corpus([tmp_path]))

    assert len(items) == 1


def test_a_symlink_loop_of_folders_does_not_hang(tmp_path: Path) -> None:
    write(tmp_path / "a" / "x.txt", ARTICLE)
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)

    assert relative(list(walk_paths([tmp_path])), tmp_path) == ["a/x.txt"]


# --- decoding -------------------------------------------------------------------------------

UNICODE_ARTICLE = "Café owner says “no” to Zürich plan — 東京 Москва\n\nThe owner’s reply came on Monday.\n"


def test_utf8_without_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", UNICODE_ARTICLE.encode("utf-8"))

    source = read_ok(path)

    assert source.text == UNICODE_ARTICLE
    assert codecs.lookup(source.encoding).name == "utf-8"
    assert source.size == len(UNICODE_ARTICLE.encode("utf-8"))


def test_utf8_with_bom_drops_the_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", codecs.BOM_UTF8 + UNICODE_ARTICLE.encode("utf-8"))

    source = read_ok(path)

    assert source.text == UNICODE_ARTICLE
    assert "sig" in source.encoding


def test_a_utf8_bom_does_not_hide_a_markdown_heading(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", codecs.BOM_UTF8 + MARKDOWN_TEXT.encode("utf-8"))

    assert read_ok(path).format is DocFormat.MARKDOWN


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(UNICODE_ARTICLE.encode("utf-16"), id="utf-16-native-bom"),
        pytest.param(codecs.BOM_UTF16_LE + UNICODE_ARTICLE.encode("utf-16-le"), id="utf-16-le"),
        pytest.param(codecs.BOM_UTF16_BE + UNICODE_ARTICLE.encode("utf-16-be"), id="utf-16-be"),
        pytest.param(codecs.BOM_UTF32_LE + UNICODE_ARTICLE.encode("utf-32-le"), id="utf-32-le"),
    ],
)
def test_utf16_and_utf32_with_bom(tmp_path: Path, data: bytes) -> None:
    # These are full of NUL bytes: the byte-order mark must win over the binary check.
    path = write(tmp_path / "a.txt", data)

    source = read_ok(path)

    assert source.text == UNICODE_ARTICLE
    assert source.format is DocFormat.TEXT


def test_a_utf16_html_page_with_bom_is_html(tmp_path: Path) -> None:
    path = write(tmp_path / "page.txt", HTML_PAGE.encode("utf-16"))

    source = read_ok(path)

    assert source.text == HTML_PAGE
    assert source.format is DocFormat.HTML


def test_a_bom_with_broken_content_is_undecodable(tmp_path: Path) -> None:
    # An odd number of bytes after a UTF-16 byte-order mark cannot be UTF-16.
    path = write(tmp_path / "a.txt", codecs.BOM_UTF16_LE + "Hello".encode("utf-16-le") + b"!")

    assert read_failure(path).reason.startswith("undecodable")


def test_html_in_windows_1251_declared_by_meta_charset(tmp_path: Path) -> None:
    page = (
        '<!DOCTYPE html><html><head><meta charset="windows-1251"><title>Новости дня</title></head>'
        "<body><p>Президент заявил, что переговоры закончены.</p></body></html>\n"
    )
    path = write(tmp_path / "page.html", page.encode("cp1251"))

    source = read_ok(path)

    assert source.text == page
    assert "Президент" in source.text
    assert source.encoding == codecs.lookup("cp1251").name
    assert source.format is DocFormat.HTML


def test_html_in_latin1_declared_by_http_equiv_content_type(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        "<title>Café à Zürich</title></head><body><p>Grüße aus Köln, señor.</p></body></html>\n"
    )
    path = write(tmp_path / "page.htm", page.encode("latin-1"))

    source = read_ok(path)

    assert source.text == page
    assert source.encoding == codecs.lookup("latin-1").name


def test_a_wrong_charset_declaration_does_not_win_over_valid_utf8(tmp_path: Path) -> None:
    page = '<html><head><meta charset="iso-8859-1"><title>Café</title></head><body><p>“Ünïcödé”</p></body></html>'
    path = write(tmp_path / "page.html", page.encode("utf-8"))

    assert read_ok(path).text == page


def test_koi8_r_declared_by_meta_charset(tmp_path: Path) -> None:
    page = '<meta charset="koi8-r"><title>Новости</title><p>Президент заявил.</p>\n'
    path = write(tmp_path / "page.html", page.encode("koi8-r"))

    assert read_ok(path).text == page


@pytest.mark.parametrize("label", ["utf-16", "UTF-16LE", "utf-32"])
def test_a_meta_charset_that_cannot_describe_ascii_bytes_is_ignored(tmp_path: Path, label: str) -> None:
    # The declaration itself was read as ASCII, so the page cannot be UTF-16 or UTF-32 (browsers
    # read it as UTF-8 or guess); decoding it as declared would turn it into CJK noise.
    page = (
        f'<html><head><meta charset="{label}"><title>Caf\xe9 owner says no</title></head>'
        "<body><p>The caf\xe9 owner said no to the plan on Monday.</p></body></html>\n"
    )
    path = write(tmp_path / "page.html", page.encode("latin-1"))

    source = read_ok(path)

    assert source.text.startswith("<html><head><meta charset=")
    assert "owner said no to the plan" in source.text
    assert source.format is DocFormat.HTML


def test_an_unknown_declared_charset_falls_back_to_a_guess(tmp_path: Path) -> None:
    page = '<html><head><meta charset="no-such-charset"><title>Café à Zürich</title></head></html>'
    path = write(tmp_path / "page.html", page.encode("latin-1"))

    assert "Café à Zürich" in read_ok(path).text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("He said “hi”.\n", id="short-curly-quotes"),
        pytest.param("“Quote”", id="only-quotes"),
        pytest.param("Crème brûlée “test” – naïve façade.\n", id="french-accents"),
        pytest.param(
            "Minister says “no deal” after talks in Zürich\n\nThe minister’s office said the talks had ended"
            " – for now. “We’ll see,” she said at the café on the Champs-Élysées.\n",
            id="paragraph",
        ),
    ],
)
def test_legacy_cp1252_without_declaration_decodes_to_the_right_characters(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "legacy.txt", text.encode("cp1252"))

    source = read_ok(path)

    assert source.text == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        pytest.param("Президент заявил, что переговоры закончены. Москва ждёт ответа.\n", "cp1251", id="russian"),
        pytest.param("Москва, 14 марта", "cp1251", id="russian-dateline"),
        pytest.param("Prezydent powiedział, że rozmowy zakończyły się.\n", "cp1250", id="polish"),
        pytest.param("Příliš žluťoučký kůň úpěl ďábelské ódy.\n", "cp1250", id="czech"),
        pytest.param("Ο πρόεδρος είπε ότι οι συνομιλίες τελείωσαν.\n", "cp1253", id="greek"),
    ],
)
def test_other_legacy_code_pages_are_not_read_as_cp1252(tmp_path: Path, text: str, encoding: str) -> None:
    path = write(tmp_path / "legacy.txt", text.encode(encoding))

    assert read_ok(path).text == text


# --- refusing what is not text ------------------------------------------------------------


def test_nul_bytes_make_a_file_binary(tmp_path: Path) -> None:
    path = write(tmp_path / "data.txt", b"Council approves budget\x00\x01\x02\x03 and more")

    reason = read_failure(path).reason

    assert reason.startswith("binary")
    assert "NUL" in reason


@pytest.mark.parametrize(
    ("data", "what"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"IHDR" + b"\xff" * 64, "PNG", id="png"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF", id="pdf"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG", id="jpeg"),
        pytest.param(b"GIF89a" + b"\x01" * 16, "GIF", id="gif"),
        pytest.param(b"PK\x03\x04" + b"word/document.xml", "ZIP", id="zip"),
        pytest.param(b"\x1f\x8b\x08\x00" + b"\x03" * 16, "gzip", id="gzip"),
    ],
)
def test_binary_formats_are_named_by_their_magic_number(tmp_path: Path, data: bytes, what: str) -> None:
    # Saved under a text suffix: the content decides, not the name.
    path = write(tmp_path / "article.txt", data)

    reason = read_failure(path).reason

    assert reason.startswith("binary")
    assert what in reason


def test_a_pdf_without_nul_bytes_is_still_binary(tmp_path: Path) -> None:
    # A text-only PDF header would decode as UTF-8: only the magic number gives it away.
    path = write(tmp_path / "a.txt", b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")

    assert "PDF" in read_failure(path).reason


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(codecs.BOM_UTF8 + b"\x00" * 64, id="utf-8-bom-then-nuls"),
        pytest.param(codecs.BOM_UTF8 + b"Title\n\x00\x00\x01\x02 data", id="utf-8-bom-then-binary"),
        pytest.param(codecs.BOM_UTF16_LE + b"a\x00\x00\x00\x01\x00b\x00", id="utf-16-nul-characters"),
    ],
)
def test_a_byte_order_mark_does_not_make_binary_data_text(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "a.txt", data)

    reason = read_failure(path).reason

    assert reason.startswith("binary")
    assert "NUL" in reason


def test_bytes_that_no_encoding_fits_are_undecodable(tmp_path: Path) -> None:
    path = write(tmp_path / "noise.txt", bytes(range(128, 256)) * 40)

    assert read_failure(path).reason.startswith("undecodable")


def test_control_character_soup_is_refused(tmp_path: Path) -> None:
    # No NUL byte, not UTF-8, and every single-byte decoding is mostly control characters.
    path = write(tmp_path / "soup.txt", bytes(b for b in range(1, 32) if b not in b"\t\n\r\x0c") * 50 + b"\xff\xfe\xfd")

    reason = read_failure(path).reason

    assert reason.startswith(("undecodable", "binary"))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b"  \n\t\r\n   \n", "empty file: only white space", id="white-space"),
        pytest.param(codecs.BOM_UTF8, "empty file: only white space", id="utf8-bom-only"),
        pytest.param(codecs.BOM_UTF8 + b"\n\n", "empty file: only white space", id="utf8-bom-and-newlines"),
        pytest.param("\u00a0\u2003\n".encode(), "empty file: only white space", id="unicode-spaces"),
        pytest.param(" \n".encode("utf-16"), "empty file: only white space", id="utf16-white-space"),
    ],
)
def test_empty_and_white_space_files(tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path / "empty.txt", data)

    assert read_failure(path).reason == reason


def test_a_file_over_max_bytes_is_too_large(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "x" * 101)

    failure = read_failure(path, max_bytes=100)

    assert failure.reason.startswith("too large")
    assert "101" in failure.reason
    assert "100" in failure.reason


def test_a_file_of_exactly_max_bytes_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "fits.txt", "x" * 100)

    assert read_ok(path, max_bytes=100).size == 100


def test_read_corpus_passes_max_bytes_on(tmp_path: Path) -> None:
    write(tmp_path / "a-small.txt", ARTICLE)
    write(tmp_path / "b-big.txt", ARTICLE * 10)

    items = list(read_corpus([tmp_path], max_bytes=len(ARTICLE) + 1))

    assert isinstance(items[0], SourceText)
    assert isinstance(items[1], ReadFailure)
    assert items[1].reason.startswith("too large")


def test_a_directory_read_as_a_file_is_a_failure(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()

    failure = read_failure(folder)

    assert "not a regular file" in failure.reason
    assert failure.path.endswith("folder.txt")


def test_a_broken_symlink_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "deleted.txt")

    walked = list(read_corpus([tmp_path]))
    named = list(read_corpus([link]))

    assert walked == named
    assert len(named) == 1
    assert isinstance(named[0], ReadFailure)
    assert "not a regular file" in named[0].reason
    assert named[0].path.endswith("gone.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    # Opening a FIFO for reading blocks until a writer comes: the reader must not open it.
    os.mkfifo(tmp_path / "pipe.txt")

    items = list(read_corpus([tmp_path]))

    assert len(items) == 1
    assert isinstance(items[0], ReadFailure)
    assert "not a regular file" in items[0].reason


def test_an_os_error_while_reading_becomes_an_unreadable_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "locked.txt", ARTICLE)

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)

    failure = read_failure(path)

    assert failure.reason == "unreadable: Permission denied"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", ARTICLE)
    path.chmod(0)
    try:
        failure = read_failure(path)
    finally:
        path.chmod(0o644)

    assert failure.reason.startswith("unreadable")


def test_a_bad_file_does_not_stop_the_walk(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "b.txt", b"\x00\x01binary")
    write(tmp_path / "c.txt", b"")
    write(tmp_path / "d.txt", ARTICLE)

    kinds = [type(item).__name__ for item in read_corpus([tmp_path])]

    assert kinds == ["SourceText", "ReadFailure", "ReadFailure", "SourceText"]


# --- format sniffing ------------------------------------------------------------------------


def test_markdown_saved_as_txt_is_markdown(tmp_path: Path) -> None:
    path = write(tmp_path / "001.txt", MARKDOWN_TEXT)

    assert read_ok(path).format is DocFormat.MARKDOWN


def test_plain_scraped_text_is_text(tmp_path: Path) -> None:
    path = write(tmp_path / "000.txt", SCRAPED_TEXT)

    assert read_ok(path).format is DocFormat.TEXT


def test_html_saved_as_txt_is_html(tmp_path: Path) -> None:
    path = write(tmp_path / "page.txt", HTML_PAGE)

    assert read_ok(path).format is DocFormat.HTML


def test_an_html_file_with_no_tags_is_not_html(tmp_path: Path) -> None:
    path = write(tmp_path / "page.html", SCRAPED_TEXT)

    assert read_ok(path).format is DocFormat.TEXT


def test_an_html_file_holding_markdown_is_markdown(tmp_path: Path) -> None:
    path = write(tmp_path / "page.html", MARKDOWN_TEXT)

    assert read_ok(path).format is DocFormat.MARKDOWN


def test_plain_text_in_a_md_file_is_markdown_by_its_suffix(tmp_path: Path) -> None:
    path = write(tmp_path / "note.md", SCRAPED_TEXT)

    assert read_ok(path).format is DocFormat.MARKDOWN


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        pytest.param(HTML_PAGE, ".txt", DocFormat.HTML, id="doctype"),
        pytest.param("  \n<html><body><p>Hi</p></body></html>", ".txt", DocFormat.HTML, id="html-after-blank-lines"),
        pytest.param('<?xml version="1.0"?>\n<html><body>x</body></html>', "", DocFormat.HTML, id="xhtml-declaration"),
        pytest.param("<!-- saved -->\n<!DOCTYPE html><html></html>", "", DocFormat.HTML, id="comment-before-doctype"),
        pytest.param(
            '<div class="story"><h1>Title</h1><p>One.</p><p>Two.</p><a href="https://x.org">x</a></div>',
            ".txt",
            DocFormat.HTML,
            id="fragment-with-many-tags",
        ),
        pytest.param("<p>Only a paragraph.</p>", ".html", DocFormat.HTML, id="fragment-in-html-file"),
        pytest.param("<p>Only a paragraph.</p>", ".txt", DocFormat.TEXT, id="one-tag-in-txt"),
        pytest.param(
            "How to write HTML\n\nUse <p> for paragraphs and <div> for blocks, <title> for the title.\n",
            ".txt",
            DocFormat.TEXT,
            id="prose-about-tags",
        ),
        pytest.param("# Heading\n\nBody.", "", DocFormat.MARKDOWN, id="atx-heading"),
        pytest.param("Title\n\nSee [the report](https://example.org/r).", ".txt", DocFormat.MARKDOWN, id="inline-link"),
        pytest.param("Title\n\n[1]: https://example.org/r\n", ".txt", DocFormat.MARKDOWN, id="reference-definition"),
        pytest.param("Title\n\n<https://example.org/r>\n", ".txt", DocFormat.MARKDOWN, id="autolink-line"),
        pytest.param("Title\n\nIt was **very** clear.\n", ".txt", DocFormat.MARKDOWN, id="bold"),
        pytest.param("#hashtag trending now\n\nNo heading here.\n", ".txt", DocFormat.TEXT, id="hashtag-not-heading"),
        pytest.param("Title\n\nSee https://example.org/r for more.\n", ".txt", DocFormat.TEXT, id="bare-url"),
        pytest.param("Scores [3-1] were final.\n", ".txt", DocFormat.TEXT, id="brackets-without-link"),
    ],
)
def test_sniff_format(text: str, suffix: str, expected: DocFormat) -> None:
    assert sniff_format(text, suffix) is expected
