"""Configuration: `[tool.provenance]` in pyproject.toml or a provenance.toml, then flags.

The file is found by walking up from the first audited path; `--config` names one. An
unknown key or a bad value is an error that names the key (with a "did you mean").
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provenance.corpus import DEFAULT_MAX_BYTES


class ConfigError(ValueError):
    """A configuration problem, said in one line naming the file and the key."""


FAIL_ON = ("error", "warning", "info", "never")


@dataclass(frozen=True, slots=True)
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: str = "warning"
    max_bytes: int = DEFAULT_MAX_BYTES
    cache: str | None = None
    rule_packs: tuple[str, ...] = ()
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_KEYS: dict[str, type | tuple[type, ...]] = {
    "select": list,
    "ignore": list,
    "extend-select": list,
    "exclude": list,
    "fail-on": str,
    "max-bytes": int,
    "cache": str,
    "rule-packs": list,
}


def find_config(start: Path) -> Path | None:
    """The nearest provenance.toml, or pyproject.toml with a [tool.provenance] table."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        own = candidate / "provenance.toml"
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            try:
                with pyproject.open("rb") as handle:
                    if "provenance" in tomllib.load(handle).get("tool", {}):
                        return pyproject
            except (OSError, tomllib.TOMLDecodeError):
                continue
    return None


def load_settings(path: Path) -> Settings:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error
    table = data.get("tool", {}).get("provenance", {}) if path.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.provenance] must be a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        expected = _KEYS.get(key)
        if expected is None:
            close = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(sorted(_KEYS))})"
            raise ConfigError(f"{path}: unknown key '{key}'{hint}")
        if not isinstance(value, expected) or isinstance(value, bool):
            name = expected.__name__ if isinstance(expected, type) else " or ".join(t.__name__ for t in expected)
            raise ConfigError(f"{path}: key '{key}' must be a {name}, got {type(value).__name__}")
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{path}: key '{key}' must be a list of strings")
        values[key] = value
    fail_on = values.get("fail-on", "warning")
    if fail_on not in FAIL_ON:
        raise ConfigError(f"{path}: key 'fail-on' must be one of {', '.join(FAIL_ON)}, got {fail_on!r}")
    if values.get("max-bytes", 1) <= 0:
        raise ConfigError(f"{path}: key 'max-bytes' must be positive")
    base = path.parent
    return Settings(
        select=tuple(values.get("select", ())),
        ignore=tuple(values.get("ignore", ())),
        extend_select=tuple(values.get("extend-select", ())),
        exclude=tuple(values.get("exclude", ())),
        fail_on=fail_on,
        max_bytes=values.get("max-bytes", DEFAULT_MAX_BYTES),
        cache=values.get("cache"),
        rule_packs=tuple(str(base / p) for p in values.get("rule-packs", ())),
        source=str(path),
    )
