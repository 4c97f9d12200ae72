"""User expressions: parsed by sqlglot, parameters bound, macros expanded, allow-list checked.

A model may compute and compare, but never touch files, the network, the catalogue or the
engine's settings. Every node of every user expression must be of an allowed kind; functions
are allowed by name. Anything else (read_csv, ATTACH, COPY, PRAGMA, SET, INSTALL, LOAD, an
unknown function) fails validation naming the construct.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

READ_DIALECT = "duckdb"


class ExpressionError(ValueError):
    """A user expression that is not valid or not allowed."""


_ALLOWED_NODES: tuple[type[exp.Expr], ...] = (
    exp.Column,
    exp.Identifier,
    exp.Literal,
    exp.Boolean,
    exp.Null,
    exp.Star,
    exp.Paren,
    exp.Alias,
    exp.And,
    exp.Or,
    exp.Not,
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.NullSafeEQ,
    exp.NullSafeNEQ,
    exp.Is,
    exp.In,
    exp.Between,
    exp.Like,
    exp.ILike,
    exp.Add,
    exp.Sub,
    exp.Mul,
    exp.Div,
    exp.IntDiv,
    exp.Mod,
    exp.Neg,
    exp.DPipe,
    exp.Case,
    exp.DataType,
    exp.DataTypeParam,
    exp.Interval,
    exp.Var,
    exp.Tuple,
    exp.Array,
    exp.Distinct,
    exp.Window,
    exp.WindowSpec,
    exp.Order,
    exp.Ordered,
    exp.Bracket,
)
# Whole queries (the ``sql`` step) may also use these.
_QUERY_NODES: tuple[type[exp.Expr], ...] = (
    exp.Select,
    exp.From,
    exp.Join,
    exp.Where,
    exp.Group,
    exp.Having,
    exp.Qualify,
    exp.Limit,
    exp.Offset,
    exp.Subquery,
    exp.Table,
    exp.TableAlias,
    exp.Union,
    exp.Intersect,
    exp.Except,
    exp.With,
    exp.CTE,
    exp.Exists,
)
_ALLOWED_FUNCTIONS: tuple[type[exp.Func], ...] = (
    exp.Count,
    exp.Sum,
    exp.Avg,
    exp.Min,
    exp.Max,
    exp.ArrayAgg,
    exp.GroupConcat,
    exp.AnyValue,
    exp.CountIf,
    exp.Stddev,
    exp.Variance,
    exp.Median,
    exp.Coalesce,
    exp.Nullif,
    exp.If,
    exp.Abs,
    exp.Round,
    exp.Floor,
    exp.Ceil,
    exp.Greatest,
    exp.Least,
    exp.Lower,
    exp.Upper,
    exp.Length,
    exp.Substring,
    exp.Concat,
    exp.ConcatWs,
    exp.Trim,
    exp.StrPosition,
    exp.RegexpLike,
    exp.RegexpExtract,
    exp.Replace,
    exp.Left,
    exp.Right,
    exp.Contains,
    exp.StartsWith,
    exp.DateTrunc,
    exp.TimestampTrunc,
    exp.DateAdd,
    exp.DateSub,
    exp.DateDiff,
    exp.Year,
    exp.Month,
    exp.Day,
    exp.Extract,
    exp.AddMonths,
    exp.CurrentDate,
    exp.StrToDate,
    exp.TsOrDsToDate,
    exp.Cast,
    exp.TryCast,
    exp.RowNumber,
    exp.Rank,
    exp.DenseRank,
    exp.Lag,
    exp.Lead,
    exp.FirstValue,
    exp.LastValue,
    exp.ArraySize,
    exp.ArrayContains,
)
MACROS = ("month_of", "add_days", "day_diff", "month_diff")


def parse_expression(text: str, what: str) -> exp.Expr:
    return _parse_one(text, what, query=False)


def parse_query(text: str, what: str) -> exp.Expr:
    return _parse_one(text, what, query=True)


def _parse_one(text: str, what: str, *, query: bool) -> exp.Expr:
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError(f"{what}: 需要一个 SQL {'查询' if query else '表达式'}")
    try:
        statements = [s for s in sqlglot.parse(text, dialect=READ_DIALECT) if s is not None]
    except ParseError as exc:
        raise ExpressionError(f"{what}: SQL 语法错误: {_first_error(exc)}") from exc
    if len(statements) != 1:
        raise ExpressionError(f"{what}: 只能写一条 SQL，不能有多条语句（;）")
    return statements[0]


def _first_error(exc: ParseError) -> str:
    errors = getattr(exc, "errors", None)
    if errors:
        e = errors[0]
        return f"{e.get('description')}（第 {e.get('line')} 行第 {e.get('col')} 列附近）"
    return str(exc)


def bind_parameters(tree: exp.Expr, values: Mapping[str, object], what: str) -> exp.Expr:
    """Replace every ``:name`` placeholder with the parameter's value as a literal."""

    def swap(node: exp.Expr) -> exp.Expr | list[exp.Expr]:
        if not isinstance(node, exp.Placeholder):
            return node
        name = node.name
        if not name or name not in values:
            known = ", ".join(sorted(values)) or "（无）"
            raise ExpressionError(f"{what}: 未定义的参数 :{name}（已定义: {known}）")
        return literal(values[name])

    bound: exp.Expr = tree.copy().transform(swap)  # type: ignore[assignment]
    for node in list(bound.find_all(exp.In)):
        # x IN (:list) → x IN ('a', 'b'): a list parameter spreads into the IN list.
        spread: list[exp.Expr] = []
        for item in node.expressions:
            spread.extend(item.expressions if isinstance(item, exp.Tuple) else [item])
        node.set("expressions", spread)
    return bound


def literal(value: object) -> exp.Expr:
    if value is None:
        return exp.Null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int | float):
        return exp.Literal.number(value)
    if isinstance(value, dt.date):
        return exp.cast(exp.Literal.string(value.isoformat()), "DATE")
    if isinstance(value, list | tuple):
        return exp.Tuple(expressions=[literal(v) for v in value])
    return exp.Literal.string(str(value))


def expand_macros(tree: exp.Expr) -> exp.Expr:
    """fayan's date helpers, rewritten into standard nodes that sqlglot writes per dialect."""

    def rewrite(node: exp.Expr) -> exp.Expr:
        if not isinstance(node, exp.Anonymous) or node.name.lower() not in MACROS:
            return node
        name, args = node.name.lower(), list(node.expressions)
        expected = 1 if name == "month_of" else 2
        if len(args) != expected:
            raise ExpressionError(f"{name}() 需要 {expected} 个参数，实际 {len(args)} 个")
        if name == "month_of":  # the first day of the date's month
            return exp.cast(exp.DateTrunc(unit=exp.Literal.string("MONTH"), this=args[0]), "DATE")
        if name == "add_days":
            unit = "DAY"
            return exp.cast(exp.DateAdd(this=args[0], expression=args[1], unit=exp.Var(this=unit)), "DATE")
        if name == "day_diff":  # b − a in days
            return exp.DateDiff(this=args[1], expression=args[0], unit=exp.Var(this="DAY"))
        # month_diff: calendar months from a's month to b's month
        a, b = args
        return exp.Sub(  # (12·year(b) + month(b)) − (12·year(a) + month(a)): built trees need explicit parens
            this=exp.paren(
                exp.Add(
                    this=exp.Mul(this=exp.Year(this=b), expression=exp.Literal.number(12)),
                    expression=exp.Month(this=b.copy()),
                )
            ),
            expression=exp.paren(
                exp.Add(
                    this=exp.Mul(this=exp.Year(this=a), expression=exp.Literal.number(12)),
                    expression=exp.Month(this=a.copy()),
                )
            ),
        )

    return tree.transform(rewrite)


def check_allowed(tree: exp.Expr, what: str, *, query: bool = False, tables: set[str] | None = None) -> None:
    """Raise naming the first construct outside the allow-list."""
    allowed = _ALLOWED_NODES + (_QUERY_NODES if query else ())
    problems: list[str] = []
    for node in tree.walk():
        problem = _violation(node, allowed)
        if problem and problem not in problems:
            problems.append(problem)
    if problems:
        raise ExpressionError(f"{what}: " + "；".join(problems))
    if query:
        _check_tables(tree, what, tables or set())


def _check_tables(tree: exp.Expr, what: str, tables: set[str]) -> None:
    """Every table a query reads, scope by scope, must be an input or an earlier step.

    Resolved per scope: a WITH name counts only inside the query that defines it, so a CTE
    named like a system view cannot vouch for a reference to the real one elsewhere.
    """
    from sqlglot.errors import OptimizeError
    from sqlglot.optimizer.scope import traverse_scope

    try:
        scopes = traverse_scope(tree)
    except OptimizeError as exc:
        raise ExpressionError(f"{what}: 无法解析查询的表引用: {exc}") from None
    for scope in scopes:
        for source in scope.sources.values():
            if isinstance(source, exp.Table):
                _check_table(source, what, tables)


def _violation(node: exp.Expr, allowed: tuple[type[exp.Expr], ...]) -> str | None:
    if isinstance(node, allowed):  # before Func: some operators (AND, OR) are Func subclasses
        return None
    if isinstance(node, exp.Anonymous):
        return None if node.name.lower() in MACROS else f"未知或不允许的函数 {node.name}()"
    if isinstance(node, exp.Func):
        return None if isinstance(node, _ALLOWED_FUNCTIONS) else f"不允许使用函数 {_construct_name(node)}"
    return None if isinstance(node, allowed) else f"不允许的语法 {_construct_name(node)}"


def _check_table(node: exp.Table, what: str, tables: set[str]) -> None:
    if not isinstance(node.this, exp.Identifier) or node.args.get("db") or node.args.get("catalog"):
        raise ExpressionError(f"{what}: 只能查询本模型的输入和步骤，不能访问 {node.sql(READ_DIALECT)}")
    if node.name not in tables:
        raise ExpressionError(f"{what}: 未知的表 {node.name}（可用: {', '.join(sorted(tables))}）")


def _construct_name(node: exp.Expr) -> str:
    if isinstance(node, exp.Command):
        return str(node.this).upper()
    if isinstance(node, exp.Func):
        return node.sql_name()
    return node.key.upper()
