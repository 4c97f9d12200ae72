"""Step kinds: each turns one step of a model into a SELECT over earlier layers.

The registry is open: a new kind (person matching, geographic proximity) registers a function
``(step, context) -> Layer`` under its name and the compiler, validator and ``explain`` use it
unchanged. Every function is pure: it builds sqlglot trees and executes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from fayan.models.expressions import (
    ExpressionError,
    bind_parameters,
    check_allowed,
    expand_macros,
    parse_expression,
    parse_query,
)
from fayan.models.spec import Model, ModelError, Step
from fayan.models.yamlines import Path_


@dataclass
class Layer:
    """A named relation of the plan: an input or the output of a step (比对层)."""

    name: str
    columns: list[str]
    query: exp.Select
    kind: str
    doc: str = ""


@dataclass
class Context:
    model: Model
    parameters: dict[str, Any]
    layers: dict[str, Layer] = field(default_factory=dict)

    def layer(self, name: Any, path: Path_) -> Layer:
        if not isinstance(name, str) or name not in self.layers:
            raise self.model.error(f"未知的层 {name!r}（可用: {', '.join(self.layers)}）", path)
        return self.layers[name]

    def expression(self, text: Any, path: Path_, scope: dict[str, list[str]]) -> exp.Expr:
        """Parse, bind, expand and check a user expression; columns must exist in ``scope``."""
        what = ".".join(str(p) for p in path)
        try:
            tree = bind_parameters(parse_expression(str(text), what), self.parameters, what)
            check_allowed(tree, what)
            check_columns(tree, scope, what)
            tree = expand_macros(tree)
        except ExpressionError as exc:
            raise self.model.error(str(exc), path) from None
        return tree

    def query(self, text: Any, path: Path_) -> exp.Expr:
        what = ".".join(str(p) for p in path)
        try:
            tree = bind_parameters(parse_query(str(text), what), self.parameters, what)
            check_allowed(tree, what, query=True, tables=set(self.layers))
            tree = expand_macros(tree)
        except ExpressionError as exc:
            raise self.model.error(str(exc), path) from None
        return tree


def check_columns(tree: exp.Expr, scope: dict[str, list[str]], what: str) -> None:
    """Every column referenced must exist: unqualified in any scope, qualified in its own."""
    aliases = {a.alias for a in tree.find_all(exp.Alias)}
    everything = {c for cols in scope.values() for c in cols}
    for column in tree.find_all(exp.Column):
        table, name = column.table, column.name
        if table:
            if table not in scope:
                raise ExpressionError(f"{what}: 未知的表名 {table}（可用: {', '.join(scope)}）")
            if name not in scope[table]:
                raise ExpressionError(f"{what}: {table} 中没有字段 {name}（可用: {', '.join(scope[table])}）")
        elif name not in everything and name not in aliases:
            raise ExpressionError(f"{what}: 未知的字段 {name}（可用: {', '.join(sorted(everything))}）")


StepCompiler = Callable[[Step, Context], Layer]
STEP_COMPILERS: dict[str, StepCompiler] = {}


def step_kind(name: str) -> Callable[[StepCompiler], StepCompiler]:
    def register(fn: StepCompiler) -> StepCompiler:
        STEP_COMPILERS[name] = fn
        return fn

    return register


def _body(step: Step, ctx: Context, shorthand: str) -> dict[str, Any]:
    body = step.body
    if isinstance(body, str):
        return {shorthand: body}
    if not isinstance(body, dict):
        raise ctx.model.error(f"步骤 {step.id} 的 {step.kind} 应为映射", step.path)
    return body


def _path(step: Step, *keys: str | int) -> Path_:
    return (*step.path, step.kind, *keys)


def table_ref(name: str) -> exp.Table:
    """A layer or table name, always quoted: a step may be called ``both`` or ``order``."""
    return exp.Table(this=exp.to_identifier(name, quoted=True))


def _col(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table, quoted=True)


def _finish(step: Step, ctx: Context, select: exp.Select, columns: list[str]) -> Layer:
    """Apply the step-level ``where`` and ``select`` options, then name the layer."""
    where = step.options.get("where")
    if where is not None:
        cond = ctx.expression(where, (*step.path, "where"), {step.id: columns})
        select = exp.select("*").from_(select.subquery("t")).where(cond)
    projection = step.options.get("select")
    if projection is not None:
        select, columns = _project(step, ctx, select, columns, projection)
    return Layer(step.id, columns, select, step.kind, str(step.options.get("doc", "")))


def _project(
    step: Step, ctx: Context, select: exp.Select, columns: list[str], projection: Any
) -> tuple[exp.Select, list[str]]:
    path = (*step.path, "select")
    items = projection.items() if isinstance(projection, dict) else [(c, None) for c in projection]
    exprs: list[exp.Expr] = []
    names: list[str] = []
    for alias, text in items:
        if text is None:
            if alias not in columns:
                raise ctx.model.error(f"select: 没有字段 {alias}（可用: {', '.join(columns)}）", path)
            exprs.append(_col(alias))
        else:
            exprs.append(
                exp.alias_(ctx.expression(text, (*path, alias), {step.id: columns}), alias, quoted=True)
            )
        names.append(str(alias))
    return exp.select(*exprs).from_(select.subquery("p")), names


def _keys(spec: Any, ctx: Context, path: Path_, left: Layer, right: Layer) -> list[tuple[str, str]]:
    """``on``: a field, a list of fields, or a mapping left_field: right_field."""
    if isinstance(spec, str):
        pairs = [(spec, spec)]
    elif isinstance(spec, list):
        pairs = [(str(k), str(k)) for k in spec]
    elif isinstance(spec, dict):
        pairs = [(str(k), str(v)) for k, v in spec.items()]
    else:
        raise ctx.model.error("on 应为字段名、字段列表或 左字段: 右字段 的映射", path)
    for lk, rk in pairs:
        if lk not in left.columns:
            raise ctx.model.error(f"{left.name} 中没有字段 {lk}（可用: {', '.join(left.columns)}）", path)
        if rk not in right.columns:
            raise ctx.model.error(f"{right.name} 中没有字段 {rk}（可用: {', '.join(right.columns)}）", path)
    return pairs


def _equalities(pairs: list[tuple[str, str]], left: str, right: str) -> exp.Expr | None:
    conds = [exp.EQ(this=_col(lk, left), expression=_col(rk, right)) for lk, rk in pairs]
    return exp.and_(*conds) if conds else None


def _join_projection(
    left: Layer, right: Layer, pairs: list[tuple[str, str]]
) -> tuple[list[exp.Expr], list[str]]:
    """Left columns, then right columns; a right column whose name is taken becomes right_name."""
    exprs: list[exp.Expr] = [_col(c, left.name).as_(c, quoted=True) for c in left.columns]
    names = list(left.columns)
    same_keys = {rk for lk, rk in pairs if lk == rk}
    for c in right.columns:
        if c in same_keys:
            continue
        name = c if c not in names else f"{right.name}_{c}"
        exprs.append(_col(c, right.name).as_(name, quoted=True))
        names.append(name)
    return exprs, names


@step_kind("filter")
def compile_filter(step: Step, ctx: Context) -> Layer:
    body = _body(step, ctx, "from")
    source = ctx.layer(body.get("from"), _path(step, "from"))
    conditions: list[exp.Expr] = []
    if body.get("where") is not None:
        conditions.append(ctx.expression(body["where"], _path(step, "where"), {source.name: source.columns}))
    if body.get("keywords") is not None:
        conditions.append(_keyword_condition(step, ctx, body["keywords"], source))
    select = exp.select(*[_col(c) for c in source.columns]).from_(table_ref(source.name))
    if conditions:
        select = select.where(exp.and_(*conditions))
    return _finish(step, ctx, select, list(source.columns))


def _keyword_condition(step: Step, ctx: Context, spec: Any, source: Layer) -> exp.Expr:
    path = _path(step, "keywords")
    if not isinstance(spec, dict) or "field" not in spec:
        raise ctx.model.error("keywords 需要 field 和 any/all/none 之一", path)
    field_name = str(spec["field"])
    if field_name not in source.columns:
        raise ctx.model.error(f"keywords.field: {source.name} 中没有字段 {field_name}", path)
    parts: list[exp.Expr] = []
    for mode in ("any", "all", "none"):
        if mode not in spec:
            continue
        words = _word_list(spec[mode], ctx, (*path, mode))
        hits = [exp.Contains(this=_col(field_name), expression=exp.Literal.string(w)) for w in words]
        if not hits:
            continue
        if mode == "any":
            parts.append(exp.paren(exp.or_(*hits)))
        elif mode == "all":
            parts.append(exp.and_(*hits))
        else:
            parts.append(exp.not_(exp.paren(exp.or_(*hits))))
            parts[-1] = exp.or_(exp.Is(this=_col(field_name), expression=exp.Null()), parts[-1])
    if not parts:
        raise ctx.model.error("keywords 需要 any、all 或 none 中至少一个非空列表", path)
    return exp.and_(*parts)


def _word_list(spec: Any, ctx: Context, path: Path_) -> list[str]:
    if isinstance(spec, str) and spec.startswith(":"):
        name = spec[1:]
        if name not in ctx.parameters:
            raise ctx.model.error(f"未定义的参数 {spec}", path)
        value = ctx.parameters[name]
        return [str(v) for v in (value if isinstance(value, list) else [value])]
    if isinstance(spec, list):
        return [str(v) for v in spec]
    raise ctx.model.error("关键词应为列表或 :参数名", path)


def _two_sides(
    step: Step, ctx: Context, body: dict[str, Any], left_key: str, right_key: str
) -> tuple[Layer, Layer]:
    left = ctx.layer(body.get(left_key), _path(step, left_key))
    right = ctx.layer(body.get(right_key), _path(step, right_key))
    if left.name == right.name:
        raise ctx.model.error("不能把一层与自身连接：请用 sql 步骤并写明别名", _path(step, right_key))
    return left, right


def _matching(
    step: Step, ctx: Context, body: dict[str, Any]
) -> tuple[Layer, Layer, list[tuple[str, str]], exp.Expr]:
    """The two sides of a join and their match condition: ``on`` keys and/or ``condition``."""
    left, right = _two_sides(step, ctx, body, "left", "right")
    pairs = _keys(body.get("on", []), ctx, _path(step, "on"), left, right) if "on" in body else []
    condition = _equalities(pairs, left.name, right.name)
    if body.get("condition") is not None:
        extra = ctx.expression(
            body["condition"], _path(step, "condition"), {left.name: left.columns, right.name: right.columns}
        )
        condition = exp.and_(condition, extra) if condition is not None else extra
    if condition is None:
        raise ctx.model.error(f"{step.kind} 需要 on 或 condition", _path(step))
    return left, right, pairs, condition


@step_kind("join")
def compile_join(step: Step, ctx: Context) -> Layer:
    body = _body(step, ctx, "left")
    left, right, pairs, condition = _matching(step, ctx, body)
    how = str(body.get("type", "inner")).lower()
    if how not in ("inner", "left"):
        raise ctx.model.error("join.type 只能是 inner 或 left", _path(step, "type"))
    exprs, names = _join_projection(left, right, pairs)
    select = (
        exp.select(*exprs)
        .from_(table_ref(left.name))
        .join(table_ref(right.name), on=condition, join_type="left" if how == "left" else None)
    )
    return _finish(step, ctx, select, names)


@step_kind("anti_join")
def compile_anti_join(step: Step, ctx: Context) -> Layer:
    """Rows of ``left`` with no matching row in ``right`` (“查无记录”)."""
    body = _body(step, ctx, "left")
    left, right, pairs, condition = _matching(step, ctx, body)
    inner = exp.select(exp.Literal.number(1)).from_(table_ref(right.name)).where(condition)
    select = (
        exp.select(*[_col(c, left.name).as_(c, quoted=True) for c in left.columns])
        .from_(table_ref(left.name))
        .where(exp.not_(exp.Exists(this=inner)))
    )
    return _finish(step, ctx, select, list(left.columns))


@step_kind("union")
def compile_union(step: Step, ctx: Context) -> Layer:
    """Rows of several layers by column name; ``_layer`` says which each came from."""
    body = step.body if isinstance(step.body, dict) else {"of": step.body}
    parts = [ctx.layer(n, _path(step, "of", i)) for i, n in enumerate(body.get("of") or [])]
    if len(parts) < 2:
        raise ctx.model.error("union 需要至少两层", _path(step))
    columns = list(dict.fromkeys(c for p in parts for c in p.columns if c != "_layer"))
    selects = [
        exp.select(
            exp.Literal.string(p.name).as_("_layer"),
            *[_col(c) if c in p.columns else exp.Null().as_(c, quoted=True) for c in columns],
        ).from_(table_ref(p.name))
        for p in parts
    ]
    union: exp.Query = selects[0]
    for s in selects[1:]:
        union = exp.union(union, s, distinct=False)
    return _finish(step, ctx, exp.select("*").from_(union.subquery("u")), ["_layer", *columns])


@step_kind("aggregate")
def compile_aggregate(step: Step, ctx: Context) -> Layer:
    body = _body(step, ctx, "from")
    source = ctx.layer(body.get("from"), _path(step, "from"))
    by = body.get("by") or []
    by = [by] if isinstance(by, str) else list(by)
    for b in by:
        if b not in source.columns:
            raise ctx.model.error(f"aggregate.by: {source.name} 中没有字段 {b}", _path(step, "by"))
    measures = body.get("measures") or {}
    if not isinstance(measures, dict) or not measures:
        raise ctx.model.error("aggregate 需要 measures（名称: 聚合表达式）", _path(step, "measures"))
    scope = {source.name: source.columns}
    exprs = [_col(b) for b in by] + [
        exp.alias_(ctx.expression(text, _path(step, "measures", name), scope), name, quoted=True)
        for name, text in measures.items()
    ]
    select = exp.select(*exprs).from_(table_ref(source.name))
    if by:
        select = select.group_by(*[_col(b) for b in by])
    names = [*by, *measures]
    if body.get("having") is not None:
        cond = ctx.expression(body["having"], _path(step, "having"), {step.id: names})
        select = exp.select("*").from_(select.subquery("a")).where(cond)
    return _finish(step, ctx, select, names)


WINDOW_RELATIONS = ("after", "before", "within")


@step_kind("window")
def compile_window(step: Step, ctx: Context) -> Layer:
    """Event rows within / after / before N days or months of a reference row (时间窗口)."""
    body = _body(step, ctx, "event")
    relation = next((r for r in WINDOW_RELATIONS if r in body), None)
    if relation is None:
        raise ctx.model.error("window 需要 after、before 或 within 之一（参照层）", _path(step))
    event, reference = _two_sides(step, ctx, body, "event", relation)
    pairs = _keys(body.get("on", []), ctx, _path(step, "on"), event, reference)
    event_time, reference_time = str(body.get("event_time", "")), str(body.get("reference_time", ""))
    if event_time not in event.columns:
        raise ctx.model.error(
            f"window.event_time: {event.name} 中没有字段 {event_time!r}", _path(step, "event_time")
        )
    if reference_time not in reference.columns:
        raise ctx.model.error(
            f"window.reference_time: {reference.name} 中没有字段 {reference_time!r}",
            _path(step, "reference_time"),
        )
    unit = str(body.get("unit", "day"))
    if unit not in ("day", "month"):
        raise ctx.model.error("window.unit 只能是 day 或 month", _path(step, "unit"))
    macro = "day_diff" if unit == "day" else "month_diff"
    a, b = (reference, event) if relation != "before" else (event, reference)
    a_time, b_time = (reference_time, event_time) if relation != "before" else (event_time, reference_time)
    diff = expand_macros(exp.Anonymous(this=macro, expressions=[_col(a_time, a.name), _col(b_time, b.name)]))
    if relation == "within":
        diff = exp.Abs(this=diff)
    bounds = [_bound(body, key, ctx, step) for key in ("min", "max")]
    conds = [_equalities(pairs, event.name, reference.name)]
    if bounds[0] is not None:
        conds.append(exp.GTE(this=diff.copy(), expression=bounds[0]))
    if bounds[1] is not None:
        conds.append(exp.LTE(this=diff.copy(), expression=bounds[1]))
    exprs, names = _join_projection(event, reference, pairs)
    select = (
        exp.select(*exprs)
        .from_(table_ref(event.name))
        .join(table_ref(reference.name), on=exp.and_(*[c for c in conds if c is not None]))
    )
    return _finish(step, ctx, select, names)


def _bound(body: dict[str, Any], key: str, ctx: Context, step: Step) -> exp.Expr | None:
    value = body.get(key, 0 if key == "min" else None)
    if value is None:
        return None
    return ctx.expression(str(value), _path(step, key), {})


@step_kind("sql")
def compile_sql(step: Step, ctx: Context) -> Layer:
    """The escape hatch: one SELECT over inputs and earlier steps, checked like any expression."""
    from sqlglot.optimizer.qualify import qualify

    tree = ctx.query(step.body, _path(step))
    if not isinstance(tree, exp.Query):
        raise ctx.model.error("sql 步骤只能是一条 SELECT 查询", _path(step))
    schema: dict[str, object] = {
        name: dict.fromkeys(layer.columns, "VARCHAR") for name, layer in ctx.layers.items()
    }
    try:
        qualified = qualify(tree.copy(), schema=schema, dialect="duckdb", quote_identifiers=True)
    except Exception as exc:  # sqlglot raises OptimizeError subclasses with a clear message
        raise ctx.model.error(f"sql: {exc}", _path(step)) from None
    names = list(qualified.named_selects)
    if len(set(names)) != len(names) or not all(names):
        raise ctx.model.error("sql: 每个输出列都需要唯一的名称（用 AS 命名）", _path(step))
    select = (
        qualified if isinstance(qualified, exp.Select) else exp.select("*").from_(qualified.subquery("q"))
    )
    return _finish(step, ctx, select, names)


def compile_step(step: Step, ctx: Context) -> Layer:
    compiler = STEP_COMPILERS.get(step.kind)
    if compiler is None:
        raise ModelError(f"未知的步骤类型 {step.kind}")
    return compiler(step, ctx)
