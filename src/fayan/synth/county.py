"""The generator's frame: people, enterprises, datasets, truth, and the scenario registry."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faker import Faker
from stdnum.cn import ric, uscc

from fayan.synth.messy import FORMATS, write_dataset

REGION = "330282"  # 浙江省慈溪市 (the seed's S1 county); any GB/T 2260 code works
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass
class Dataset:
    name: str
    schema: str
    format: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""
    agency: str = ""


@dataclass
class SynthContext:
    """What a scenario generator gets: randomness, factories, datasets and the truth."""

    seed: int
    scale: int
    rng: random.Random
    faker: Faker
    datasets: dict[str, Dataset] = field(default_factory=dict)
    truth: dict[str, dict[str, list[dict[str, str]]]] = field(default_factory=dict)
    _ids: set[str] = field(default_factory=set)

    def dataset(self, name: str, schema: str, fmt: str, title: str = "", agency: str = "") -> Dataset:
        if name not in self.datasets:
            if fmt not in FORMATS:
                raise ValueError(f"unknown format {fmt}")
            self.datasets[name] = Dataset(name, schema, fmt, title=title, agency=agency)
        return self.datasets[name]

    def add(self, name: str, row: dict[str, Any]) -> None:
        self.datasets[name].rows.append(row)

    def plant(self, model_id: str, subject_key: str, kind: str, note: str) -> None:
        """Record a planted positive (must be found) or near-miss (must not be)."""
        assert kind in ("positive", "near_miss")
        self.truth.setdefault(model_id, {"positive": [], "near_miss": []})[kind].append(
            {"subject_key": subject_key, "note": note}
        )

    def count(self, base: int) -> int:
        """Background volume grows with --scale; planted cases do not."""
        return base * self.scale

    def person_id(self, birth: dt.date | None = None, region: str = REGION) -> str:
        """A fresh, valid 18-digit resident ID (check digit per GB 11643)."""
        while True:
            born = birth or self.faker.date_between(dt.date(1930, 1, 1), dt.date(2000, 12, 31))
            body = f"{region}{born:%Y%m%d}{self.rng.randint(0, 999):03d}"
            candidate = body + ric.calc_check_digit(body + "0")
            if candidate not in self._ids:
                self._ids.add(candidate)
                return candidate

    def name(self) -> str:
        return str(self.faker.name())

    def enterprise_code(self, region: str = REGION) -> str:
        """A fresh, valid unified social credit code (GB 32100)."""
        while True:
            org = "".join(self.rng.choice(USCC_ALPHABET) for _ in range(9))
            body = f"91{region}{org}"
            candidate = body + uscc.calc_check_digit(body)
            if candidate not in self._ids:
                self._ids.add(candidate)
                return candidate

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))


Scenario = Callable[[SynthContext], None]
SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str) -> Callable[[Scenario], Scenario]:
    def register(fn: Scenario) -> Scenario:
        SCENARIOS[name] = fn
        return fn

    return register


@dataclass
class Manifest:
    out_dir: Path
    files: list[dict[str, Any]]
    truth_path: Path

    def to_dict(self) -> dict[str, Any]:
        return {"out_dir": str(self.out_dir), "files": self.files, "truth": str(self.truth_path)}


def synthesize(
    out_dir: Path, scale: int = 1, seed: int = 1, progress: Callable[[str, float], None] | None = None
) -> Manifest:
    """Write every scenario's datasets into ``out_dir`` with manifest.json and truth.json."""
    from fayan.synth import scenarios  # noqa: F401  (registers the generators)

    if scale < 1:
        raise ValueError("--scale 至少为 1")
    out_dir.mkdir(parents=True, exist_ok=True)
    faker = Faker("zh_CN")
    faker.seed_instance(seed)
    ctx = SynthContext(seed=seed, scale=scale, rng=random.Random(seed), faker=faker)
    for _name, generate in sorted(SCENARIOS.items()):
        generate(ctx)
    files = []
    for index, ds in enumerate(ctx.datasets.values()):
        if progress:
            progress("生成合成数据", index / max(len(ctx.datasets), 1))
        path, noise = write_dataset(out_dir, ds, ctx.rng, ctx)
        files.append(
            {
                "dataset": ds.name,
                "schema": ds.schema,
                "file": path.name,
                "rows": len(ds.rows) + noise,
                "unrepairable_rows": noise,
                "agency": ds.agency,
            }
        )
    truth_path = out_dir / "truth.json"
    truth_path.write_text(json.dumps(ctx.truth, ensure_ascii=False, indent=2), encoding="utf-8")
    manifest = Manifest(out_dir, files, truth_path)
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return manifest
