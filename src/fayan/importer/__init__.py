"""Import (导入): agency files → one clean, content-hashed dataset version + its quarantine."""

from fayan.importer.pipeline import ImportError_, ImportResult, import_files

__all__ = ["ImportError_", "ImportResult", "import_files"]
