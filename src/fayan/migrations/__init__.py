"""Alembic migrations of the app database; ``upgrade`` brings any workspace to head."""
