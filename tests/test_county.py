"""Every built-in model on the synthetic county at two seeds: every planted positive found,
no near-miss and nothing else flagged. Also every model passes its own package self-test."""

from __future__ import annotations

import json

import pytest

from fayan.clues import list_clues
from fayan.demo import import_county, run_all
from fayan.models.loader import all_packages
from fayan.models.selftest import run_selftest
from fayan.synth import synthesize
from fayan.workspace import open_workspace

BUILTIN = sorted(all_packages())


@pytest.fixture(scope="module", params=[11, 2024])
def county(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    seed = request.param
    root = tmp_path_factory.mktemp(f"county{seed}")
    synthesize(root / "synth", scale=1, seed=seed)
    ws = open_workspace(root / "home")
    imports = import_county(ws, root / "synth")
    run_all(ws)
    truth = json.loads((root / "synth" / "truth.json").read_text("utf-8"))
    return {"ws": ws, "imports": imports, "truth": truth, "seed": seed}


def test_every_unrepairable_row_is_quarantined_and_no_row_lost(county: dict) -> None:
    for entry in county["imports"]:
        assert entry["rows_quarantined"] == entry["expected_unrepairable"], entry["dataset"]


@pytest.mark.slow
@pytest.mark.parametrize("model_id", BUILTIN)
def test_model_finds_exactly_the_planted_positives(county: dict, model_id: str) -> None:
    truth = county["truth"].get(model_id)
    assert truth is not None, f"the synthetic county plants nothing for {model_id}"
    assert truth["positive"] and truth["near_miss"], "each scenario plants positives and near-misses"
    found = {c["subject_key"] for c in list_clues(county["ws"], model=model_id)}
    positives = {t["subject_key"] for t in truth["positive"]}
    near_misses = {t["subject_key"] for t in truth["near_miss"]}
    assert positives - found == set(), f"missed planted positives (seed {county['seed']})"
    assert found & near_misses == set(), f"flagged near-misses (seed {county['seed']})"
    assert found - positives == set(), f"flagged something not planted (seed {county['seed']})"


@pytest.mark.parametrize("model_id", BUILTIN)
def test_model_package_passes_its_selftest(model_id: str) -> None:
    package = all_packages()[model_id]
    assert package.readme.strip(), "every model package has a README"
    result = run_selftest(package)
    assert result.passed, result.to_dict()
    assert result.expected > 0
