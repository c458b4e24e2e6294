"""Walk the paths a user names, read each file safely and sniff its format.

Documents are untrusted: a file may be binary, huge, empty, in a legacy encoding or not
readable at all. Each such file becomes a `ReadFailure` that says why; the walk goes on.
"""

from __future__ import annotations

import codecs
import fnmatch
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from provenance.model import DocFormat, ReadFailure

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""Larger files are reported, not read: no news article is 10 MiB of text."""

DOCUMENT_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".txt", ".text", ".html", ".htm", ".xhtml"})
"""Suffixes a directory walk picks up (files without a suffix are read too)."""

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})

_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
)

_CHARSET_DECLARATION = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_HTML_TAGS = re.compile(r"<(?:head|body|article|div|p|meta|title|h1|a\s+href)\b", re.I)
_MARKDOWN_SIGNS = re.compile(
    r"^#{1,6}\s+\S|\[[^\]\n]*\]\((?:[^)\s]*)\)|^\s*<https?://[^>\s]+>\s*$|^\[[^\]]+\]:\s+\S|\*\*[^*\n]+\*\*|^\s*(?:[-*+]|\d+\.)\s+\[",
    re.M,
)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A file read as text, with what is needed to write it back unchanged later."""

    path: str
    text: str
    format: DocFormat
    encoding: str
    size: int
    digest: str = ""
    """A hash of the bytes read: `--fix` leaves a file alone that changed since."""


class CorpusError(Exception):
    """A path the user named does not exist: a usage error, not a finding."""


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def display_path(path: Path) -> str:
    """A stable, relative-when-possible, forward-slash path for findings."""
    if not path.is_absolute() and ".." not in path.parts:
        return path.as_posix()
    # Lexical, not resolved: no file-system calls per file, and the path a user gave stays
    # recognisable (a link is shown as the link). Strings, not Path objects, which cost a
    # sixth of reading a file.
    cwd = os.getcwd().rstrip(os.sep)  # noqa: PTH109
    text = os.path.normpath(os.path.join(cwd, path))  # noqa: PTH118
    if text.startswith(cwd + os.sep):
        return PurePosixPath(Path(text[len(cwd) + 1 :]).as_posix()).as_posix()
    return path.as_posix()


def _is_excluded(path: Path, excludes: Sequence[str]) -> bool:
    if not excludes:
        return False
    posix = path.as_posix()
    name = path.name
    return any(
        fnmatch.fnmatch(posix, pattern)
        or fnmatch.fnmatch(name, pattern)
        or fnmatch.fnmatch(posix, f"*/{pattern}")
        or fnmatch.fnmatch(posix, f"*/{pattern}/*")
        for pattern in excludes
    )


def require_path(given: str | Path) -> Path:
    """The path, or CorpusError when nothing (not even a dangling link) stands there."""
    root = Path(given)
    if not root.exists() and not root.is_symlink():
        raise CorpusError(f"no such file or directory: {given}")
    return root


def walk_paths(paths: Iterable[str | Path], excludes: Sequence[str] = ()) -> Iterator[Path]:
    """Files under `paths` in a stable order: named files always, walked files by suffix.

    Hidden files and folders are skipped while walking; symbolic links to folders are not
    followed (a link loop must not hang the audit).
    """
    for given in paths:
        root = require_path(given)
        if root.is_file() or not root.is_dir():
            if not _is_excluded(root, excludes):
                yield root
            continue
        for folder, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames[:] = sorted(
                d
                for d in dirnames
                if not d.startswith(".") and not (excludes and _is_excluded(Path(folder, d), excludes))
            )
            for filename in sorted(filenames):
                if filename.startswith("."):
                    continue
                candidate = Path(folder, filename)
                suffix = candidate.suffix.lower()
                if suffix and suffix not in DOCUMENT_SUFFIXES:
                    continue
                if _is_excluded(candidate, excludes):
                    continue
                yield candidate


def _decode(data: bytes) -> tuple[str, str] | str:
    """Return (text, encoding), or a reason why the bytes are not text."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                return (
                    f"undecodable: declares {encoding} by its byte-order mark but {error.reason} at byte {error.start}"
                )
            # A byte-order mark vouches for the encoding, not for the content being text.
            return "binary file: contains NUL characters" if "\x00" in text[:8192] else (text, encoding)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"binary file: {what}"
    if b"\x00" in data[:8192]:
        return "binary file: contains NUL bytes"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _CHARSET_DECLARATION.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        try:
            codec = codecs.lookup(name).name
            # The declaration was found by reading the bytes as ASCII, so only an ASCII-compatible
            # encoding can be meant: "utf-16" there would turn the page into CJK noise.
            if "<meta charset=".encode(codec) == b"<meta charset=":
                return data.decode(codec), codec
        except (LookupError, UnicodeError):
            pass
    return _decode_legacy(data)


def _decode_legacy(data: bytes) -> tuple[str, str] | str:
    """Guess a legacy single-byte encoding; refuse text that decodes to control garbage."""
    from charset_normalizer import from_bytes  # lazy: only legacy files pay for it

    matches = list(from_bytes(data[:65536]))
    candidates = [matches[0].encoding] if matches else []
    # Short Western text gives the detector too little to go on: it ties cp1252 with Cyrillic
    # and Central European code pages and may pick one ("He said \x93hi\x94" as cp1125,
    # "Crème" as cp1250's "Crčme"). cp1252, the web's default legacy encoding, wins a tie.
    tied = [m for m in matches if (m.chaos, m.coherence) == (matches[0].chaos, matches[0].coherence)]
    if any("cp1252" in m.could_be_from_charset for m in tied):
        candidates.insert(0, "cp1252")
    candidates.append("cp1252")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\r\n\f")
        if controls <= max(2, len(text[:65536]) // 200):
            return text, codecs.lookup(encoding).name
    return "undecodable: not UTF-8 and no legacy encoding fits"


def sniff_format(text: str, suffix: str) -> DocFormat:
    """Decide the format from the content first, the suffix second."""
    head = text[:8192]
    if _HTML_START.match(head):
        return DocFormat.HTML
    if suffix in _HTML_SUFFIXES and _HTML_TAGS.search(head):
        return DocFormat.HTML
    if head.lstrip().startswith("<") and len(_HTML_TAGS.findall(head)) >= 4:
        return DocFormat.HTML
    if suffix in _MARKDOWN_SUFFIXES:
        return DocFormat.MARKDOWN
    if _MARKDOWN_SIGNS.search(text[:65536]):
        return DocFormat.MARKDOWN
    return DocFormat.TEXT


def read_source(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, *, status: os.stat_result | None = None
) -> SourceText | ReadFailure:
    """Read one file; every way it can fail becomes a ReadFailure with a reason. `status` is
    the file's stat when the caller has it already."""
    shown = display_path(path)
    try:
        try:
            status = status or path.stat()
        except FileNotFoundError:
            if path.is_symlink():
                return ReadFailure(shown, "not a regular file: a broken symbolic link")
            raise
        if not stat.S_ISREG(status.st_mode):
            return ReadFailure(shown, "not a regular file")
        size = status.st_size
        if size > max_bytes:
            return ReadFailure(shown, f"too large: {size} bytes, the limit is {max_bytes}")
        with path.open("rb") as handle:
            # Ask for what stat said is there (plus one byte, to notice growth): asking for the
            # 10 MiB limit makes Python allocate 10 MiB for every file.
            data = handle.read(min(size, max_bytes) + 1)
            if len(data) > size:
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as error:
        return ReadFailure(shown, f"unreadable: {error.strerror or error}")
    if len(data) > max_bytes:
        return ReadFailure(shown, f"too large: more than {max_bytes} bytes")
    if not data.strip():
        return ReadFailure(shown, "empty file" if not data else "empty file: only white space")
    decoded = _decode(data)
    if isinstance(decoded, str):
        return ReadFailure(shown, decoded)
    text, encoding = decoded
    if not text.strip():
        return ReadFailure(shown, "empty file: only white space")
    return SourceText(shown, text, sniff_format(text, path.suffix.lower()), encoding, len(data), content_digest(data))


def read_corpus(
    paths: Iterable[str | Path],
    excludes: Sequence[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[SourceText | ReadFailure]:
    """Every file of the corpus, read or refused, in a stable order; a file reached twice
    (named twice, or through a link) is read once."""
    seen: set[tuple[int, int] | Path] = set()
    for path in walk_paths(paths, excludes):
        status: os.stat_result | None
        try:
            status = path.stat()
            key: tuple[int, int] | Path = (status.st_dev, status.st_ino)
        except OSError:
            status = None
            key = path.absolute()
        if key in seen:
            continue
        seen.add(key)
        yield read_source(path, max_bytes, status=status)
