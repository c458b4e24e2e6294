"""Vocabularies as data: agencies, credit phrasings, residue phrases and publishers.

They live in `rules/data/*.toml` so that a newsroom can extend them without Python; this
module only loads and compiles them, once per process.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeAlias

from provenance.model import CreditKind
from provenance.packaged import rules_root


class VocabularyError(ValueError):
    """A vocabulary file is malformed; the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class CreditPattern:
    kind: CreditKind
    source: str
    """The regular expression with every agency alias spelled out."""
    fixed_agency: str | None
    head_only: bool
    example: str
    needs: tuple[str, ...] = ()
    """A line must contain one of these substrings for the pattern to be tried."""
    each: bool = False
    """The match lists several agencies ("Con información de AFP, EFE y Reuters"): each is credited."""

    @property
    def regex(self) -> re.Pattern[str]:
        """Compiled on first use: with a hundred aliases spelled out each pattern takes a few
        milliseconds to compile, and a pre-commit run on one file needs only a few of them."""
        return _compiled_pattern(self.source)


@cache
def _compiled_pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


@dataclass(frozen=True, slots=True)
class ResidueKind:
    name: str
    regex: re.Pattern[str]
    short_only: bool


@dataclass(frozen=True, slots=True)
class Vocabulary:
    agencies: dict[str, str]
    """alias -> canonical agency name."""
    credit_patterns: tuple[CreditPattern, ...]
    residue_kinds: tuple[ResidueKind, ...]
    residue_gap: int
    residue_short_max: int
    publisher_by_domain: dict[str, str]
    publisher_domain_by_name: dict[str, str]
    publisher_names: re.Pattern[str] | None
    """Matches any known publisher brand in running text."""
    agency_names: re.Pattern[str]
    """Matches any agency alias (or its upper-case form) as a whole word."""
    agency_hint: re.Pattern[str]
    """Any alias as a bare substring, as a prefix tree: a fast first test (a line without a hit
    names no agency)."""

    def agency_for(self, text: str) -> str | None:
        """The canonical agency for an alias, or for a text that contains one."""
        if text in self.agencies:
            return self.agencies[text]
        match = self.agency_names.search(text)
        if match is None:
            return None
        name = match.group(0)
        return self.agencies.get(name) or self.agencies.get(
            next((a for a in self.agencies if a.upper() == name), ""), None
        )

    def may_name_agency(self, text: str) -> bool:
        # No lookarounds, so the regex engine can skip ahead on the aliases' first letters.
        return self.agency_hint.search(text) is not None


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise VocabularyError(f"{path}: {error}") from error


def _compile(pattern: str, where: str, flags: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as error:
        raise VocabularyError(f"{where}: bad regex: {error}") from error


def alias_alternation(aliases: list[str]) -> str:
    """Longest first, with the word-boundary checks factored out of the branches."""
    ordered = sorted(set(aliases), key=len, reverse=True)
    return r"(?<![\w.-])(?:" + "|".join(re.escape(alias) for alias in ordered) + r")(?![\w-])"


_Tree: TypeAlias = dict[str, "_Tree"]


def prefix_tree(words: Iterable[str]) -> str:
    """An alternation of literal words shaped as a prefix tree ("A(?:FP|P)" for "AFP|AP"): at each
    character the regex engine follows one branch instead of trying every word in turn (a
    hundred agency names: half the time). Longer words come first, as in `alias_alternation`."""
    tree: _Tree = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(tree)


def _branches(node: _Tree) -> str:
    parts = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not parts:
        return ""
    if "" in node:  # a word ends here: the longer ones are tried first
        return f"(?:{'|'.join(parts)})?"
    return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"


def _needs(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise VocabularyError(f"{where}.needs must be a list of non-empty strings")
    return tuple(value)


def build_vocabulary(
    data_dir: Path,
    extra_agencies: dict[str, list[str]] | None = None,
    extra_publishers: dict[str, list[str]] | None = None,
) -> Vocabulary:
    """Load and compile every vocabulary file in `data_dir`, plus configured extras."""
    agencies: dict[str, str] = {}
    agencies_file = data_dir / "agencies.toml"
    for index, entry in enumerate(_read(agencies_file).get("agency", [])):
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            raise VocabularyError(f"{agencies_file}: agency[{index}].name is missing")
        for alias in [name, *entry.get("aliases", [])]:
            agencies[alias] = name
    for name, aliases in (extra_agencies or {}).items():
        for alias in [name, *aliases]:
            agencies[alias] = name
    any_agency = alias_alternation(list(agencies))
    both_cases = [*agencies, *(a.upper() for a in agencies if len(a) > 1)]
    agency_names = re.compile(alias_alternation(both_cases))
    agency_hint = re.compile(prefix_tree(both_cases))
    upper_agency = alias_alternation([a.upper() for a in agencies if len(a) > 1])

    credits_file = data_dir / "credits.toml"
    patterns: list[CreditPattern] = []
    for index, entry in enumerate(_read(credits_file).get("pattern", [])):
        where = f"{credits_file}: pattern[{index}]"
        raw = entry.get("regex")
        if not isinstance(raw, str):
            raise VocabularyError(f"{where}.regex is missing")
        try:
            kind = CreditKind(entry.get("kind"))
        except ValueError as error:
            raise VocabularyError(f"{where}.kind: {error}") from error
        expanded = raw.replace("{agency}", any_agency).replace("{AGENCY}", upper_agency)
        # Validated on a stand-in alias (cheap); the expanded pattern compiles on first use.
        probe = _compile(raw.replace("{agency}", "(?:AFP)").replace("{AGENCY}", "(?:AFP)"), f"{where}.regex")
        fixed = entry.get("agency")
        if "{agency}" not in raw and "{AGENCY}" not in raw and fixed is None and "who" not in probe.groupindex:
            raise VocabularyError(f"{where}: needs {{agency}}, a group named who, or agency")
        patterns.append(
            CreditPattern(
                kind=kind,
                source=expanded,
                fixed_agency=fixed,
                head_only=entry.get("where") == "head",
                example=str(entry.get("example", "")),
                needs=_needs(entry.get("needs", []), where),
                each=bool(entry.get("each", False)),
            )
        )

    residue_file = data_dir / "residue.toml"
    residue_data = _read(residue_file)
    kinds: list[ResidueKind] = []
    for index, entry in enumerate(residue_data.get("kind", [])):
        where = f"{residue_file}: kind[{index}]"
        phrases = entry.get("phrases", [])
        if not phrases:
            raise VocabularyError(f"{where}.phrases is empty")
        joined = "|".join(f"(?:{phrase})" for phrase in phrases)
        kinds.append(
            ResidueKind(
                name=str(entry.get("name")),
                regex=_compile(rf"^\s*(?:{joined})", f"{where}.phrases", re.IGNORECASE),
                short_only=bool(entry.get("short", False)),
            )
        )

    publishers_file = data_dir / "publishers.toml"
    by_domain: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for entry in _read(publishers_file).get("publisher", []):
        domains = entry.get("domains", [])
        for domain in domains:
            by_domain[domain] = entry["name"]
        if domains:
            by_name[entry["name"]] = domains[0]
    for name, domains in (extra_publishers or {}).items():
        for domain in domains:
            by_domain[domain] = name
        if domains:
            by_name[name] = domains[0]
    names = sorted(by_name, key=len, reverse=True)
    brand_regex = re.compile("|".join(rf"\b{re.escape(name)}\b" for name in names)) if names else None
    return Vocabulary(
        agencies=agencies,
        credit_patterns=tuple(patterns),
        residue_kinds=tuple(kinds),
        residue_gap=int(residue_data.get("gap", 8)),
        residue_short_max=int(residue_data.get("short_max", 60)),
        publisher_by_domain=by_domain,
        publisher_domain_by_name=by_name,
        publisher_names=brand_regex,
        agency_names=agency_names,
        agency_hint=agency_hint,
    )


@cache
def default_vocabulary() -> Vocabulary:
    return build_vocabulary(rules_root() / "data")
