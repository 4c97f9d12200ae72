"""compile_model: a model + bindings + parameters → a Plan of named SQL layers (pure).

Nothing executes here. The plan is dialect-neutral sqlglot trees: ``Plan.sql("duckdb")`` or
``Plan.sql("spark")`` writes it for an engine, and ``explain`` prints it.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from fayan.models.expressions import (
    ExpressionError,
    bind_parameters,
    check_allowed,
    expand_macros,
    parse_expression,
)
from fayan.models.spec import Model
from fayan.models.steps import Context, Layer, check_columns, compile_step, table_ref
from fayan.schemas import get_schema

HITS_TABLE = "fy_hits"
KEY, NAME, SCORE = "__subject_key", "__subject_name", "__score"
ROW_COLUMNS = ["_dataset", "_version", "_row"]


@dataclass(frozen=True)
class BoundVersion:
    """One dataset version bound to an input role."""

    dataset: str
    version: str
    schema: str
    path: str

    @property
    def table(self) -> str:
        return f"fy_src_{self.version}"


@dataclass
class Plan:
    """Named layers in order, the hits query and one evidence query per kept layer.

    ``materialised`` names the layers an engine should compute once and keep: evidence layers
    that are steps (not inputs), since both the hits and their evidence read them."""

    model: Model
    parameters: dict[str, Any]
    bindings: dict[str, list[BoundVersion]]
    layers: list[Layer]
    hits: exp.Select
    evidence: dict[str, exp.Select]

    @property
    def materialised(self) -> set[str]:
        return {
            n for n in self.evidence if n in {layer.name for layer in self.layers if layer.kind != "input"}
        }

    def layer_sql(self, dialect: str) -> list[tuple[str, str]]:
        return [(layer.name, layer.query.sql(dialect)) for layer in self.layers]

    def sql(self, dialect: str = "duckdb", pretty: bool = True) -> str:
        """The whole pipeline as one WITH query returning the hit rows."""
        query = self.hits.copy()
        for layer in self.layers:
            query = query.with_(exp.to_identifier(layer.name, quoted=True), as_=layer.query.copy())
        return query.sql(dialect, pretty=pretty)


def input_layer(role: str, schemas: tuple[str, ...], bound: list[BoundVersion]) -> Layer:
    """The union of every version bound to a role, aligned on the schemas' fields."""
    fields = list(dict.fromkeys(f for s in schemas for f in get_schema(s).field_names))
    columns = [*ROW_COLUMNS, *fields]
    selects = []
    for version in bound:
        own = set(get_schema(version.schema).field_names)
        selects.append(
            exp.select(
                exp.Literal.string(version.dataset).as_("_dataset"),
                exp.Literal.string(version.version).as_("_version"),
                exp.column("_row"),
                *[exp.column(f, quoted=True) if f in own else exp.Null().as_(f, quoted=True) for f in fields],
            ).from_(table_ref(version.table))
        )
    if not selects:  # an optional input with nothing bound: an empty relation of the right shape
        selects.append(exp.select(*[exp.Null().as_(c, quoted=True) for c in columns]).where(exp.false()))
    query: exp.Query = selects[0]
    for s in selects[1:]:
        query = exp.union(query, s, distinct=False)
    select = query if isinstance(query, exp.Select) else exp.select("*").from_(query.subquery("u"))
    return Layer(role, columns, select, "input")


def compile_model(
    model: Model, bindings: dict[str, list[BoundVersion]], parameters: dict[str, Any] | None = None
) -> Plan:
    """Build the plan; raises ModelError (with a line) for anything invalid."""
    values = model.resolve_parameters(parameters)
    ctx = Context(model, values)
    for role, spec in model.inputs.items():
        ctx.layers[role] = input_layer(role, spec.schemas, bindings.get(role, []))
    for step in model.steps:
        ctx.layers[step.id] = compile_step(step, ctx)
    source = ctx.layer(model.clue.source, ("clue", "from"))
    hits = _hits_query(model, ctx, source)
    evidence = {name: _evidence_query(model, ctx, name) for name in _evidence_layers(model)}
    return Plan(model, values, bindings, list(ctx.layers.values()), hits, evidence)


def _evidence_layers(model: Model) -> list[str]:
    return list(dict.fromkeys([*model.clue.evidence, model.clue.source]))


def _hits_query(model: Model, ctx: Context, source: Layer) -> exp.Select:
    clue = model.clue
    if clue.subject_key not in source.columns:
        raise model.error(
            f"clue.subject.key: {source.name} 中没有字段 {clue.subject_key}（可用: {', '.join(source.columns)}）",
            ("clue", "subject", "key"),
        )
    if clue.subject_name and clue.subject_name not in source.columns:
        raise model.error(
            f"clue.subject.name: {source.name} 中没有字段 {clue.subject_name}", ("clue", "subject", "name")
        )
    for name in _template_fields(clue.title):
        if name not in source.columns:
            raise model.error(
                f"clue.title 引用了不存在的字段 {{{name}}}（可用: {', '.join(source.columns)}）",
                ("clue", "title"),
            )
    score: exp.Expr = exp.Null()
    if clue.score:
        score = ctx.expression(clue.score, ("clue", "score"), {source.name: source.columns})
    return (
        exp.select(
            "*",
            exp.cast(exp.column(clue.subject_key, quoted=True), "VARCHAR").as_(KEY),
            (exp.column(clue.subject_name, quoted=True) if clue.subject_name else exp.Null()).as_(NAME),
            exp.cast(score, "DOUBLE").as_(SCORE),
        )
        .from_(table_ref(source.name))
        .where(exp.not_(exp.Is(this=exp.column(clue.subject_key, quoted=True), expression=exp.Null())))
    )


def _evidence_query(model: Model, ctx: Context, name: str) -> exp.Select:
    layer = ctx.layer(name, ("clue", "evidence"))
    key = model.clue.subject_key
    if key not in layer.columns:
        raise model.error(
            f"clue.evidence: 层 {name} 没有主体字段 {key}，无法按主体保存证据", ("clue", "evidence")
        )
    if name == model.clue.source:  # the hits are this layer's rows already: no second pass
        return exp.select(exp.column(KEY), *[exp.column(c, quoted=True) for c in layer.columns]).from_(
            table_ref(HITS_TABLE)
        )
    return (
        exp.select(exp.cast(exp.column(key, quoted=True), "VARCHAR").as_(KEY), "*")
        .from_(table_ref(name))
        .where(
            exp.cast(exp.column(key, quoted=True), "VARCHAR").isin(
                query=exp.select(KEY).from_(table_ref(HITS_TABLE))
            )
        )
    )


_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _template_fields(template: str) -> list[str]:
    names = []
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None:
            names.append(name.split(":")[0].split("!")[0])
    return [n for n in names if n]


def render_title(template: str, row: dict[str, Any]) -> str:
    """Fill ``{field}`` from a hit row; dates as ISO, money with two decimals."""
    return template.format_map({k: _display(v) for k, v in row.items()})


def _display(value: Any) -> str:
    import datetime as dt
    from decimal import Decimal

    if value is None:
        return "（空）"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return f"{value:,.2f}"
    return str(value)


__all__ = [
    "BoundVersion",
    "Plan",
    "compile_model",
    "render_title",
    "ExpressionError",
    "check_allowed",
    "check_columns",
    "parse_expression",
    "bind_parameters",
    "expand_macros",
]
