"""Documentation stays complete: every CLI command, schema and built-in model is documented."""

from __future__ import annotations

from pathlib import Path

from fayan.cli import app
from fayan.models.loader import all_packages
from fayan.schemas import all_schemas

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
DESIGN_SCHEMAS = {
    "death_record",
    "welfare_payment",
    "pension_payment",
    "business_registry",
    "hw_manifest",
    "food_worker",
    "health_certificate",
    "exam_institution",
    "medical_settlement",
    "designated_institution",
    "family_binding",
    "judgment",
    "criminal_record",
    "admin_penalty",
    "criminal_filing",
    "lottery_outlet",
    "school",
    "staff_roster",
    "case_record",
}


def test_every_cli_command_is_in_the_readme() -> None:
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    assert len(names) >= 12
    for name in names:
        assert f"fayan {name}" in README, f"README does not document `fayan {name}`"


def test_every_design_schema_ships_with_aliases() -> None:
    schemas = all_schemas()
    assert set(schemas) >= DESIGN_SCHEMAS
    for schema in schemas.values():
        for field in schema.fields:
            assert len(field.aliases) >= 3, f"{schema.name}.{field.name} needs at least three aliases"
        aliases = [a for f in schema.fields for a in f.aliases]
        assert len(aliases) == len(set(aliases)), f"{schema.name}: an alias names two fields"


def test_every_builtin_model_is_in_the_readme_and_has_its_package_files() -> None:
    for model_id, package in all_packages().items():
        assert f"`{model_id}`" in README
        assert package.readme.strip() and (package.path / "expected.csv").exists()
        assert any(package.sample_dir.iterdir())
        assert package.model.legal_basis, f"{model_id} names its legal basis"
