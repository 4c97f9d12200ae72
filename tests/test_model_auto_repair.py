"""auto-repair-hazardous-waste beyond its default self-test: the period parameters, the
"only outside the period" reason, and the keyword boundaries on the package's sample data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fayan.clues import list_clues
from fayan.importer import import_files
from fayan.models.loader import all_packages
from fayan.models.selftest import sample_schema
from fayan.runs import run_model
from fayan.workspace import Workspace

MODEL = "auto-repair-hazardous-waste"
NEVER, OUTSIDE = "从无危废转移联单", "仅在期间外有联单"
SHOP_A = "91330282K8PBRNYTP7"  # 机动车维修, no manifest at all
SHOP_B = "92330282LXG0TEQY7H"  # 汽车维修, manifests in 2021 only
SHOP_C = "91330282L1W53BFU74"  # 汽车钣金喷漆, manifest 2022-06-30
SHOP_H = "92330282AY6HWML65C"  # 汽车保养, its only manifest is void (已作废)
SHOP_J = "923302820BD5X482A4"  # 摩托车维修, status empty, established 2021-04-01
PARTS_WASH = "92330282CH3J70P6DP"  # 汽车配件销售；洗车服务
PARTS_EXCLUDED = "9133028206Q6Y5U59E"  # 汽车配件销售（不含机动车维修）
DEREGISTERED = "9133028285XUQC5QRQ"  # 注销
REVOKED = "9233028224KKE440UD"  # 吊销，未注销


@pytest.fixture
def sample_ws(ws: Workspace) -> Workspace:
    package = all_packages()[MODEL]
    for path in sorted(package.sample_dir.glob("*.csv")):
        import_files(ws, [str(path)], sample_schema(path), name=path.stem)
    return ws


def _reasons(ws: Workspace, **parameters: object) -> dict[str, str]:
    """Subject → reason of the clues raised or confirmed by this run (clues persist across runs)."""
    run = run_model(ws, MODEL, parameters=parameters)
    return {
        c["subject_key"]: c["hit"]["reason"]
        for c in list_clues(ws, model=MODEL)
        if c["last_seen_run"] == run.run_id
    }


def test_default_run_counts_every_manifest(sample_ws: Workspace) -> None:
    found = _reasons(sample_ws)
    assert found == {SHOP_A: NEVER, SHOP_H: NEVER, SHOP_J: NEVER}
    for near_miss in (SHOP_B, SHOP_C, PARTS_WASH, PARTS_EXCLUDED, DEREGISTERED, REVOKED):
        assert near_miss not in found


def test_period_separates_only_outside_the_period(sample_ws: Workspace) -> None:
    found = _reasons(sample_ws, period_start="2022-01-01", period_end="2022-12-31")
    assert found == {SHOP_A: NEVER, SHOP_B: OUTSIDE, SHOP_H: NEVER, SHOP_J: NEVER}
    clue = next(c for c in list_clues(sample_ws, model=MODEL) if c["subject_key"] == SHOP_B)
    assert "2021-09-20" in clue["title"] and "2022-01-01" in clue["title"]


def test_period_bounds_are_inclusive_and_late_founders_are_out(sample_ws: Workspace) -> None:
    # C's only manifest is on 2022-06-30: a period ending that day still counts it.
    found = _reasons(sample_ws, period_start="2022-06-30", period_end="2022-06-30")
    assert SHOP_C not in found and found[SHOP_B] == OUTSIDE
    found = _reasons(sample_ws, period_start="2022-07-01", period_end="2022-12-31")
    assert found[SHOP_C] == OUTSIDE
    # J was founded 2021-04-01: not in scope for a period that ended before.
    assert SHOP_J not in _reasons(sample_ws, period_start="2020-01-01", period_end="2020-12-31")


def test_cli_accepts_the_period_parameters(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    package = all_packages()[MODEL]
    for path in sorted(package.sample_dir.glob("*.csv")):
        cli("import", str(path), "--schema", sample_schema(path), "--name", path.stem)
    cli("run", MODEL, "--param", "period_start=2022-01-01", "--param", "period_end=2022-12-31")
    clues = json.loads(cli("clues", "--model", MODEL, "--format", "json").stdout)
    reasons = {c["subject_key"]: c["hit"]["reason"] for c in clues}
    assert reasons == {SHOP_A: NEVER, SHOP_B: OUTSIDE, SHOP_H: NEVER, SHOP_J: NEVER}
