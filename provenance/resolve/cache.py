"""The resolution cache: a SQLite file keyed by normalised URL, so a second run asks the network
nothing and `--offline` still knows what was found. Each answer keeps its evidence and time,
and lives as long as its state deserves (failures are re-checked sooner). Link checks and
archive lookups are cached apart: captures are immutable, live pages are not.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from provenance.model import LinkState, Resolution, Snapshot
from provenance.resolve.archives import ArchiveAnswer

_SCHEMA = """
CREATE TABLE IF NOT EXISTS checks (
    key TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    checked REAL NOT NULL,
    expires REAL NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    failing_since TEXT,
    last_failure REAL
);
CREATE TABLE IF NOT EXISTS archives (
    key TEXT NOT NULL,
    day TEXT NOT NULL,
    data TEXT NOT NULL,
    checked REAL NOT NULL,
    expires REAL NOT NULL,
    PRIMARY KEY (key, day)
);
"""


@dataclasses.dataclass(frozen=True, slots=True)
class History:
    failures: int
    failing_since: str | None
    last_failure: float | None


def resolution_to_json(resolution: Resolution) -> str:
    data = dataclasses.asdict(resolution)
    data["state"] = resolution.state.value
    data["page_date"] = resolution.page_date.isoformat() if resolution.page_date else None
    data["chain"] = [list(hop) for hop in resolution.chain]
    data.pop("from_cache", None)
    return json.dumps(data, ensure_ascii=False)


def resolution_from_json(text: str) -> Resolution:
    data: dict[str, Any] = json.loads(text)
    data["state"] = LinkState(data["state"])
    data["page_date"] = dt.date.fromisoformat(data["page_date"]) if data.get("page_date") else None
    data["chain"] = tuple((int(status), str(url)) for status, url in data.get("chain", ()))
    data["snapshot"] = Snapshot(**data["snapshot"]) if data.get("snapshot") else None
    known = {f.name for f in dataclasses.fields(Resolution)}
    return Resolution(**{k: v for k, v in data.items() if k in known}, from_cache=True)


def _answer_to_json(answer: ArchiveAnswer) -> str:
    return json.dumps(dataclasses.asdict(answer), ensure_ascii=False)


def _answer_from_json(text: str) -> ArchiveAnswer:
    data = json.loads(text)
    data["snapshot"] = Snapshot(**data["snapshot"]) if data.get("snapshot") else None
    known = {f.name for f in dataclasses.fields(ArchiveAnswer)}
    return ArchiveAnswer(**{k: v for k, v in data.items() if k in known})


class Cache:
    """One connection, one transaction per run (committed on close)."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=5)
            self._db.executescript(_SCHEMA)

    def close(self) -> None:
        try:
            self._db.commit()
        finally:
            self._db.close()

    def check(self, key: str, now: float, fresh_only: bool = True) -> Resolution | None:
        try:
            row = self._db.execute("SELECT data, expires FROM checks WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or (fresh_only and row[1] <= now):
            return None
        return resolution_from_json(row[0])

    def history(self, key: str) -> History:
        try:
            row = self._db.execute(
                "SELECT failures, failing_since, last_failure FROM checks WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error:
            row = None
        return History(int(row[0]), row[1], row[2]) if row else History(0, None, None)

    def store_check(self, resolution: Resolution, ttl: float, now: float, history: History) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO checks VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                resolution.key,
                resolution_to_json(resolution),
                now,
                now + ttl,
                history.failures,
                history.failing_since,
                history.last_failure,
            ),
        )

    def archive(self, key: str, day: str, now: float, fresh_only: bool = True) -> ArchiveAnswer | None:
        try:
            row = self._db.execute(
                "SELECT data, expires FROM archives WHERE key = ? AND day = ?", (key, day)
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or (fresh_only and row[1] <= now):
            return None
        return _answer_from_json(row[0])

    def store_archive(self, key: str, day: str, answer: ArchiveAnswer, ttl: float, now: float) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO archives VALUES (?, ?, ?, ?, ?)",
            (key, day, _answer_to_json(answer), now, now + ttl),
        )


def open_cache(path: Path | None, offline: bool) -> Cache | None:
    """None when there is no cache to use (offline and the file does not exist yet)."""
    if path is None:
        return None
    if offline:
        return Cache(path, readonly=True) if path.is_file() else None
    return Cache(path)


def now() -> float:
    return time.time()
