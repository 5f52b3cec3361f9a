"""Who may do what: every role × every case command, on a real SQLite store and the wutai county.

Each cell prepares a fresh case in the state the command needs, then lets one role try it.
Allowed commands append; refused ones raise NotAuthorised or RuleViolation and append nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from events import EventStore, open_store
from tests.unit.case_fakes import PARTY, licence_by_application
from workflow.cases import commands as c
from workflow.cases.service import CaseService
from workflow.errors import NotAuthorised, RuleViolation
from workflow.organisation.service import init_county
from workflow.organisation.snapshot import load_directory

ROLES = {
    "officer": "tc-004",
    "undispatched_officer": "tc-007",
    "leader": "tc-001",
    "deputy": "tc-002",
    "other_township": "gz-004",
    "supervisor": "sv-001",
    "admin": "ad-001",
}
OFFICERS = ("tc-004", "tc-005")


class Desk:
    """A service whose clock moves a minute per command."""

    def __init__(self, store: EventStore) -> None:
        self.now = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
        directory = load_directory(store)
        self.store = store
        self.service = CaseService(store, lambda: directory, clock=self.tick)

    def tick(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now

    def do(self, command: Any) -> Any:
        return self.service.execute(command)


def opened(d: Desk, matter: str = "SC-CF-001") -> str:
    return str(
        d.do(
            c.OpenCase(
                actor="tc-006", township="taicheng", matter=matter, party="p", summary="s", **PARTY
            )
        ).case_id
    )


def dispatched(d: Desk, matter: str = "SC-CF-001") -> str:
    case = opened(d, matter)
    d.do(c.DispatchCase(actor="tc-001", case=case, officers=OFFICERS))
    return case


def evidenced(d: Desk) -> str:
    case = dispatched(d)
    d.do(c.RecordEvidence(actor="tc-005", case=case, kind="k", text="t"))
    return case


def notified(d: Desk, amount: float = 20_000) -> str:
    case = evidenced(d)
    d.do(c.NotifyPenalty(actor="tc-005", case=case, amount=amount, basis="b", circumstance="一般"))
    return case


def waived(d: Desk) -> str:
    case = notified(d, 500)
    d.do(c.WaiveDefence(actor="tc-005", case=case))
    return case


def hearing(d: Desk) -> str:
    case = notified(d)
    d.do(c.RequestHearing(actor="tc-005", case=case))
    return case


def hearing_day(d: Desk) -> str:
    """A hearing scheduled with tc-007 (not an investigator) in the chair, on its day."""
    case = hearing(d)
    on = date(2026, 6, 12)  # 8 working days after Monday 1 June 2026
    d.do(c.ScheduleHearing(actor="tc-001", case=case, on=on, place="听证室", chair="tc-007"))
    d.now = datetime(2026, 6, 12, 2, 0, tzinfo=UTC)
    return case


def decided(d: Desk) -> str:
    case = waived(d)
    d.do(c.DecidePenalty(actor="tc-002", case=case, amount=500, basis="b"))
    return case


def licence(d: Desk) -> str:
    code = next(
        m.code
        for m in load_directory(d.store).catalogues[-1].items.values()
        if m.kind.value == "licensing"
    )
    case = str(licence_by_application(d.service, "tc-006", "taicheng", code, "p").case_id)
    d.do(c.DispatchCase(actor="tc-001", case=case, officers=OFFICERS))
    return case


def dropped(d: Desk) -> str:
    case = opened(d)
    d.do(c.CloseCase(actor="tc-001", case=case, outcome="dropped", reason="r"))
    return case


Cell = tuple[Callable[[Desk], str] | None, Callable[[str, str], Any], set[str]]
MATRIX: dict[str, Cell] = {
    "open": (
        None,
        lambda a, k: c.OpenCase(
            actor=a, township="taicheng", matter="SC-CF-001", party="p", summary="s"
        ),
        {"officer", "undispatched_officer", "leader", "deputy"},
    ),
    "dispatch": (
        opened,
        lambda a, k: c.DispatchCase(actor=a, case=k, officers=OFFICERS),
        {"leader", "deputy"},
    ),
    "evidence": (
        dispatched,
        lambda a, k: c.RecordEvidence(actor=a, case=k, kind="k", text="t"),
        {"officer"},
    ),
    "notify": (
        evidenced,
        lambda a, k: c.NotifyPenalty(actor=a, case=k, amount=500, basis="b", circumstance="一般"),
        {"officer"},
    ),
    "waive": (notified, lambda a, k: c.WaiveDefence(actor=a, case=k), {"officer"}),
    "hearing request": (notified, lambda a, k: c.RequestHearing(actor=a, case=k), {"officer"}),
    "hearing held": (
        hearing_day,
        lambda a, k: c.HoldHearing(actor=a, case=k, record_sha256="ab" * 32),
        {"undispatched_officer"},  # tc-007 chairs; nobody else records the hearing
    ),
    "legal-review": (
        notified,
        lambda a, k: c.RecordLegalReview(actor=a, case=k, opinion="o", result="passed"),
        {"deputy"},  # tc-002 is the designated 法制审核人员; investigators never review
    ),
    "decide": (
        waived,
        lambda a, k: c.DecidePenalty(actor=a, case=k, amount=500, basis="b"),
        {"leader", "deputy"},
    ),
    "grant": (licence, lambda a, k: c.GrantLicence(actor=a, case=k), {"leader", "deputy"}),
    "refuse": (
        licence,
        lambda a, k: c.RefuseLicence(actor=a, case=k, reason="r"),
        {"leader", "deputy"},
    ),
    "extend": (
        opened,
        lambda a, k: c.ExtendDeadline(actor=a, case=k, days=10, reason="r"),
        {"leader"},
    ),
    "close": (
        decided,
        lambda a, k: c.CloseCase(actor=a, case=k, outcome="executed"),
        {"officer", "leader", "deputy"},
    ),
    "review": (
        dropped,
        lambda a, k: c.ReviewCase(actor=a, case=k, verdict="qualified", findings="f"),
        {"supervisor"},
    ),
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("matrix") / "county.db"
    store = open_store(f"sqlite:///{path}")
    init_county(store)
    desk = Desk(store)
    for duty in ("decider", "legal_reviewer"):  # the leader designates tc-002 for both
        desk.service.designate(
            c.DesignateDuty(actor="tc-001", township="taicheng", person="tc-002", duty=duty)
        )
    store.close()
    return path


@pytest.fixture
def desk(template: Path, tmp_path: Path) -> Iterator[Desk]:
    copy = tmp_path / "case.db"
    copy.write_bytes(template.read_bytes())
    store = open_store(f"sqlite:///{copy}")
    yield Desk(store)
    store.close()


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("command", list(MATRIX))
def test_role_command_matrix(desk: Desk, command: str, role: str) -> None:
    prepare, build, allowed = MATRIX[command]
    case = prepare(desk) if prepare else ""
    before = desk.store.status().last_position  # what we wrote, not the gap-safe head
    attempt = build(ROLES[role], case)
    if role in allowed:
        result = desk.do(attempt)
        assert desk.store.status().last_position > before and not result.duplicate
        return
    with pytest.raises((NotAuthorised, RuleViolation)):
        desk.do(attempt)
    assert desk.store.status().last_position == before, f"{role} {command} was refused but appended"
