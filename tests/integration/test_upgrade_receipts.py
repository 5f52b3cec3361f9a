"""Revision 0006 back-fills payment-receipt uniqueness for a database that recorded payments
before receipts became store-wide command ids: after `casework db upgrade` an old receipt
cannot be used again on any case, the log is unchanged, and a second upgrade adds nothing
(SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from events import open_store
from tests.integration.case_db import BACKENDS, database_url
from tests.integration.documents_desk import Desk
from workflow.bootstrap import bootstrap
from workflow.cli.app import main
from workflow.documents.kinds import DocumentKind
from workflow.errors import RuleViolation
from workflow.execution import events as ev
from workflow.messages import to_new_event
from workflow.organisation.service import init_county
from workflow.schema import version
from workflow.schema.upgrade import current, owner_engine
from workflow.settings import Settings

KEYS = "SELECT command_id, stream_id FROM event_commands WHERE command_id LIKE 'payment-receipt:%' ORDER BY command_id"


def old_payment(desk: Desk, case: str, receipt: str) -> None:
    """A payment as recorded before receipts were command ids: a plain append."""
    stream = f"execution-{case}"
    event = ev.PaymentRecorded(100.0, receipt, "2026-06-02", desk.now.isoformat())
    desk.store.append(stream, [to_new_event(event)], expected_version=desk.store.stream_version(stream),
                      metadata={"actor": "tc-004", "role": "staff"})  # fmt: skip


def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = owner_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_old_receipts_are_claimed_by_the_upgrade(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    url = database_url(backend, tmp_path)
    store = open_store(url)
    init_county(store)
    desk = Desk(store)
    first, second, third = (desk.decided(party=f"王{i}") for i in range(3))
    for case in (first, second, third):
        issued, _ = desk.documents.issue(case, DocumentKind.DECISION, "tc-004")
        desk.execution.serve(case, issued.event.number, "直接送达", None, "tc-004")
    old_payment(desk, first, "WT 0001")
    old_payment(desk, second, "wt0001")  # the same receipt twice, before the rule: kept as is
    old_payment(desk, second, "WT-0002")
    store.close()
    bootstrap(Settings(database_url=url)).close()  # stamped at the head, as casework does
    engine = owner_engine(url)
    with engine.begin() as conn:  # as a database of revision 0005 (before the back-fill)
        conn.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    engine.dispose()
    log = rows(url, "SELECT position, hash FROM events ORDER BY position")
    assert rows(url, KEYS) == []

    monkeypatch.setenv("CASEWORK_DATABASE_URL", url)
    assert main(["--json", "db", "upgrade"]) in (None, 0)
    assert f'"after": "{version.HEAD}"' in capsys.readouterr().out
    claimed = rows(url, KEYS)
    assert claimed == [("payment-receipt:WT-0002", f"execution-{second}"),
                       ("payment-receipt:WT0001", f"execution-{first}")]  # fmt: skip
    assert rows(url, "SELECT position, hash FROM events ORDER BY position") == log

    store = open_store(url)
    desk = Desk(store, start=desk.now)
    before = store.stream_version(f"execution-{third}")
    with pytest.raises(RuleViolation, match=first):  # the old receipt, on another case
        desk.execution.pay(third, 100, "w t 0 0 0 1", None, "tc-004")
    with pytest.raises(RuleViolation, match="第六十七条"):
        desk.execution.pay(third, 100, "WT-0002", None, "tc-004")
    assert store.stream_version(f"execution-{third}") == before  # nothing appended
    desk.execution.pay(third, 100, "WT-0003", None, "tc-004")  # a new receipt is taken
    store.close()
    engine = owner_engine(url)
    with engine.begin() as conn:  # run again from 0005: nothing more to claim
        conn.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    assert current(engine) == "0005"
    engine.dispose()
    assert main(["--json", "db", "upgrade"]) in (None, 0)
    assert len(rows(url, KEYS)) == 3  # WT0001, WT-0002 and the new WT-0003
