"""Normalisers (数据清洗): every field type's cleaning rule as a SQL expression.

A normaliser turns the raw text of one cell into a typed value and, when that fails, a reason
in Chinese that says what was wrong. Both are sqlglot expression trees built from templates
over a placeholder column ``__v__``, so the import runs them vectorised inside DuckDB (tens of
millions of rows) and the rules are tested by executing the same trees.
"""

from fayan.normalise.rules import NORMALISERS, Normaliser, normaliser_for

__all__ = ["NORMALISERS", "Normaliser", "normaliser_for"]
