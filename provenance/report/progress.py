"""Progress while an audit runs, and the one-line summary after it, both on stderr.

The pipeline only knows a callback, `on_progress(phase, done, total)`: `audit()` calls it
with the phase name (`extract`, later `resolve`), how many items are done and how many
there are. `progress_bar()` returns such a callback that draws a rich progress bar when
stderr is a terminal (rich is imported only then), and a no-op otherwise, so the library
itself never prints. Colours follow https://no-color.org: a non-empty `NO_COLOR` turns
them off.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Protocol

from provenance.model import AuditResult, Severity

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class ProgressCallback(Protocol):
    def __call__(self, phase: str, done: int, total: int) -> None: ...


def no_progress(phase: str, done: int, total: int) -> None:
    """The default callback: report nothing."""


PHASE_LABELS: Mapping[str, str] = {"extract": "Extracting", "resolve": "Resolving", "check": "Checking"}
"""A total of 0 means "not known yet": rich then shows a pulsing bar."""


def colour_allowed(stream: IO[str], environ: Mapping[str, str] | None = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set to anything non-empty."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class ProgressBar:
    """A callable progress display: one rich task per phase, shown while the audit runs.

    Use as a context manager (or call `close()`); the bar is transient, so once the
    audit ends only the summary line stays on the terminal.
    """

    INTERVAL = 0.02
    """Seconds between two updates passed on to rich (first and last ones always pass)."""

    def __init__(self, stream: IO[str], *, colour: bool = True) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            Task,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task: Task) -> Text:
                speed = task.finished_speed or task.speed
                return Text("" if speed is None else f"{speed:,.0f}/s", style="progress.data.speed")

        console = Console(file=stream, no_color=not colour, highlight=False, force_terminal=True)
        self._progress: Progress = Progress(
            TextColumn("{task.description:<11}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._tasks: dict[str, TaskID] = {}
        self._shown = 0.0
        self._progress.start()

    def __call__(self, phase: str, done: int, total: int) -> None:
        task = self._tasks.get(phase)
        if task is None:
            task = self._progress.add_task(PHASE_LABELS.get(phase, phase.capitalize()), total=total or None)
            self._tasks[phase] = task
        elif done < total and time.monotonic() - self._shown < self.INTERVAL:
            return  # the bar redraws ten times a second: more updates only cost time
        self._shown = time.monotonic()
        self._progress.update(task, completed=done, total=total or None)

    def close(self) -> None:
        self._progress.stop()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class _Silent:
    def __call__(self, phase: str, done: int, total: int) -> None:
        return None

    def close(self) -> None:
        return None


def progress_bar(stream: IO[str] | None = None, *, quiet: bool = False) -> ProgressBar | _Silent:
    """A bar on `stream` (default stderr) when it is a terminal and not `quiet`; else silence."""
    target = sys.stderr if stream is None else stream
    isatty = getattr(target, "isatty", None)
    if quiet or not (isatty and isatty()):
        return _Silent()
    return ProgressBar(target, colour=colour_allowed(target))


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


SEVERITY_STYLES: Mapping[Severity, str] = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.INFO: "cyan",
}


def _summary_parts(result: AuditResult, seconds: float) -> list[tuple[str, str | None]]:
    counts = Counter(f.severity for f in result.findings)
    parts: list[tuple[str, str | None]] = [("provenance: ", None), (_plural(len(result.records), "document"), None)]
    if result.failures:
        parts.append((f", {len(result.failures):,} unreadable", None))
    parts.append((f", {_plural(len(result.findings), 'finding')} (", None))
    for index, severity in enumerate(Severity):
        count = counts.get(severity, 0)
        parts.append((", " if index else "", None))
        parts.append((f"{count:,} {severity.value}", SEVERITY_STYLES[severity] if count else None))
    parts.append((f") in {seconds:.2f} s", None))
    return parts


def summary_line(result: AuditResult, seconds: float) -> str:
    """`provenance: 5 documents, 15 findings (1 error, 8 warning, 6 info) in 0.42 s`."""
    return "".join(text for text, _ in _summary_parts(result, seconds))


def print_summary(result: AuditResult, seconds: float, stream: IO[str] | None = None) -> None:
    """Write the summary line; coloured (through rich) only where `colour_allowed`."""
    target = sys.stderr if stream is None else stream
    if not colour_allowed(target):
        target.write(summary_line(result, seconds) + "\n")
        target.flush()
        return
    from rich.console import Console
    from rich.text import Text

    text = Text()
    for part, style in _summary_parts(result, seconds):
        text.append(part, style=style)
    Console(file=target, force_terminal=True, color_system="standard", highlight=False, soft_wrap=True).print(text)
