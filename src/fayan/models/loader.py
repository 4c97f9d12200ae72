"""Model packages (模型包): a folder with model.yaml, README.md, sample/ and expected hits.

Built-in models ship as ordinary packages inside fayan and load through the same function as
a package a user writes or installs into the workspace (``<home>/models/<id>/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fayan.models.spec import Model, ModelError, load_model_text


@dataclass
class ModelPackage:
    path: Path
    model: Model
    builtin: bool

    @property
    def readme(self) -> str:
        readme = self.path / "README.md"
        return readme.read_text("utf-8") if readme.exists() else ""

    @property
    def sample_dir(self) -> Path:
        return self.path / "sample"


def load_package(path: Path, builtin: bool = False) -> ModelPackage:
    """Load a model package folder (or a bare model.yaml)."""
    path = Path(path)
    file = path / "model.yaml" if path.is_dir() else path
    if not file.exists():
        raise ModelError(f"找不到模型文件 {file}", origin="")
    model = load_model_text(file.read_text("utf-8"), origin=str(file))
    return ModelPackage(file.parent, model, builtin)


def builtin_root() -> Path:
    return Path(str(resources.files("fayan.models").joinpath("builtin")))


def package_dirs(home: Path | None) -> list[tuple[Path, bool]]:
    found = [(p, True) for p in sorted(builtin_root().iterdir()) if (p / "model.yaml").exists()]
    if home is not None and (home / "models").exists():
        found += [(p, False) for p in sorted((home / "models").iterdir()) if (p / "model.yaml").exists()]
    return found


def all_packages(home: Path | None = None) -> dict[str, ModelPackage]:
    """Built-in then installed packages by model id; an installed one overrides a built-in."""
    packages: dict[str, ModelPackage] = {}
    for path, builtin in package_dirs(home):
        package = load_package(path, builtin)
        packages[package.model.id] = package
    return packages


def find_package(ref: str, home: Path | None = None) -> ModelPackage:
    """A model by id, or by the path of its package folder or YAML file."""
    candidate = Path(ref)
    if candidate.exists():
        return load_package(candidate)
    # A package folder is named after its model id: try that before parsing every package.
    for folder, builtin in [((home / "models" / ref) if home else None, False), (builtin_root() / ref, True)]:
        if folder is not None and (folder / "model.yaml").exists():
            package = load_package(folder, builtin)
            if package.model.id == ref:
                return package
    packages = all_packages(home)
    if ref not in packages:
        raise ModelError(
            f"没有模型 {ref!r}。可用: {', '.join(sorted(packages))}（fayan models 查看全部）", origin=""
        )
    return packages[ref]
