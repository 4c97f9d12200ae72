"""The model document: metadata, inputs, parameters, steps and the clue template.

Parsed from YAML with the line of every key kept, so each error names its line. The step
bodies are validated by their step kind when compiling (``fayan.models.steps``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from fayan.models.yamlines import Path_, line_of, load_with_lines
from fayan.schemas import all_schemas

MODEL_ID = re.compile(r"^[a-z][a-z0-9-]{1,79}$")
STEP_ID = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
PARAM_TYPES = ("int", "number", "date", "month", "text", "list", "bool")
SUBJECT_TYPES = ("person", "enterprise", "case", "institution", "place", "other")


class ModelError(ValueError):
    """A model document that is not valid; ``line`` points into the YAML."""

    def __init__(self, message: str, line: int | None = None, origin: str = "model.yaml") -> None:
        self.line, self.origin, self.bare = line, origin, message
        where = f"{origin}:{line}: " if origin and line else f"{origin}: " if origin else ""
        super().__init__(where + message)


@dataclass(frozen=True)
class Input:
    role: str
    schemas: tuple[str, ...]
    optional: bool = False


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: Any
    doc: str = ""
    min: float | None = None
    max: float | None = None
    choices: tuple[Any, ...] = ()

    def coerce(self, raw: Any) -> Any:
        """A value from YAML or ``--param K=V`` as this parameter's type, range-checked."""
        value = _coerce(self.type, raw, self.name)
        if self.min is not None and isinstance(value, int | float) and value < self.min:
            raise ValueError(f"参数 {self.name} 不能小于 {self.min}（给定 {value}）")
        if self.max is not None and isinstance(value, int | float) and value > self.max:
            raise ValueError(f"参数 {self.name} 不能大于 {self.max}（给定 {value}）")
        if self.choices and value not in self.choices:
            raise ValueError(f"参数 {self.name} 只能取 {list(self.choices)}（给定 {value}）")
        return value


def _coerce(kind: str, raw: Any, name: str) -> Any:
    try:
        if raw is None:
            return None
        if kind == "int":
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError
            return int(raw)
        if kind == "number":
            return float(raw)
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            return {"true": True, "1": True, "是": True, "false": False, "0": False, "否": False}[
                str(raw).lower()
            ]
        if kind in ("date", "month"):
            value = (
                raw
                if isinstance(raw, dt.date)
                else dt.date.fromisoformat(
                    str(raw) + ("-01" if kind == "month" and len(str(raw)) == 7 else "")
                )
            )
            return value.replace(day=1) if kind == "month" else value
        if kind == "list":
            items = raw if isinstance(raw, list) else [s for s in str(raw).split(",")]
            return [str(i).strip() for i in items if str(i).strip()]
        return str(raw)
    except (ValueError, KeyError, TypeError):
        raise ValueError(f"参数 {name} 应为 {kind} 类型，无法解析 {raw!r}") from None


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    body: Any
    options: dict[str, Any]
    path: Path_


@dataclass(frozen=True)
class ClueTemplate:
    source: str
    subject_type: str
    subject_key: str
    subject_name: str | None
    title: str
    score: str | None
    evidence: tuple[str, ...]
    reason: str | None = None


@dataclass
class Model:
    id: str
    version: str
    title: str
    category: str
    legal_basis: list[str]
    author: str
    description: str
    inputs: dict[str, Input]
    parameters: dict[str, Parameter]
    steps: list[Step]
    clue: ClueTemplate
    source_text: str
    origin: str
    lines: dict[Path_, int] = field(repr=False, default_factory=dict)

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.source_text.encode("utf-8")).hexdigest()

    def error(self, message: str, path: Path_) -> ModelError:
        return ModelError(message, line_of(self.lines, path), self.origin)

    def resolve_parameters(self, given: dict[str, Any] | None = None) -> dict[str, Any]:
        given = dict(given or {})
        unknown = sorted(set(given) - set(self.parameters))
        if unknown:
            raise ValueError(
                f"模型 {self.id} 没有参数 {', '.join(unknown)}（可用: {', '.join(self.parameters) or '无'}）"
            )
        return {
            name: p.coerce(given[name]) if name in given else p.default for name, p in self.parameters.items()
        }


def load_model_text(text: str, origin: str = "model.yaml") -> Model:
    """Parse and structurally validate a model document."""
    import yaml

    try:
        doc, lines = load_with_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ModelError(
            f"YAML 语法错误: {getattr(exc, 'problem', exc)}", mark.line + 1 if mark else None, origin
        ) from exc
    if not isinstance(doc, dict):
        raise ModelError("模型文档应为一个 YAML 映射（key: value）", 1, origin)

    def fail(message: str, path: Path_) -> ModelError:
        return ModelError(message, line_of(lines, path), origin)

    for key in ("id", "version", "title", "steps", "clue"):
        if key not in doc:
            raise fail(f"缺少必填项 {key}", ())
    known_keys = {
        "id",
        "version",
        "title",
        "category",
        "legal_basis",
        "author",
        "description",
        "inputs",
        "parameters",
        "steps",
        "clue",
        "tags",
    }
    for key in doc:
        if key not in known_keys:
            raise fail(f"未知的顶层项 {key}（可用: {', '.join(sorted(known_keys))}）", (key,))
    model_id = str(doc["id"])
    if not MODEL_ID.match(model_id):
        raise fail(f"模型 id {model_id!r} 不合法：小写字母、数字和连字符", ("id",))
    inputs = _inputs(doc.get("inputs") or {}, fail)
    parameters = _parameters(doc.get("parameters") or {}, fail)
    steps = _steps(doc["steps"], fail, set(inputs))
    clue = _clue(doc["clue"], fail, steps)
    legal = doc.get("legal_basis") or []
    return Model(
        id=model_id,
        version=str(doc["version"]),
        title=str(doc["title"]),
        category=str(doc.get("category", "")),
        legal_basis=[str(x) for x in (legal if isinstance(legal, list) else [legal])],
        author=str(doc.get("author", "")),
        description=str(doc.get("description", "")).strip(),
        inputs=inputs,
        parameters=parameters,
        steps=steps,
        clue=clue,
        source_text=text,
        origin=origin,
        lines=lines,
    )


def _inputs(raw: Any, fail: Any) -> dict[str, Input]:
    if not isinstance(raw, dict):
        raise fail("inputs 应为 角色: 数据标准 的映射", ("inputs",))
    schemas = all_schemas()
    inputs: dict[str, Input] = {}
    for role, spec in raw.items():
        path = ("inputs", role)
        if not STEP_ID.match(role):
            raise fail(f"输入角色名 {role!r} 不合法（小写字母、数字、下划线）", path)
        optional = False
        if isinstance(spec, dict):
            optional = bool(spec.get("optional", False))
            spec = spec.get("schema")
        names = spec if isinstance(spec, list) else [spec]
        for name in names:
            if name not in schemas:
                raise fail(f"输入 {role} 的数据标准 {name!r} 不存在（fayan schemas 查看全部）", path)
        inputs[role] = Input(role, tuple(str(n) for n in names), optional)
    return inputs


def _parameters(raw: Any, fail: Any) -> dict[str, Parameter]:
    if not isinstance(raw, dict):
        raise fail("parameters 应为 名称: {type, default, ...} 的映射", ("parameters",))
    params: dict[str, Parameter] = {}
    for name, spec in raw.items():
        path = ("parameters", name)
        if not isinstance(spec, dict) or spec.get("type") not in PARAM_TYPES:
            raise fail(f"参数 {name} 需要 type（{'/'.join(PARAM_TYPES)}）", path)
        if "default" not in spec:
            raise fail(f"参数 {name} 需要 default（默认值）", path)
        param = Parameter(
            name=name,
            type=spec["type"],
            default=None,
            doc=str(spec.get("doc", "")),
            min=spec.get("min"),
            max=spec.get("max"),
            choices=tuple(spec.get("choices") or ()),
        )
        try:
            default = param.coerce(spec["default"])
        except ValueError as exc:
            raise fail(str(exc), (*path, "default")) from None
        params[name] = Parameter(**{**param.__dict__, "default": default})
    return params


def _steps(raw: Any, fail: Any, roles: set[str]) -> list[Step]:
    if not isinstance(raw, list) or not raw:
        raise fail("steps 应为非空列表", ("steps",))
    steps: list[Step] = []
    seen = set(roles)
    for index, item in enumerate(raw):
        path: Path_ = ("steps", index)
        if not isinstance(item, dict) or "id" not in item:
            raise fail("每个步骤需要 id", path)
        step_id = str(item["id"])
        if not STEP_ID.match(step_id):
            raise fail(f"步骤 id {step_id!r} 不合法（小写字母、数字、下划线）", (*path, "id"))
        if step_id in seen or step_id.startswith("fy_"):
            raise fail(f"步骤 id {step_id!r} 与输入或前面的步骤重名", (*path, "id"))
        from fayan.models.steps import STEP_COMPILERS  # the open registry of step kinds

        kinds = [k for k in item if k in STEP_COMPILERS]
        if len(kinds) != 1:
            raise fail(f"步骤 {step_id} 需要且只能有一种类型: {'/'.join(STEP_COMPILERS)}", path)
        kind = kinds[0]
        extra = {k: v for k, v in item.items() if k not in ("id", kind)}
        for key in extra:
            if key not in ("where", "select", "doc"):
                raise fail(f"步骤 {step_id} 有未知的项 {key}", (*path, key))
        steps.append(Step(step_id, kind, item[kind], extra, path))
        seen.add(step_id)
    return steps


def _clue(raw: Any, fail: Any, steps: list[Step]) -> ClueTemplate:
    path: Path_ = ("clue",)
    if not isinstance(raw, dict):
        raise fail("clue 应为映射", path)
    subject = raw.get("subject")
    if not isinstance(subject, dict) or "key" not in subject:
        raise fail("clue.subject 需要 key（主体标识字段）", (*path, "subject"))
    subject_type = str(subject.get("type", "other"))
    if subject_type not in SUBJECT_TYPES:
        raise fail(f"clue.subject.type 只能是 {'/'.join(SUBJECT_TYPES)}", (*path, "subject", "type"))
    if "title" not in raw:
        raise fail("clue 需要 title（线索标题模板）", path)
    evidence = raw.get("evidence") or []
    if not isinstance(evidence, list):
        raise fail("clue.evidence 应为层名列表", (*path, "evidence"))
    return ClueTemplate(
        source=str(raw.get("from", steps[-1].id)),
        subject_type=subject_type,
        subject_key=str(subject["key"]),
        subject_name=subject.get("name"),
        title=str(raw["title"]),
        score=str(raw["score"]) if raw.get("score") is not None else None,
        evidence=tuple(str(e) for e in evidence),
        reason=raw.get("reason"),
    )
