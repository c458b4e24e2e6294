#!/usr/bin/env python3
"""Online speed benchmark for `provenance audit` against ../shared/bench/webworld.py on 127.0.0.1.

Starts webworld (50 ms latency, 10 ms jitter), generates a corpus with gencorpus.py (1,000
documents x ~5 links, 40 % repeated), runs `provenance audit` without --offline and reports, per
mode (`links`: --archive none; `full`: with Wayback CDX lookups), the median wall time of the
repeats, the ratio to the ideal bound (unique URLs x latency / concurrency), the requests the
server saw (/__stats), and dead-link precision and recall against the corpus truth.

All URLs live on one loopback host, so the per-host limit is lifted (--per-host = --concurrency,
--host-interval 0) and the archive rate limit too (--archive-rate 0); the figures say so.

    python bench/online_speed.py                          # n=1000, 3 repeats, both modes
    python bench/online_speed.py --hard-share 0.15        # hard fates: runs inside `unshare -n`
    python bench/online_speed.py --style proxy            # 40 publisher hosts behind webworld as HTTP proxy
    python bench/online_speed.py --style proxy --polite   # ... with the default per-host limits (10, 50 ms)

Standard library only (plus the installed package). The webworld server is stopped by its PID.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "bench"


def isolate(args: argparse.Namespace) -> str:
    """Hard fates include a redirect to 169.254.169.254: run in a loopback-only network namespace."""
    if args.hard_share <= 0:
        return "none"
    if os.environ.get("PROVENANCE_BENCH_NETNS") == "1":
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
        interfaces = [line.split(":")[0].strip() for line in Path("/proc/net/dev").read_text().splitlines()[2:]]
        if interfaces != ["lo"]:
            raise SystemExit(f"isolation check failed: interfaces {interfaces}")
        return "netns (loopback only)"
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        print("re-running inside a loopback-only network namespace (unshare -n)", flush=True)
        env = dict(os.environ, PROVENANCE_BENCH_NETNS="1")
        os.execvpe(
            "unshare", ["unshare", "-n", "--", sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]], env
        )
    raise SystemExit("--hard-share needs `unshare -n` (root) so that a followed redirect cannot leave the machine")


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.loads(answer.read())


def run_measured(cmd: list[str]) -> float:
    """Run the audit; its peak resident memory in MiB (this child's own, from wait4)."""
    process = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, cmd)
    return usage.ru_maxrss / 1024


def start_world(work: Path, args: argparse.Namespace) -> tuple[subprocess.Popen[bytes], int]:
    port_file = work / "port"
    port_file.unlink(missing_ok=True)  # a --keep folder may hold the port of an earlier run
    cmd = [sys.executable, str(SHARED / "webworld.py"), "--port", "0", "--port-file", str(port_file)]
    cmd += ["--latency-ms", str(args.latency_ms), "--jitter-ms", str(args.jitter_ms), "--lifetime-s", "3600"]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=(work / "webworld.log").open("wb"))
    for _ in range(100):
        if port_file.exists() and port_file.read_text().strip():
            return server, int(port_file.read_text())
        time.sleep(0.1)
    server.kill()
    raise SystemExit("webworld did not start")


def score(output: Path, truth: dict[str, dict]) -> dict:
    from provenance.extract.urls import url_key

    states: dict[str, str] = {}
    for document in json.loads(output.read_text())["documents"]:
        for link in document["links"]:
            states[url_key(link["url"])] = link["state"]
        if document["original_url"]:
            states[url_key(document["original_url"])] = document["original_url_state"]
    hits = sum(1 for k, t in truth.items() if t["dead"] and states.get(k) == "dead")
    called = sum(1 for k in truth if states.get(k) == "dead")
    actual = sum(1 for t in truth.values() if t["dead"])
    named = {"blocked": "unsafe"}
    right = sum(1 for k, t in truth.items() if named.get(states.get(k, ""), states.get(k)) == t["expected_state"])
    return {
        "precision": hits / called if called else 1.0,
        "recall": hits / actual if actual else 1.0,
        "state_accuracy": right / len(truth),
        "unchecked": sum(1 for k in truth if states.get(k, "unchecked") == "unchecked"),
    }


def as_peer(argv: list[str]) -> None:
    """`online_speed.py peer --out OUT --base URL [--concurrency N] [--timeout S] [--proxy URL] FILE...`:
    run `provenance audit` as ../shared/bench/run_peers.py runs a custom peer (`--peers custom --custom-cmd`),
    writing one JSON line per URL: {"url", "dead", "state", "status", "error"}."""
    parser = argparse.ArgumentParser(prog="online_speed.py peer")
    parser.add_argument("--out", required=True)
    parser.add_argument("--base", required=True, help="webworld's base URL (run_peers' {archive})")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--timeout", default="10")
    parser.add_argument("--proxy", help="run_peers' {proxy} in proxy style (publisher hosts under .internal)")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    host = args.base.split("//", 1)[1].rstrip("/")
    report = Path(args.out).with_suffix(".audit.json")
    cmd = [sys.executable, "-m", "provenance", "audit", *args.files, "--format", "json", "--output", str(report)]
    cmd += ["--no-cache", "--fail-on", "never", "--allow-host", host, "--wayback-url", args.base, "--quiet"]
    cmd += ["--concurrency", str(args.concurrency), "--per-host", str(args.concurrency), "--host-interval", "0"]
    cmd += ["--timeout", args.timeout, "--archive", "none"]
    if args.proxy:
        cmd += ["--proxy", args.proxy, "--allow-host", "*.internal"]
    subprocess.run(cmd, check=True)
    seen: dict[str, dict[str, object]] = {}
    for document in json.loads(report.read_text())["documents"]:
        cited = [(link["url"], link) for link in document["links"]]
        if document["original_url"]:
            cited.append((document["original_url"], {"state": document["original_url_state"]}))
        for url, link in cited:
            state = str(link.get("state"))
            seen.setdefault(
                url,
                {
                    "url": url,
                    "dead": state == "dead",
                    "state": {"blocked": "unsafe", "unchecked": "unknown"}.get(state, state),
                    "status": link.get("status"),
                    "error": link.get("error"),
                },
            )
    Path(args.out).write_text("".join(json.dumps(row) + "\n" for row in seen.values()))


def main() -> None:
    if sys.argv[1:2] == ["peer"]:
        as_peer(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--links-per-doc", type=float, default=5)
    parser.add_argument("--dup-share", type=float, default=0.4)
    parser.add_argument("--hard-share", type=float, default=0.0)
    parser.add_argument("--latency-ms", type=float, default=50)
    parser.add_argument("--jitter-ms", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--modes", default="links,full")
    parser.add_argument(
        "--style",
        choices=("path", "proxy"),
        default="path",
        help="path: every URL on 127.0.0.1:PORT; proxy: http://www.<publisher>.internal/ through --proxy",
    )
    parser.add_argument(
        "--polite",
        action="store_true",
        help="keep the default per-host limits (10 at a time, 50 ms apart) instead of lifting them",
    )
    parser.add_argument("--keep", help="keep the corpus and outputs in this folder")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    isolation = isolate(args)
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} not found: the benchmark needs ../shared/bench")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="provenance-online-"))
    work.mkdir(parents=True, exist_ok=True)
    server, port = start_world(work, args)
    base = f"http://127.0.0.1:{port}"
    try:
        corpus = work / "corpus"
        shutil.rmtree(corpus, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                str(SHARED / "gencorpus.py"),
                "--out",
                str(corpus),
                "--n",
                str(args.n),
                "--port",
                str(port),
                "--links-per-doc",
                str(args.links_per_doc),
                "--dup-share",
                str(args.dup_share),
                "--hard-share",
                str(args.hard_share),
                "--style",
                args.style,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        manifest = json.loads((corpus / "manifest.json").read_text())
        from provenance.extract.urls import url_key

        truth = {url_key(t["url"]): t for t in map(json.loads, (corpus / "urls.jsonl").read_text().splitlines())}
        unique = len(truth)
        ideal = unique * args.latency_ms / 1000 / args.concurrency
        rows = []
        for mode in args.modes.split(","):
            walls, stats, scores, loads, peaks = [], [], [], [], []
            for repeat in range(args.repeats):
                urllib.request.urlopen(urllib.request.Request(f"{base}/__reset", method="POST"), timeout=10).read()
                output = work / f"{mode}-{repeat}.json"
                cmd = [sys.executable, "-m", "provenance", "audit", str(corpus / "md"), "--format", "json"]
                cmd += [
                    "--output",
                    str(output),
                    "--no-cache",
                    "--fail-on",
                    "never",
                    "--allow-host",
                    f"127.0.0.1:{port}",
                ]
                cmd += ["--wayback-url", base, "--archive-rate", "0", "--concurrency", str(args.concurrency)]
                cmd += ["--timeout", "10"]
                if not args.polite:
                    cmd += ["--per-host", str(args.concurrency), "--host-interval", "0"]
                if args.style == "proxy":
                    cmd += ["--proxy", base, "--allow-host", "*.internal"]
                cmd += ["--archive", "none"] if mode == "links" else []
                start = time.perf_counter()
                rss_mib = run_measured(cmd)
                walls.append(time.perf_counter() - start)
                peaks.append(rss_mib)
                loads.append(os.getloadavg()[0])
                stats.append(get(f"{base}/__stats?urls=0"))
                scores.append(score(output, truth))
            middle = sorted(range(len(walls)), key=walls.__getitem__)[len(walls) // 2]
            rows.append(
                {
                    "mode": mode,
                    "wall_s": statistics.median(walls),
                    "walls": [round(w, 2) for w in walls],
                    "load_1m": [round(x, 1) for x in loads],
                    "peak_rss_mib": round(max(peaks), 1),
                    "resolve_span_s": stats[middle].get("active_span_s"),
                    "ratio": statistics.median(walls) / ideal,
                    "span_ratio": (stats[middle].get("active_span_s") or 0) / ideal,
                    "requests": stats[middle]["requests_total"],
                    "by_route": stats[middle].get("by_route", {}),
                    "unsafe": stats[middle].get("unsafe", {}).get("requests", 0),
                    **scores[middle],
                }
            )
        offline = work / "offline.json"
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "provenance",
                "audit",
                str(corpus / "md"),
                "--offline",
                "--no-cache",
                "--format",
                "json",
                "--output",
                str(offline),
                "--fail-on",
                "never",
            ],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        offline_s = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"corpus: {manifest['documents']} documents, {manifest['link_occurrences']} link occurrences, "
        f"{unique} unique URLs ({manifest.get('original_urls')} original URLs), {manifest['dead_urls']} dead; "
        f"hard share {args.hard_share}; isolation: {isolation}"
    )
    print(
        f"webworld latency {args.latency_ms:g} ms +- {args.jitter_ms:g}; {args.style} style; concurrency "
        f"{args.concurrency}, per-host "
        f"{'default (10, 50 ms apart)' if args.polite else f'lifted ({args.concurrency}, interval 0)'}, "
        "archive rate unlimited; ideal bound "
        f"{unique} x {args.latency_ms / 1000:g} s / {args.concurrency} = {ideal:.2f} s; "
        f"offline audit of the same corpus {offline_s:.2f} s"
    )
    print()
    print(
        "| mode | wall (median) | wall / ideal | resolve span | span / ideal | requests "
        "| dead precision | dead recall | state accuracy | 169.254.169.254 via proxy | peak RSS | load (1 min) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print(
            f"| {row['mode']} | {row['wall_s']:.2f} s {row['walls']} | {row['ratio']:.2f} "
            f"| {row['resolve_span_s']:.2f} s "
            f"| {row['span_ratio']:.2f} | {row['requests']} | {row['precision']:.3f} | {row['recall']:.3f} "
            f"| {row['state_accuracy']:.3f} | {row['unsafe'] if args.style == 'proxy' else 'n/a'} "
            f"| {row['peak_rss_mib']:.0f} MiB | {row['load_1m']} |"
        )
    if args.json:
        print(json.dumps({"ideal_s": ideal, "unique_urls": unique, "offline_s": offline_s, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
