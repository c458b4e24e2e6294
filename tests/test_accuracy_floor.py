"""The accuracy floor: our extraction on the dev evaluation set must not fall below
bench/accuracy_floor.json. Runs only where ../shared/eval/dev exists (it is evaluation data,
never part of the repository); ours only, no peers, so it takes a few seconds."""

from __future__ import annotations

import importlib.util
import json
import sys
from types import ModuleType
from typing import Any

import pytest

from .conftest import ROOT, SHARED

DEV = SHARED / "eval" / "dev"
FLOOR = ROOT / "bench" / "accuracy_floor.json"

pytestmark = pytest.mark.skipif(not (DEV / "truth.jsonl").is_file(), reason="../shared/eval/dev is absent")


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_accuracy", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def summary() -> dict[str, Any]:
    bench = _bench()
    records = bench.load_truth(DEV)
    results: dict[str, dict[str, Any]] = {}
    for record in records:
        text, reason = bench.read_page(DEV / "pages" / f"{record['id']}.html")
        out = bench.Output(error=reason) if text is None else bench.timed(bench.run_ours, text, record["id"])
        results[record["id"]] = {"ours": out}
    result: dict[str, Any] = bench.summarise(records, results, ["ours"], bench.ours_has_authors())
    truth = bench.load_credit_truth(ROOT / "bench" / "credit_truth.json")
    assert truth is not None, "bench/credit_truth.json is missing"
    result["credits"] = bench.score_credits(records, results, truth)
    return result


FLOORS = json.loads(FLOOR.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(FLOORS["fields"]))
def test_field_accuracy_stays_above_its_floor(summary: dict[str, Any], name: str) -> None:
    cell = summary["accuracy"][name]["ours"]
    assert isinstance(cell, dict), f"{name}: not extracted ({cell!r})"
    floor = FLOORS["fields"][name]
    assert cell["share"] >= floor, f"{name}: {cell['share']:.3f} ({cell['right']}/{cell['n']}) fell below {floor}"


@pytest.mark.parametrize(("level", "measure"), [(lv, m) for lv in ("pair", "agency") for m in ("precision", "recall")])
def test_credit_scores_stay_above_their_floor(summary: dict[str, Any], level: str, measure: str) -> None:
    got = summary["credits"][level][measure]
    floor = FLOORS["credits"][level][measure]
    assert got >= floor, f"credits ({level}) {measure}: {got:.3f} fell below {floor}"
