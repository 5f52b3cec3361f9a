"""In-memory fakes for pure domain unit tests of the case side (never for integration)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from events import AppendResult, ConcurrencyError, NewEvent, RecordedEvent
from workflow.errors import NotFound


@dataclass
class FakePerson:
    id: str
    name: str
    township: str | None
    role: str
    removed: bool = False
    valid_until: date | None = date(2030, 12, 31)

    def certificate_valid_on(self, day: date) -> bool:
        return self.valid_until is not None and day <= self.valid_until


@dataclass(frozen=True)
class FakeMatter:
    code: str
    name: str
    kind: str
    legal_basis: str
    hearing_eligible: bool
    category: str = "c"
    domain: str = "market"


@dataclass(frozen=True)
class FakeTownship:
    code: str
    name: str


@dataclass
class FakeDirectory:
    people: dict[str, FakePerson] = field(default_factory=dict)
    matters: dict[str, FakeMatter] = field(default_factory=dict)
    effective: date = date(2026, 5, 2)
    townships: dict[str, FakeTownship] = field(default_factory=dict)

    def township(self, name_or_code: str) -> FakeTownship:
        for t in self.townships.values():
            if name_or_code in (t.code, t.name):
                return t
        raise NotFound("没有乡镇", f"no township {name_or_code}")

    def person(self, person_id: str) -> FakePerson | None:
        return self.people.get(person_id)

    def matter(self, code: str, on: date) -> FakeMatter | None:
        return self.matters.get(code) if on >= self.effective else None


def directory() -> FakeDirectory:
    d = FakeDirectory()
    d.townships = {
        "taicheng": FakeTownship("taicheng", "台城镇"),
        "gengzhen": FakeTownship("gengzhen", "耿镇镇"),
    }
    people = [
        FakePerson("tc-lead", "队长", "taicheng", "leader"),
        FakePerson("tc-dep", "副队长", "taicheng", "deputy"),
        FakePerson("tc-o1", "甲", "taicheng", "officer"),
        FakePerson("tc-o2", "乙", "taicheng", "officer"),
        FakePerson("tc-o3", "丙", "taicheng", "officer"),
        FakePerson("tc-gone", "丁", "taicheng", "officer", removed=True),
        FakePerson("tc-nocert", "戊", "taicheng", "officer", valid_until=date(2026, 1, 1)),
        FakePerson("gz-o1", "己", "gengzhen", "officer"),
        FakePerson("gz-lead", "庚", "gengzhen", "leader"),
        FakePerson("sup", "监督", None, "supervisor"),
        FakePerson("adm", "管理员", None, "admin"),
    ]
    d.people = {p.id: p for p in people}
    d.matters = {
        "M-P1": FakeMatter("M-P1", "无照经营", "penalty", "《无证无照经营查处办法》第十三条", True),
        "M-P2": FakeMatter(
            "M-P2", "占道经营", "penalty", "《城市市容和环境卫生管理条例》第三十六条", False
        ),
        "M-L1": FakeMatter(
            "M-L1", "临时占道许可", "licensing", "《城市道路管理条例》第三十一条", False
        ),
    }
    return d


class MemoryStore:
    """A list-backed store with the append contract (unit tests of the pure domain only)."""

    def __init__(self) -> None:
        self.streams: dict[str, list[RecordedEvent]] = {}
        self.commands: dict[str, AppendResult] = {}
        self.position = 0

    def append(
        self,
        stream_id: str,
        events: list[NewEvent],
        expected_version: int | None = None,
        command_id: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> AppendResult:
        if command_id and command_id in self.commands:
            first = self.commands[command_id]
            return AppendResult(first.stream_id, first.version, first.positions, True)
        stream = self.streams.setdefault(stream_id, [])
        if expected_version is not None and expected_version != len(stream):
            raise ConcurrencyError(stream_id, expected_version, len(stream))
        positions = []
        for e in events:
            self.position += 1
            meta = {**(metadata or {}), **e.metadata}
            if command_id:
                meta["command_id"] = command_id
            stream.append(
                RecordedEvent(
                    self.position,
                    stream_id,
                    len(stream) + 1,
                    e.type,
                    e.schema_version,
                    e.data,
                    meta,
                    datetime.now(UTC),
                    "",
                    "",
                )
            )
            positions.append(self.position)
        result = AppendResult(stream_id, len(stream), tuple(positions))
        if command_id:
            self.commands[command_id] = result
        return result

    def read_stream(self, stream_id: str) -> list[RecordedEvent]:
        return list(self.streams.get(stream_id, []))

    def stream_version(self, stream_id: str) -> int:
        return len(self.streams.get(stream_id, []))

    def count(self) -> int:
        return self.position

    def iter_all(self, *, after: int = 0) -> list[RecordedEvent]:
        """Every event after `after`, in log order (as EventStore.iter_all)."""
        found = [e for stream in self.streams.values() for e in stream if e.position > after]
        return sorted(found, key=lambda e: e.position)


class World:
    """A case service over the memory store and fake directory, with a settable clock."""

    def __init__(self, start: str = "2026-06-01T10:00:00+08:00") -> None:
        from workflow.cases.service import CaseService

        self.store = MemoryStore()
        self.directory = directory()
        self.now = datetime.fromisoformat(start).astimezone(UTC)
        self.service = CaseService(
            self.store,
            lambda: self.directory,  # type: ignore[arg-type]
            clock=lambda: self.now,
        )

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)

    def do(self, command: Any) -> Any:
        return self.service.execute(command)

    def licence(self, actor: str = "tc-o1", party: str = "李四", summary: str = "申请占道",
                matter: str = "M-L1", accept_by: str = "") -> Any:  # fmt: skip
        return licence_by_application(self.service, actor, "taicheng", matter, party, summary,
                                      accept_by=accept_by)  # fmt: skip


def licence_by_application(service: Any, actor: str, township: str, matter: str, party: str,
                           summary: str = "s", accept_by: str = "") -> Any:  # fmt: skip
    """A licensing case the only lawful way: an application received, then 受理
    (《行政许可法》第二十九条、第三十二条); the CaseResult of the opening."""
    from workflow.cases.application_service import (
        AnswerApplication,
        ApplicationService,
        ReceiveApplication,
    )

    apps = ApplicationService(service)
    view = apps.receive(ReceiveApplication(actor=actor, township=township, matter=matter,
                                           applicant=party, summary=summary))  # fmt: skip
    return apps.answer(AnswerApplication(actor=accept_by or actor,
                                         application=str(view["application_id"]),
                                         answer="accept"))  # fmt: skip


PERSON_ID = "140922198503120018"  # a valid 身份证号码 (GB 11643 checksum), fictional
FIRM_CODE = "91140922MA0K123454"  # a valid 统一社会信用代码 (GB 32100 checksum), fictional
PARTY: dict[str, Any] = {"party_id_number": PERSON_ID, "party_address": "台城镇东街1号"}
