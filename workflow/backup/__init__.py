"""Backups and restores (备份与恢复): an online copy of the whole database, proven by restoring.

A backup is one file: a tar holding `manifest.json` (what the log held: head position,
event count, a digest over every event's hash in position order, the last monthly seal,
the SHA-256 of the payload) and the payload itself — a gzip'd SQLite snapshot taken with
SQLite's online backup API, or a `pg_dump` custom-format dump taken in one exported
snapshot. `restore` checks the manifest, restores into an empty target, verifies the
log against the manifest and its own hash chains, rebuilds the read models and reports
what the log contains; a backup that does not verify is refused and leaves nothing.
"""
