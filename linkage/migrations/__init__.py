"""Alembic migrations of the platform's schema, run by ``kazasu-platform migrate``."""
