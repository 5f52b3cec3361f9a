"""Command handlers for cases (案件办理服务): load, authorise, decide, append.

Each command: load the directory and the case stream, check who acts (authorisation),
check the business time, let the lifecycle and the guards decide, then append with
`expected_version` = the version loaded and the command's `command_id`. A refused
command raises and appends nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from events import EventStore, RecordedEvent
from workflow.cases import auth as case_auth
from workflow.cases import commands as cmd
from workflow.cases import decide as case_decide
from workflow.cases.case import Case, replay
from workflow.cases.config import RuleConfig
from workflow.cases.duties import Duties, Duty, decide_designation
from workflow.cases.duties import fold as fold_duties
from workflow.cases.duties import stream_of as duties_stream
from workflow.cases.folded import Folded, FoldedCases, duties_onto, fold_onto
from workflow.cases.holidays import STREAM as HOLIDAYS_STREAM
from workflow.cases.holidays import install_from as install_holidays
from workflow.cases.holidays import install_records
from workflow.cases.numbering import (
    KIND_LETTER,
    CaseNumber,
    allocate,
    needs_directory,
    parse_case_ref,
)
from workflow.cases.ports import DirectoryLike, PersonLike
from workflow.cases.rules import Context, check_certified, violation
from workflow.clock import now as clock_now
from workflow.clock import show as clock_show
from workflow.errors import ConcurrencyError, NotFound
from workflow.messages import fold_readable, from_recorded, to_new_event

FUTURE_SKEW = timedelta(minutes=5)
LATE_AFTER = timedelta(hours=1)  # recorded more than an hour after the act: 补录, with a reason
TIME_STATUTE = "《行政处罚法》第四十七条（全过程记录）"


@dataclass(frozen=True)
class CaseResult:
    """What a command did: the case, its state afterwards, the events it appended."""

    case_id: str
    number: str
    state: str
    version: int
    events: tuple[str, ...] = ()
    duplicate: bool = False
    case: Case | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "number": self.number,
            "state": self.state,
            "version": self.version,
            "events": list(self.events),
            "duplicate": self.duplicate,
        }


class CaseService:
    """Decides case commands against the event store."""

    def __init__(
        self,
        store: EventStore,
        directory: Callable[[], DirectoryLike],
        *,
        config: RuleConfig | None = None,
        max_backdate_hours: float = 72.0,
        clock: Callable[[], datetime] = clock_now,
        close_guard: Callable[[Case, cmd.CloseCase], None] | None = None,
        origin: dict[str, str] | None = None,
        spot_limits: Any = None,
        folded: FoldedCases | None = None,
    ) -> None:
        self.folded = folded  # cases folded by earlier commands of this process (a server's)
        self.spot_limits = spot_limits  # 简易程序 values of the county file (cases/spot.py)
        self.store = store
        self.close_guard = close_guard  # e.g. execution: executed only when all is performed
        self.origin = origin or {}  # channel (cli/web/api) and account, kept in metadata
        self.directory = directory
        self.config = config or RuleConfig()
        self.max_backdate = timedelta(hours=max_backdate_hours)
        self.clock = clock
        self._last_numbers: dict[str, int] = {}  # sequence -> a number known to exist (a hint)

    def execute(self, command: cmd.Command, *, expected_version: int | None = None) -> CaseResult:
        """Decide and record any case command (on the case as the caller saw it, if given)."""
        if isinstance(command, cmd.OpenCase):
            return self.open(command)
        assert isinstance(command, cmd.CaseCommand)
        return self.handle(command, expected_version=expected_version)

    def open(self, c: cmd.OpenCase) -> CaseResult:
        """立案/受理: allocate the next number of the township's sequence and record CaseOpened."""
        township, person, ctx, sequence = self.prepare_open(c)

        def build(number: CaseNumber) -> list[Any]:
            event = case_decide.decide_open(
                c, ctx, township, number.short_id, number.human(township.name)
            )
            return [to_new_event(event)]

        build(sequence.with_n(1))  # run the guards once before touching the sequence
        if c.source:  # only an approved lead, not yet opened (立案审批, 处罚法 art. 54)
            check_source(self.store, c.source)
        key = sequence.stream_id
        number, result = allocate(
            self.store,
            sequence,
            build,
            hint=self._last_numbers.get(key, 0),
            command_id=c.command_id,
            metadata=self._meta(person, c.late_reason),
        )
        if not result.duplicate:
            self._last_numbers[key] = max(number.n, self._last_numbers.get(key, 0))
        return self._result(number.stream_id, result.duplicate, ())

    def prepare_open(self, c: cmd.OpenCase) -> tuple[Any, PersonLike, Context, CaseNumber]:
        """Who opens, when, in which sequence; `decide_open` may then run as a dry run."""
        directory = self.directory()
        install_holidays(self.store)
        township = directory.township(c.township)
        person = case_auth.authorise(directory.person(c.actor), c.actor, c, township.code)
        at = self._business_time(c.at, None, c.late_reason)
        ctx = Context(person, at, directory, self.config)
        matter = directory.matter(c.matter, ctx.day)
        kind = str(getattr(matter.kind, "value", matter.kind)) if matter else "penalty"
        sequence = CaseNumber(township.code, KIND_LETTER.get(kind, "P"), ctx.day.year, 0)
        check_certified(person, ctx.day)
        return township, person, ctx, sequence

    def on_the_spot(self, c: cmd.DecideOnTheSpot) -> CaseResult:
        """简易程序: open, record and decide a case in one append (arts 51–52)."""
        from workflow.cases import spot

        directory = self.directory()
        township = directory.township(c.township)
        opening = cmd.OpenCase(actor=c.actor, township=c.township, matter=c.matter,
                               party=c.party, summary=c.summary)  # fmt: skip
        person = case_auth.authorise(directory.person(c.actor), c.actor, opening, township.code)
        ctx = Context(person, self._business_time(c.at, None), directory, self.config)
        sequence = CaseNumber(township.code, "P", ctx.day.year, 0)
        rules = self.spot_limits or spot.StatutoryLimits()

        def build(number: CaseNumber) -> list[Any]:
            short, human = number.short_id, number.human(township.name)
            return [to_new_event(e) for e in spot.build(c, ctx, township, rules, short, human)]

        build(sequence.with_n(1))  # run the guards once before touching the sequence
        number, result = allocate(self.store, sequence, build,
                                  hint=self._last_numbers.get(sequence.stream_id, 0),
                                  command_id=c.command_id, metadata=self._meta(person))  # fmt: skip
        return self._result(number.stream_id, result.duplicate, ())

    def check_actor(self, c: cmd.CaseCommand) -> None:
        """Refuse now (NotAuthorised, UnknownUser, NotFound) unless the actor may issue `c`
        on its case: called before costly work such as hashing an evidence file."""
        directory = self.directory()
        case = self._fold(c.case, directory)[1].case
        case_auth.authorise(directory.person(c.actor), c.actor, c, case.township, case.officers)

    def handle(self, c: cmd.CaseCommand, *, expected_version: int | None = None) -> CaseResult:
        """Any command on an existing case; a stale `expected_version` raises ConcurrencyError."""
        directory = self.directory()
        stream_id, folded, duties = self._load(c.case, directory)
        case = folded.case
        if c.command_id and c.command_id in folded.command_ids:
            return self._result(stream_id, True, ())
        if expected_version is not None and expected_version != case.version:
            raise ConcurrencyError(stream_id, expected_version, case.version)
        person = case_auth.authorise(
            directory.person(c.actor), c.actor, c, case.township, case.officers
        )
        at = self._business_time(c.at, case.last_at, c.late_reason)
        ctx = Context(person, at, directory, self.config, duties)
        if isinstance(c, cmd.CloseCase) and self.close_guard is not None:
            self.close_guard(case, c)
        events = case_decide.DECIDERS[type(c)](case, c, ctx)
        meta = self._meta(person, c.late_reason)
        return self._record(stream_id, case, events, meta, c.command_id)

    def _record(
        self,
        stream_id: str,
        case: Case,
        events: list[Any],
        meta: dict[str, object],
        cid: str | None,
    ) -> CaseResult:
        """Append the decided events at the version the case was loaded at."""
        new = [to_new_event(e) for e in events]
        result = self.store.append(
            stream_id,
            new,
            expected_version=case.version,
            command_id=cid,
            metadata=meta,
        )
        if result.duplicate:  # the command id was first used elsewhere: report that result
            return self._result(result.stream_id, True, ())
        for event in events:
            case.apply(event)
        names = tuple(type(e).__name__ for e in events)
        return CaseResult(case.case_id, case.number, _state(case), case.version, names, False, case)

    def duties(self, township: str) -> Duties:
        """Who holds 法制审核人员 / 授权决定 duties in the township."""
        stream = duties_stream(township)
        return fold_duties(from_recorded(r) for r in self.store.read_stream(stream))

    def designate(self, c: cmd.DesignateDuty) -> tuple[str, int]:
        """指定职责: the township's leader designates (or withdraws) a duty on the record."""
        directory = self.directory()
        township = directory.township(c.township).code
        person = directory.person(c.actor)
        if person is None or person.removed:
            raise NotFound(f"未知的操作人员 {c.actor}", f"unknown user {c.actor}")
        at = self._business_time(c.at, None)
        event = decide_designation(
            person, directory, township, c.person, Duty(c.duty), c.granted, at.isoformat()
        )
        stream = duties_stream(township)
        current = self.duties(township)
        result = self.store.append(
            stream,
            [to_new_event(event)],
            expected_version=current.version,
            command_id=c.command_id,
            metadata=self._meta(person),
        )
        return stream, result.version

    def load(self, ref: str) -> Case:
        """The case as its events say it is (NotFound if absent)."""
        return replay([from_recorded(r) for r in self.history(ref)])

    def load_readable(self, ref: str) -> tuple[Case, list[str]]:
        """The case from the events that can be read, and those that cannot (for views)."""
        case = Case()
        skipped = fold_readable(case.apply, self.history(ref))
        return case, skipped

    def load_records(self, records: list[RecordedEvent]) -> Case:
        """The case folded from records already read (e.g. up to a time)."""
        return replay([from_recorded(r) for r in records])

    def history(self, ref: str) -> list[RecordedEvent]:
        """Every stored event of the case, oldest first."""
        install_holidays(self.store)
        directory = self.directory() if needs_directory(ref) else None  # a case id: not loaded
        return self._records(ref, directory)[1]

    def _load(self, ref: str, directory: DirectoryLike) -> tuple[str, Folded, Duties]:
        """The case folded to its current version, its township's duties, the county's
        calendar installed: with the process's folded cases, one read of what each stream
        recorded since it was last folded; else each stream read whole."""
        stream_id = parse_case_ref(ref, directory).stream_id
        cache = self.folded
        cached = cache.get(stream_id) if cache is not None else None
        if cache is not None and cached is not None:
            duty_stream = duties_stream(cached.case.township)
            duties = cache.duties(duty_stream) or Duties()
            installed = cache.calendar_version
            found = self.store.read_streams({stream_id: cached.case.version,
                                             duty_stream: duties.version,
                                             HOLIDAYS_STREAM: installed})  # fmt: skip
            newer, designations, calendar = found[stream_id], found[duty_stream], found[HOLIDAYS_STREAM]
            if (_follows(newer, cached.case.version) and _follows(designations, duties.version)
                    and _follows(calendar, installed)):  # fmt: skip
                install_records(calendar)
                cache.calendar_installed(calendar[-1].version if calendar else installed)
                folded = fold_onto(cached, newer)
                duties = duties_onto(duties, designations)
                if newer:
                    cache.put(stream_id, folded)
                if designations:
                    cache.put_duties(duty_stream, duties)
                return stream_id, folded, duties
        install_holidays(self.store)
        stream_id, folded = self._fold(ref, directory)
        duties = self.duties(folded.case.township)
        if cache is not None:
            cache.put_duties(duties_stream(folded.case.township), duties)
        return stream_id, folded, duties

    def _fold(self, ref: str, directory: DirectoryLike | None) -> tuple[str, Folded]:
        """The case folded to its current version: from the process's folded cases and the
        events recorded since, when there are any (else from the whole stream)."""
        stream_id = parse_case_ref(ref, directory).stream_id
        cached = self.folded.get(stream_id) if self.folded is not None else None
        if cached is not None:
            newer = self.store.read_stream(stream_id, after_version=cached.case.version)
            if not newer or newer[0].version == cached.case.version + 1:
                folded = fold_onto(cached, newer)
                if newer and self.folded is not None:
                    self.folded.put(stream_id, folded)
                return stream_id, folded
        records = self._records(ref, directory)[1]
        folded = fold_onto(None, records)
        if self.folded is not None:
            self.folded.put(stream_id, folded)
        return stream_id, folded

    def _records(
        self, ref: str, directory: DirectoryLike | None
    ) -> tuple[str, list[RecordedEvent]]:
        stream_id = parse_case_ref(ref, directory).stream_id
        records = self.store.read_stream(stream_id)
        if not records:
            raise NotFound(f"案件 {ref} 不存在", f"no such case: {ref}")
        return stream_id, records

    def _result(
        self,
        stream_id: str,
        duplicate: bool,
        names: tuple[str, ...],
        records: list[RecordedEvent] | None = None,
    ) -> CaseResult:
        records = records if records is not None else self.store.read_stream(stream_id)
        case = replay([from_recorded(r) for r in records])
        names = names or ((records[-1].type,) if not duplicate and records else ())
        return CaseResult(
            case.case_id, case.number, _state(case), case.version, names, duplicate, case
        )

    def _meta(self, person: PersonLike, late_reason: str = "") -> dict[str, object]:
        return {**_meta(person, late_reason), **self.origin}

    def _business_time(
        self, at: datetime | None, last: datetime | None, late_reason: str = ""
    ) -> datetime:
        """`--at` may precede now by at most the backdate limit, never run backwards, and
        needs a 补录原因 when it precedes now by more than an hour."""
        current = self.clock()
        moment = at or current
        if moment > current + FUTURE_SKEW:
            raise violation(
                "future-time",
                TIME_STATUTE,
                "业务时间不能晚于当前时间",
                f"business time {clock_show(moment)} is in the future",
            )
        if current - moment > self.max_backdate:
            hours = self.max_backdate.total_seconds() / 3600
            raise violation(
                "backdate-limit",
                TIME_STATUTE,
                f"业务时间最多只能补录 {hours:g} 小时以前的",
                f"business time may precede recording by at most {hours:g} h",
            )
        if current - moment > LATE_AFTER and not late_reason.strip():
            raise violation(
                "late-reason",
                TIME_STATUTE,
                f"业务时间 {clock_show(moment)} 早于当前一小时以上，须写明补录原因（--late-reason）",
                "a business time more than an hour back needs --late-reason",
            )
        if last is not None and moment < last:
            raise violation(
                "time-order",
                TIME_STATUTE,
                "业务时间不能早于本案上一条记录",
                f"business time {clock_show(moment)} is before the case's last event",
            )
        return moment


def _follows(records: list[RecordedEvent], version: int) -> bool:
    """The records are the ones right after `version` (or none)."""
    return not records or records[0].version == version + 1


def check_source(store: EventStore, ref: str) -> None:
    """A case names a lead as its source only when the leader approved it and none opened."""
    from workflow.cases import applications, sources

    module: Any = applications if "-A-" in ref else sources  # a licence application (受理)
    stream = module.parse_ref(ref).stream_id
    lead = module.fold(from_recorded(r) for r in store.read_stream(stream))
    if lead.state != "accepted" or lead.case_id:
        raise violation(
            "source-approved", sources.ART54, f"线索 {ref} 未经立案审批同意，或已立案",
            f"lead {ref} is not approved for opening, or already opened",
        )  # fmt: skip


def _meta(person: PersonLike, late_reason: str = "") -> dict[str, object]:
    meta: dict[str, object] = {"actor": person.id, "role": case_auth.role_of(person)}
    if late_reason.strip():
        meta["late_reason"] = late_reason.strip()  # 补录原因, shown in history and the circular
    return meta


def _state(case: Case) -> str:
    return case.state.value if case.state else ""
