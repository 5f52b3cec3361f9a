"""Revision 0007 (inbox_reads, the accounts' 提醒 read marks) run by the owner on a
least-privilege database made at 0006: the service role then reads and moves the marks
(`ReadMarks`), while the log stays its to read and append only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from tests import pg
from tests.e2e.inproc import casework
from tests.pg import Roles
from workflow.accounts.read_marks import ReadMarks
from workflow.schema import version

pytestmark = pytest.mark.postgres
NOW = "2026-06-01T09:00"


@pytest.fixture
def roles() -> Iterator[Roles]:
    with pg.least_privilege() as found:
        yield found


def test_the_service_reads_and_writes_inbox_reads_after_the_owners_upgrade(roles: Roles) -> None:
    owner, service = roles.url(roles.owner), roles.url(roles.service)
    done = casework("--json", "db", "init", "--owner-url", owner, db=service, now=NOW)
    assert done.code == 0, done.err
    with roles.connect(roles.owner) as conn:  # as a database of the previous release (0006)
        conn.execute("DROP TABLE inbox_reads")
        conn.execute("UPDATE alembic_version SET version_num = '0006'")
    refused = casework("status", db=service, now=NOW)
    assert refused.code != 0 and "db upgrade" in refused.err, refused
    upgraded = casework("--json", "db", "upgrade", "--url", owner, db=owner, now=NOW)
    assert upgraded.code == 0 and f'"after": "{version.HEAD}"' in upgraded.out, upgraded
    assert casework("init", db=service, now=NOW).code == 0
    engine = create_engine(service, poolclass=NullPool)
    try:
        marks = ReadMarks(engine, clock=lambda: 1.0e9)
        assert marks.seen("tc-004") is None
        marks.advance("tc-004", 7)
        marks.advance("tc-004", 5)  # a lower mark leaves it
        assert marks.seen("tc-004") == 7
    finally:
        engine.dispose()
    with roles.connect(roles.owner) as conn:
        owner_of = conn.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'inbox_reads'"
                                " AND schemaname = current_schema()").fetchone()  # fmt: skip
    assert owner_of == (roles.owner,)  # the owner's table, the service's rows
