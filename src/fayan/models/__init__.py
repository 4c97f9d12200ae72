"""Supervision models (监督模型): YAML documents compiled to SQL and run by an engine."""

from fayan.models.spec import Model, ModelError, load_model_text

__all__ = ["Model", "ModelError", "load_model_text"]
