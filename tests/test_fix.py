"""`--fix` and `--diff`: what they repair, and that everything else stays byte for byte."""

from __future__ import annotations

import datetime as dt
import shutil
import stat

from provenance.audit import audit
from provenance.cli import main
from provenance.engine import load_rules
from provenance.fix import fix_files
from provenance.model import LinkState, Resolution, Snapshot

from .conftest import EXAMPLES

BODY = (
    "The city council approved the budget on Friday after a long debate about schools, roads and the new "
    "library, with nine votes in favour and two against, officials said."
)
URL = "https://www.example-gazette.com/2025/03/14/council-approves-budget"
TWIN = f"# Council approves budget\n\nMarch 14, 2025\n\n{BODY}\n\nOriginal url: {URL}\n"


def _fix(capsys, folder, *extra: str) -> int:
    code = main(["audit", "--offline", "--fix", *extra, str(folder)])
    capsys.readouterr()
    return code


def test_fills_url_and_date_from_the_twin_keeping_crlf_and_no_final_newline(tmp_path, capsys):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "twin.md").write_text(TWIN)
    raw = f"Council approves budget\r\n\r\n{BODY}\r\n\r\nÜnïcode stays as it was."
    (folder / "copy.txt").write_bytes(raw.encode("cp1252"))
    (folder / "copy.txt").chmod(0o640)
    _fix(capsys, folder)
    data = (folder / "copy.txt").read_bytes()
    assert data.startswith(b"Council approves budget\r\n\r\n2025-03-14\r\n\r\n")
    assert data.endswith(b"\xdcn\xefcode stays as it was.\r\n\r\nOriginal url: " + URL.encode())
    assert b"\n" not in data.replace(b"\r\n", b""), "line endings stay CRLF"
    assert stat.S_IMODE((folder / "copy.txt").stat().st_mode) == 0o640
    assert (folder / "twin.md").read_text() == TWIN, "a file without a fix is not touched"


def test_second_fix_changes_nothing_and_no_fixable_finding_is_left(tmp_path, capsys):
    corpus = tmp_path / "examples"
    shutil.copytree(EXAMPLES, corpus)
    _fix(capsys, corpus)
    first = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    raw = (corpus / "001_bridge_raw.txt").read_text()
    assert "Original url: https://www.northbayherald.com/2025/06/02/" in raw and "2025-06-02" in raw
    _fix(capsys, corpus)
    assert {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()} == first
    result = audit([corpus], load_rules(), today=dt.date(2026, 1, 1))
    assert not any(f.rule == "PRV401" for f in result.findings)


def test_diff_writes_nothing(tmp_path, capsys):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "twin.md").write_text(TWIN)
    (folder / "copy.txt").write_text(f"Council approves budget\n\n{BODY}\n")
    before = (folder / "copy.txt").read_bytes()
    assert main(["audit", "--offline", "--diff", str(folder)]) == 1
    diff = capsys.readouterr().out
    assert "+Original url: " + URL in diff and "+2025-03-14" in diff and diff.startswith("--- a/")
    assert (folder / "copy.txt").read_bytes() == before


def test_file_changed_since_read_is_left_alone(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "twin.md").write_text(TWIN)
    (folder / "copy.txt").write_text(f"Council approves budget\n\n{BODY}\n")
    result = audit([folder], load_rules())
    (folder / "copy.txt").write_text(f"Council approves budget\n\n{BODY}\n\nEdited meanwhile.\n")
    outcome = fix_files(result)
    assert outcome.fixed == () and "changed on disk" in outcome.skipped[0][1]
    assert (folder / "copy.txt").read_text().endswith("Edited meanwhile.\n")


def test_moved_url_and_archive_line_from_resolutions(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    old = "https://old.example-gazette.com/2025/03/14/council-approves-budget"
    text = f"# Council approves budget\n\nMarch 14, 2025\n\n{BODY} See [the vote]({old}).\n\nOriginal url: {URL}\n"
    (folder / "a.md").write_text(text)
    html = f'<html><head><title>Budget</title></head><body>\n<p>See <a href="{old}">the vote</a>.</p>\n</body></html>\n'
    (folder / "b.html").write_text(html)
    snapshot = Snapshot("https://web.archive.org/web/20250314120000/" + URL, "20250314120000", "wayback", "cdx")
    from provenance.extract.urls import url_key

    resolutions = {
        url_key(old): Resolution(old, url_key(old), LinkState.MOVED, 200, final_url=URL, chain=((301, old),)),
        url_key(URL): Resolution(URL, url_key(URL), LinkState.ALIVE, 200, snapshot=snapshot),
    }
    result = audit([folder], load_rules())
    from dataclasses import replace

    outcome = fix_files(replace(result, resolutions=resolutions))
    fixed = (folder / "a.md").read_text()
    assert f"[the vote]({URL})" in fixed and old not in fixed
    assert fixed.endswith(f"Original url: {URL}\nArchived url: {snapshot.url}\n")
    page = (folder / "b.html").read_text()
    assert f'<a href="{URL}" data-versionurl="{snapshot.url}" data-versiondate="2025-03-14">' in page
    assert len(outcome.fixed) == 2
    second = fix_files(replace(audit([folder], load_rules()), resolutions=resolutions))
    assert [f.path for f in second.fixed] == [], "a second run changes nothing"


def test_fixable_count_is_reported_then_gone(tmp_path, capsys):
    corpus = tmp_path / "examples"
    shutil.copytree(EXAMPLES, corpus)
    main(["audit", "--offline", str(corpus)])
    assert "fixable with --fix." in capsys.readouterr().out
    _fix(capsys, corpus)
    main(["audit", "--offline", str(corpus)])
    assert "fixable with --fix" not in capsys.readouterr().out
