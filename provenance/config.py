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
SEVERITIES = ("error", "warning", "info")


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
    severity: dict[str, str] = field(default_factory=dict)
    """Rule code or name -> severity that replaces the rule's own."""
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    extra_agencies: dict[str, list[str]] = field(default_factory=dict)
    extra_publishers: dict[str, list[str]] = field(default_factory=dict)
    network: dict[str, Any] = field(default_factory=dict)
    """Resolver settings by their flag names (concurrency, per-host, timeout, ...)."""
    source: str | None = None


_KEYS: dict[str, tuple[type, ...]] = {
    "select": (list,),
    "ignore": (list,),
    "extend-select": (list,),
    "exclude": (list,),
    "fail-on": (str,),
    "max-bytes": (int,),
    "cache": (str,),
    "rule-packs": (list,),
    "severity": (dict,),
    "per-file-ignores": (dict,),
    "extra-agencies": (dict,),
    "extra-publishers": (dict,),
}
NETWORK_KEYS: dict[str, tuple[type, ...]] = {
    "concurrency": (int,),
    "per-host": (int,),
    "host-interval": (int, float),
    "timeout": (int, float),
    "deadline": (int, float),
    "archives": (list,),
    "archive-rate": (int, float),
    "wayback-url": (str,),
    "proxy": (str,),
    "user-agent": (str,),
    "allow-private-hosts": (bool,),
    "allow-hosts": (list,),
    "confirm-dead": (int,),
    "confirm-interval": (int, float),
}
"""Network settings; flags of the same name win over them."""


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


def _check_type(path: Path, key: str, value: Any, expected: tuple[type, ...]) -> None:
    if isinstance(value, bool) and bool not in expected:
        raise ConfigError(f"{path}: key '{key}' must be a {' or '.join(t.__name__ for t in expected)}, got bool")
    if not isinstance(value, expected):
        names = " or ".join("table" if t is dict else t.__name__ for t in expected)
        raise ConfigError(f"{path}: key '{key}' must be a {names}, got {type(value).__name__}")
    if isinstance(value, list) and not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{path}: key '{key}' must be a list of strings")


def _string_lists(path: Path, key: str, table: dict[str, Any]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for name, value in table.items():
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError(f"{path}: key '{key}.{name}' must be a list of strings")
        result[name] = value
    return result


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
    network: dict[str, Any] = {}
    for key, value in table.items():
        expected = _KEYS.get(key) or NETWORK_KEYS.get(key)
        if expected is None:
            known = [*_KEYS, *NETWORK_KEYS]
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(sorted(known))})"
            raise ConfigError(f"{path}: unknown key '{key}'{hint}")
        _check_type(path, key, value, expected)
        if key in NETWORK_KEYS:
            if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
                raise ConfigError(f"{path}: key '{key}' must not be negative")
            network[key] = value
        else:
            values[key] = value
    fail_on = values.get("fail-on", "warning")
    if fail_on not in FAIL_ON:
        raise ConfigError(f"{path}: key 'fail-on' must be one of {', '.join(FAIL_ON)}, got {fail_on!r}")
    if values.get("max-bytes", 1) <= 0:
        raise ConfigError(f"{path}: key 'max-bytes' must be positive")
    severity: dict[str, str] = {}
    for rule, level in values.get("severity", {}).items():
        if level not in SEVERITIES:
            raise ConfigError(f"{path}: key 'severity.{rule}' must be one of {', '.join(SEVERITIES)}, got {level!r}")
        severity[rule] = level
    per_file = {
        glob: tuple(codes)
        for glob, codes in _string_lists(path, "per-file-ignores", values.get("per-file-ignores", {})).items()
    }
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
        severity=severity,
        per_file_ignores=per_file,
        extra_agencies=_string_lists(path, "extra-agencies", values.get("extra-agencies", {})),
        extra_publishers=_string_lists(path, "extra-publishers", values.get("extra-publishers", {})),
        network=network,
        source=str(path),
    )
