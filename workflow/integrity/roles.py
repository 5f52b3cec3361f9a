"""Least privilege on PostgreSQL (最小权限): two roles, one that owns, one that serves.

- The **owner** role owns the schema and every managed table: it runs `casework db init`
  and `casework db upgrade` (Alembic), nothing else.
- The **service** role is what `CASEWORK_DATABASE_URL` connects as (commands, workers,
  the web console). On the event log (`events`, `event_commands`) it may only `SELECT`
  and `INSERT`: no `UPDATE`, `DELETE`, `TRUNCATE`, no ownership, so it can neither
  rewrite history nor `ALTER TABLE … DISABLE TRIGGER`. It reads and writes the other
  managed tables (projection checkpoints, quarantine, accounts and sessions), reads the
  schema's revision, and may create tables in the schema: the read models (`rm_*`) it
  builds, rebuilds and drops are its own.

`grants()` is the SQL `casework db init` runs as the owner (or prints for an administrator).

The service role is also made a member of `pg_read_all_stats` (a predefined role), so that
`casework status` shows when and with what query another role's open write transaction
holds readers back (without it PostgreSQL hides other roles' transaction start and query).
Granting a predefined role takes its admin option: `casework db init --owner-url` grants it
when the owner holds it (the administrator's one-time `GRANT pg_read_all_stats TO owner
WITH ADMIN OPTION`), else says so and prints the one statement for the administrator.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from workflow.errors import CaseworkError

LOG_TABLES = ("events", "event_commands")
STATS_ROLE = "pg_read_all_stats"  # read other sessions' pg_stat_activity (status' blockers)
READ_ONLY = ("alembic_version",)


class UnsafeRole(CaseworkError):
    """The service role could rewrite the log: a superuser, or the owner of its tables."""

    exit_code = 2


def quote(name: str) -> str:
    """A PostgreSQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def grants(service: str, schema: str) -> list[str]:
    """The statements that give `service` what it needs in `schema`, and no more."""
    r, s = quote(service), quote(schema)
    log = ", ".join(f"{s}.{quote(t)}" for t in LOG_TABLES)
    read_only = ", ".join(f"{s}.{quote(t)}" for t in READ_ONLY)
    return [
        f"GRANT USAGE, CREATE ON SCHEMA {s} TO {r}",
        _owned("SELECT, INSERT, UPDATE, DELETE", "r', 'p", service, schema),
        f"REVOKE ALL ON {log}, {read_only} FROM {r}",
        f"GRANT SELECT, INSERT ON {log} TO {r}",
        f"GRANT SELECT ON {read_only} TO {r}",
        _owned("USAGE, SELECT", "S", service, schema),
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES TO {r}",
    ]


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _owned(rights: str, kinds: str, service: str, schema: str) -> str:
    """Grant on every table (or sequence) of the schema that the running role owns: not
    `ON ALL TABLES`, which fails once the service has built read models of its own (a
    second `db init`, e.g. after an upgrade, must work)."""
    return (
        "DO $grant$ DECLARE t record; BEGIN FOR t IN SELECT c.relname FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        f" WHERE n.nspname = {_literal(schema)} AND c.relkind IN ('{kinds}')"
        " AND pg_has_role(current_user, c.relowner, 'USAGE') LOOP"
        f" EXECUTE 'GRANT {rights} ON ' || quote_ident({_literal(schema)}) || '.'"
        f" || quote_ident(t.relname) || ' TO ' || quote_ident({_literal(service)});"
        " END LOOP; END $grant$"
    )


def stats_grant(service: str) -> str:
    """The statement that lets the service see other roles' transactions (casework status)."""
    return f"GRANT {STATS_ROLE} TO {quote(service)}"


def script(service: str, schema: str, owner: str) -> str:
    """What an administrator runs, with the steps around it, as one SQL script."""
    lines = [
        "-- casework: least-privilege roles (issue 13). As an administrator, once:",
        f"--   CREATE ROLE {quote(owner)} LOGIN PASSWORD '…';",
        f"--   CREATE ROLE {quote(service)} LOGIN PASSWORD '…';",
        f"--   CREATE SCHEMA IF NOT EXISTS {quote(schema)} AUTHORIZATION {quote(owner)};",
        f"--   {stats_grant(service)};  -- casework status: other roles' open transactions",
        "-- then as the owner: casework db upgrade --url OWNER_URL, and this script",
        "-- (or all of it at once: casework db init --owner-url OWNER_URL).",
        *[f"{statement};" for statement in grants(service, schema)],
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Privileges:
    """What a role may do to the event table, as the server says."""

    role: str
    superuser: bool
    owns_log: bool
    on_log: frozenset[str]
    reads_stats: bool = False  # a member of pg_read_all_stats

    @property
    def safe(self) -> bool:
        return not self.superuser and not self.owns_log and self.on_log <= {"SELECT", "INSERT"}


def privileges(conn: Connection, role: str) -> Privileges:
    """The role's standing on the event table of the connection's schema."""
    row = conn.execute(
        text("SELECT r.rolsuper, pg_has_role(:r, c.relowner, 'USAGE') FROM pg_roles r,"
             " pg_class c WHERE r.rolname = :r AND c.oid = to_regclass('events')"),
        {"r": role},
    ).first()  # fmt: skip
    if row is None:
        raise UnsafeRole(f"没有角色 {role} 或事件表", f"no role {role!r}, or no events table")
    held = {
        p for p in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
        if conn.execute(text("SELECT has_table_privilege(:r, 'events', :p)"),
                        {"r": role, "p": p}).scalar()
    }  # fmt: skip
    stats = conn.execute(
        text("SELECT pg_has_role(:r, :s, 'USAGE')"), {"r": role, "s": STATS_ROLE}
    ).scalar()
    return Privileges(role, bool(row[0]), bool(row[1]), frozenset(held), bool(stats))


def grant_stats(conn: Connection, service: str) -> bool:
    """Make the service a member of pg_read_all_stats if the connected role may (it holds
    that role's admin option); False, changing nothing, if it may not."""
    from sqlalchemy.exc import DBAPIError

    member = conn.execute(
        text("SELECT pg_has_role(:r, :s, 'USAGE')"), {"r": service, "s": STATS_ROLE}
    ).scalar()
    if member:
        return True
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(stats_grant(service))
    except DBAPIError as err:
        if getattr(err.orig, "sqlstate", None) != "42501":  # insufficient privilege
            raise
        return False
    return True


def apply(conn: Connection, service: str) -> Privileges:
    """Grant (as the owner, on the connection's schema) and check the service role's rights."""
    schema = conn.execute(text("SELECT current_schema()")).scalar()
    if not schema:
        raise UnsafeRole("连接没有当前 schema", "the owner connection has no current schema")
    for statement in grants(service, str(schema)):
        conn.exec_driver_sql(statement)
    grant_stats(conn, service)
    found = privileges(conn, service)
    if not found.safe:
        raise UnsafeRole(
            f"服务角色 {service} 可以改写事件日志（超级用户或表的属主），请换一个角色",
            f"the service role {service!r} could rewrite the log (a superuser, or the owner "
            f"of the event table): connect the service as another role",
        )
    return found
