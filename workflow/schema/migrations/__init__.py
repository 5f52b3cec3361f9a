"""Alembic's environment and revisions for casework (see workflow/schema/__init__.py)."""
