"""Alembic migrations of the roster store, run programmatically by store.db."""
