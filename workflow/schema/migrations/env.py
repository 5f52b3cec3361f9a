"""Alembic's environment: run the revisions on the connection casework hands in.

casework never reads an alembic.ini: `workflow.schema.upgrade` builds the configuration
and passes an open connection (the owner's) in `config.attributes["connection"]`.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)
with context.begin_transaction():
    context.run_migrations()
