"""Alembic migrations of the roster store, run programmatically by model.store.db."""
