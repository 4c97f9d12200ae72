"""``fayan test-model``: run a model package on its own sample data, compare with expected hits.

Sample files are named ``<schema>.<ext>`` or ``<schema>__<label>.<ext>`` in ``sample/``; the
expected hits are ``expected.csv`` with a ``subject_key`` column and, optionally, any column of
the hit row to compare as text. The run happens in a throw-away workspace.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fayan.clues import jsonable
from fayan.importer import import_files
from fayan.models.compiler import KEY
from fayan.models.loader import ModelPackage
from fayan.runs import preview_hits
from fayan.schemas import all_schemas
from fayan.workspace import open_workspace


@dataclass
class SelfTest:
    model_id: str
    expected: int
    found: int
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    imported: dict[str, int] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not (self.missing or self.unexpected or self.mismatched)

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "passed": self.passed}


def sample_schema(path: Path) -> str:
    stem = path.name.split(".")[0].split("__")[0]
    if stem not in all_schemas():
        raise ValueError(
            f"样例文件 {path.name} 的名称应以数据标准名开头（如 death_record.csv 或 death_record__甲.csv）"
        )
    return stem


def run_selftest(package: ModelPackage, parameters: dict[str, Any] | None = None) -> SelfTest:
    sample_files = sorted(
        p for p in package.sample_dir.glob("*") if p.is_file() and not p.name.startswith(".")
    )
    expected_file = package.path / "expected.csv"
    if not sample_files or not expected_file.exists():
        raise ValueError(f"模型包 {package.path} 需要 sample/ 样例数据和 expected.csv 预期命中")
    with tempfile.TemporaryDirectory(prefix="fayan-selftest-") as tmp:
        workspace = open_workspace(Path(tmp))
        imported = {}
        for sample in sample_files:
            name = sample.name.split(".")[0]
            result = import_files(workspace, [str(sample)], sample_schema(sample), name=name)
            imported[sample.name] = result.rows_loaded
        model = package.model
        hits = preview_hits(workspace, model, parameters)
        workspace.engine.dispose()
    return compare(model.id, hits, _read_expected(expected_file), imported)


def _read_expected(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def compare(
    model_id: str, hits: list[dict[str, Any]], expected: list[dict[str, str]], imported: dict[str, int]
) -> SelfTest:
    found: dict[str, list[dict[str, Any]]] = {}
    for row in hits:
        found.setdefault(str(row[KEY]), []).append(row)
    want = {row["subject_key"]: row for row in expected}
    result = SelfTest(model_id, len(want), len(found), imported=imported)
    result.missing = sorted(set(want) - set(found))
    result.unexpected = sorted(set(found) - set(want))
    for key in sorted(set(want) & set(found)):
        for column, value in want[key].items():
            if column == "subject_key" or value in ("", None):
                continue
            got = {_text(r.get(column)) for r in found[key]}
            if value not in got:
                result.mismatched.append(f"{key}.{column}: 预期 {value}，实际 {sorted(got)}")
    return result


def _text(value: Any) -> str:
    value = jsonable(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else str(value)
