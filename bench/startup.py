"""Start-up of `provenance audit --offline` on one changed file, as the pre-commit hook runs it.

    python bench/startup.py [--repeats 15] [--file examples/004_council_clean.md] [--importtime]

Prints the median and best wall time of the console script over the repeats (target: at
most 0.3 s on this machine, imports included), the same for a bare `python -c pass` as the
floor, and with --importtime the slowest imports (`python -X importtime`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _time(command: list[str], repeats: int) -> list[float]:
    times: list[float] = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=60)
        times.append(time.perf_counter() - started)
    return times


def _importtime(command: list[str], top: int) -> list[tuple[int, str]]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    rows: list[tuple[int, str]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line.split("|")
        try:
            rows.append((int(parts[1].strip()), parts[2].rstrip()))
        except ValueError:
            continue
    return sorted(rows, reverse=True)[:top]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--file", default="examples/004_council_clean.md")
    parser.add_argument("--importtime", action="store_true", help="also list the slowest imports")
    args = parser.parse_args()
    script = shutil.which("provenance", path=str(Path(sys.executable).parent)) or "provenance"
    hook = [script, "audit", "--offline", args.file]
    floor = _time([sys.executable, "-c", "pass"], args.repeats)
    measured = _time(hook, args.repeats)
    load = os.getloadavg()[0]
    print("| command | median s | best s | runs | load |\n|---|---:|---:|---:|---:|")
    print(f"| python -c pass | {statistics.median(floor):.3f} | {min(floor):.3f} | {len(floor)} | {load:.2f} |")
    label = f"provenance audit --offline {args.file}"
    print(f"| {label} | {statistics.median(measured):.3f} | {min(measured):.3f} | {len(measured)} | {load:.2f} |")
    print(f"\ntarget 0.300 s: median is {statistics.median(measured) / 0.3:.2f}x the target")
    if args.importtime:
        print("\nslowest imports (cumulative microseconds):")
        for micros, name in _importtime([sys.executable, "-m", "provenance", "audit", "--offline", args.file], 15):
            print(f"{micros:>9}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
