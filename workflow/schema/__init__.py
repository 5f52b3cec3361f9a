"""The database schema outside the event log, under Alembic (数据库结构版本).

`migrations/` holds Alembic's environment and revisions: every table that is not a read
model (`rm_*`, rebuilt by version, never migrated): the event store's own tables, the
projection checkpoints, accounts and sessions, and whatever the next release adds. The
event table itself only ever gains columns, through revisions that never rewrite a row.

`casework db upgrade` runs pending revisions as the owner role. Every entry point checks
the schema through `check()` when it opens the database: a revision it does not know,
or one behind its own, refuses to run with one line naming the command to run.
"""
