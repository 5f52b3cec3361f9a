"""What the console and the API read: case views, boards, history, the canonical chain.

Visibility (who sees which case) is the domain's: a supervisor sees every township;
team members see their own township's cases; an administrator sees no case. Parties'
personal data (ID numbers, mobile numbers) is masked for everyone but the case's own
township team.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from projections.engine import Tables
from workflow import clock
from workflow.accounts.service import Principal
from workflow.bootstrap import Casework
from workflow.cases import view as case_views
from workflow.cases.case import Case
from workflow.cases.party import mask as party_mask
from workflow.cases.party import mask_personal as mask
from workflow.errors import NotAuthorised
from workflow.reports import audit

CASE_VIEWERS = {"officer", "leader", "deputy", "supervisor"}


def sees_personal_data(who: Principal, township: str) -> bool:
    return who.role in ("officer", "leader", "deputy") and who.township == township


def may_see(who: Principal, township: str) -> None:
    """Refuse a case of another township (or any case, for an administrator)."""
    if who.role == "supervisor":
        return
    if who.role not in CASE_VIEWERS or who.township != township:
        raise NotAuthorised("无权查看其他乡镇的案件", "you may not see another township's cases")


def shown(who: Principal, township: str, value: Any) -> Any:
    return value if sees_personal_data(who, township) else mask(value)


def scope(who: Principal, township: str | None) -> str | None:
    """The township a listing is limited to: one's own unless a supervisor."""
    if who.role == "supervisor":
        return township
    if who.role not in CASE_VIEWERS or who.township is None:
        raise NotAuthorised("无权查看案件", "you may not see cases")
    return who.township


def case_view(who: Principal, case: Case, as_of: datetime | None = None) -> dict[str, Any]:
    """The case as the domain shows it; the party in full only for the township's team."""
    may_see(who, case.township)
    day = clock.local_day(as_of or clock.now())
    full = sees_personal_data(who, case.township)
    return shown(who, case.township, case_views.case_view(case, day, full_party=full))


PERSONAL_KEYS = ("id_number", "address", "contact")


def history(who: Principal, township: str, records: list[Any]) -> list[dict[str, Any]]:
    """The audit rows; for others than the team, personal fields of events are masked."""
    may_see(who, township)
    rows = [audit.audit_row(r) for r in records]
    if sees_personal_data(who, township):
        return rows
    for row in rows:
        row["data"] = {k: _masked(k, v) for k, v in row["data"].items()}
    return [mask(row) for row in rows]


def _masked(key: str, value: Any) -> Any:
    if isinstance(value, str) and value and any(p in key for p in PERSONAL_KEYS):
        return party_mask(value)
    return value


@contextmanager
def read_model(casework: Casework, name: str) -> Iterator[tuple[Connection, Tables]]:
    """Catch a read model up (a no-op when workers keep it current) and read it."""
    engine = casework.projections
    engine.catch_up(name)
    with engine.engine.connect() as conn:
        yield conn, engine.tables(name)


def listing(who: Principal, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [shown(who, r["township"], r) for r in rows]


CANONICAL = (
    "SELECT version, event_type, schema_version, data, metadata, recorded_at, prev_hash, hash"
    " FROM events WHERE stream_id = :s ORDER BY version"
)


def canonical_chain(casework: Casework, stream_id: str) -> list[dict[str, Any]]:
    """The stream exactly as stored: the texts the hash was computed over (events/hashing.py)."""
    with casework.store.engine.connect() as conn:
        rows = conn.execute(text(CANONICAL), {"s": stream_id}).all()
    return [
        {"version": r[0], "type": r[1], "schema_version": r[2], "data": r[3], "metadata": r[4],
         "recorded_at": r[5], "prev_hash": r[6], "hash": r[7]}
        for r in rows
    ]  # fmt: skip
