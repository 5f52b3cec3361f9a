"""Least privilege on PostgreSQL (issue 13 §2): the service role may only read and append
the log; the server itself refuses it UPDATE, DELETE, TRUNCATE, DISABLE TRIGGER and DROP.

Roles are cluster-wide and other test runs share the server: each test makes its own
uniquely named owner and service roles and a schema of its own, and drops them after."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from events import open_store
from tests import pg
from tests.e2e.inproc import Run, casework, environment
from tests.integration.backends import settle
from tests.pg import Roles

pytestmark = pytest.mark.postgres
NOW = "2026-06-01T09:00"


@pytest.fixture
def roles() -> Iterator[Roles]:
    with pg.least_privilege() as found:
        yield found


def as_service(roles: Roles, *args: str, user: str | None = None) -> Run:
    return casework(*args, db=roles.url(roles.service), user=user, now=NOW)


def refused(conn: psycopg.Connection, sql: str) -> str:
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute(sql)  # type: ignore[arg-type]
    return str(caught.value)


def test_the_service_may_only_read_and_append_the_log(roles: Roles) -> None:
    done = as_service(roles, "--json", "db", "init", "--owner-url", roles.url(roles.owner))
    assert done.code == 0, done.err
    assert '"on_events": ["INSERT", "SELECT"]' in done.out
    assert as_service(roles, "init").code == 0  # the county, appended as the service
    opened = as_service(roles, "case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
                        "--party", "张三", "--summary", "s", user="tc-004")  # fmt: skip
    assert opened.code == 0, opened.err
    store = open_store(roles.url(roles.service))
    settle(store)  # a write transaction elsewhere on the shared server holds readers back
    store.close()
    for argv in (["cases"], ["roster", "台城镇"], ["rebuild", "--all"], ["status"], ["verify"]):
        shown = as_service(roles, *argv, user="sv-001")
        assert shown.code == 0, (argv, shown.err)
    with roles.connect(roles.service) as conn:
        count = conn.execute("SELECT count(*) FROM events").fetchone()
        assert count is not None and count[0] > 0
        for sql in ("UPDATE events SET data = '{}'", "DELETE FROM events",
                    "TRUNCATE events", "DELETE FROM event_commands", "UPDATE alembic_version SET version_num = 'x'"):  # fmt: skip
            assert "permission denied" in refused(conn, sql)
        for sql in ("ALTER TABLE events DISABLE TRIGGER ALL", "DROP TABLE events",
                    "DROP TRIGGER events_append_only ON events",
                    "CREATE OR REPLACE TRIGGER events_append_only BEFORE UPDATE ON events"
                    " FOR EACH ROW EXECUTE FUNCTION casework_refuse_change()"):  # fmt: skip
            message = refused(conn, sql)
            assert "must be owner" in message or "permission denied" in message, message
        after = conn.execute("SELECT count(*) FROM events").fetchone()
        assert after == count


def test_without_an_owner_url_the_sql_is_printed_and_works(roles: Roles) -> None:
    printed = as_service(roles, "db", "init")
    assert printed.code == 0, printed.err
    grant = f'GRANT SELECT, INSERT ON "{roles.schema}"."events", "{roles.schema}"."event_commands"'
    assert grant + f' TO "{roles.service}";' in printed.out
    assert "UPDATE" not in printed.out.split("REVOKE ALL ON")[1].split(";")[1]
    with environment({"CASEWORK_DATABASE_URL": None}):
        upgraded = casework("db", "upgrade", "--url", roles.url(roles.owner), db=roles.url(roles.owner))
    assert upgraded.code == 0, upgraded.err
    with roles.connect(roles.owner) as conn:  # what an administrator pastes, as the owner
        sql = "\n".join(line for line in printed.out.splitlines() if not line.startswith("--"))
        conn.execute(sql)  # type: ignore[arg-type]
    assert as_service(roles, "init").code == 0
    with roles.connect(roles.service) as conn:
        assert "must be owner" in refused(conn, "ALTER TABLE events DISABLE TRIGGER ALL")


def test_a_service_role_that_could_rewrite_the_log_is_refused(roles: Roles) -> None:
    owner = roles.url(roles.owner)
    as_owner = casework("db", "init", "--owner-url", owner, db=owner)  # the owner as the service
    assert as_owner.code == 2 and "could rewrite the log" in as_owner.err, as_owner
    superuser = casework("db", "init", "--owner-url", owner, "--service-role", "postgres", db=owner)
    assert superuser.code == 2 and "could rewrite the log" in superuser.err, superuser


def foreign_transaction(marker: str, schema: str) -> psycopg.Connection:
    """Another role's (the superuser's) append to this log, left open before its commit and
    tagged by its query: the kind of transaction that holds the log's readers back."""
    from events.postgres import INSERT_LOCKED

    conn = psycopg.connect(pg.conninfo(), options=f"-csearch_path={schema}")
    row = ["held", 1, "T", 1, "{}", "{}", "2026-01-01T00:00:00.000000Z", "0" * 64, "0" * 64, ""]
    sql = f"/* {marker} */ " + INSERT_LOCKED.format(values="(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
    try:
        conn.execute(sql, row)  # type: ignore[arg-type]
    except BaseException:  # the append lock is a session lock: never leave it held
        conn.rollback()
        conn.execute("SELECT pg_advisory_unlock_all()")
        conn.close()
        raise
    return conn


def shown_blocker(roles: Roles, pid: int) -> dict[str, object]:
    run = as_service(roles, "--json", "status")
    assert run.code == 0, run.err
    blockers = json.loads(run.out)["blockers"]
    return next(b for b in blockers if b["pid"] == pid)


def test_db_init_grants_pg_read_all_stats_when_the_owner_may(roles: Roles) -> None:
    """With the administrator's one-time admin option for the owner, `db init` makes the
    service a member of pg_read_all_stats: `status` names another role's transaction's query."""
    with psycopg.connect(pg.conninfo(), autocommit=True) as conn:  # the administrator, once
        conn.execute(f"GRANT pg_read_all_stats TO {roles.owner} WITH ADMIN OPTION")  # type: ignore[arg-type]
    done = as_service(roles, "--json", "db", "init", "--owner-url", roles.url(roles.owner))
    assert done.code == 0, done.err
    assert json.loads(done.out)["read_all_stats"] is True
    with roles.connect(roles.service) as conn:
        member = conn.execute("SELECT pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')")
        assert member.fetchone() == (True,)
    assert as_service(roles, "init").code == 0
    marker = f"cw-stats-{uuid.uuid4().hex[:8]}"
    foreign = foreign_transaction(marker, roles.schema)
    try:
        blocker = shown_blocker(roles, foreign.info.backend_pid)
    finally:
        foreign.rollback()
        foreign.close()
    assert marker in str(blocker["query"]), blocker
    again = as_service(roles, "--json", "db", "init", "--owner-url", roles.url(roles.owner))
    assert again.code == 0, again.err
    assert json.loads(again.out)["read_all_stats"] is True  # idempotent


def test_db_init_says_when_it_cannot_grant_pg_read_all_stats(roles: Roles) -> None:
    """An owner without the admin option: `db init` still succeeds, says what is missing
    and prints the administrator's statement; `status` then sees no foreign query."""
    done = as_service(roles, "db", "init", "--owner-url", roles.url(roles.owner))
    assert done.code == 0, done.err
    assert f'GRANT pg_read_all_stats TO "{roles.service}";' in done.out, done.out
    assert "not granted" in done.out
    assert as_service(roles, "init").code == 0
    marker = f"cw-stats-{uuid.uuid4().hex[:8]}"
    foreign = foreign_transaction(marker, roles.schema)
    try:
        blocker = shown_blocker(roles, foreign.info.backend_pid)
    finally:
        foreign.rollback()
        foreign.close()
    assert marker not in str(blocker["query"]), blocker
    printed = as_service(roles, "db", "init")  # the administrator's script names it too
    assert f'--   GRANT pg_read_all_stats TO "{roles.service}";' in printed.out
