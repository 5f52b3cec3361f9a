"""Alembic revisions, oldest first: `NNNN_what.py`, revision id `NNNN`."""
