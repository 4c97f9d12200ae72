"""Standard schemas (数据标准): the catalogue of dataset kinds, kept as data files.

Each schema lives in ``schemas/data/<name>.yaml``: typed fields, required flags and the
Chinese header aliases that partner agencies really use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

FIELD_TYPES = frozenset(
    {
        "id_number",
        "uscc",
        "id_or_uscc",
        "text",
        "date",
        "month",
        "bool",
        "amount",
        "number",
        "int",
        "lat",
        "lon",
    }
)


class SchemaError(ValueError):
    """A schema file or a schema name is wrong."""


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    title: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schema:
    name: str
    title: str
    fields: tuple[Field, ...]
    description: str = ""
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise SchemaError(f"数据标准 {self.name} 没有字段 {name!r}（字段: {', '.join(self.field_names)}）")


def parse_schema(doc: dict[str, object], origin: str) -> Schema:
    try:
        raw_fields = doc["fields"]
        assert isinstance(raw_fields, list)
        fields = tuple(
            Field(
                name=str(f["name"]),
                type=str(f["type"]),
                required=bool(f.get("required", False)),
                title=str(f.get("title", "")),
                aliases=tuple(str(a) for a in f.get("aliases", [])),
            )
            for f in raw_fields
        )
        schema = Schema(
            name=str(doc["name"]),
            title=str(doc.get("title", "")),
            fields=fields,
            description=str(doc.get("description", "")),
        )
    except (KeyError, TypeError, AssertionError) as exc:
        raise SchemaError(f"{origin}: malformed schema ({exc!r})") from exc
    for f in fields:
        if f.type not in FIELD_TYPES:
            raise SchemaError(f"{origin}: field {f.name} has unknown type {f.type!r}")
    return schema


@cache
def all_schemas() -> dict[str, Schema]:
    """Every standard schema shipped with fayan, by name."""
    found: dict[str, Schema] = {}
    for entry in sorted(resources.files("fayan.schemas").joinpath("data").iterdir(), key=str):
        if entry.name.endswith(".yaml"):
            schema = parse_schema(yaml.safe_load(entry.read_text("utf-8")), entry.name)
            found[schema.name] = schema
    return found


def get_schema(name: str) -> Schema:
    schemas = all_schemas()
    if name not in schemas:
        raise SchemaError(
            f"未知的数据标准 {name!r}。可用: {', '.join(sorted(schemas))}（fayan schemas 查看全部）"
        )
    return schemas[name]
