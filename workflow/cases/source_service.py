"""Registering leads and deciding on them (线索登记、立案审批), over the case service.

`accept` runs the opening's guards first (a dry run of `decide_open`), then records the
leader's approval on the lead, opens the case (its `discovered_on` is the lead's, so the
limitation of art. 36 counts to the discovery) and links it. A retry after a crash between
those appends finishes the opening (the case is opened under a command id derived from
the lead, so never twice).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from workflow.cases import commands as cmd
from workflow.cases import decide as case_decide
from workflow.cases import sources as src
from workflow.cases.decide import calendar_days
from workflow.cases.duties import Duty
from workflow.cases.numbering import current_max
from workflow.cases.ports import PersonLike
from workflow.cases.rules import Context, require_text
from workflow.cases.service import CaseResult, CaseService
from workflow.errors import ConcurrencyError, NotAuthorised, NotFound, UnknownUser
from workflow.messages import from_recorded, to_new_event


@dataclass(frozen=True, kw_only=True)
class RegisterSource(cmd.Command):
    township: str
    channel: str
    summary: str
    discovered_on: date | None = None  # default: the registration day
    reporter: str = ""
    reporter_contact: str = ""


@dataclass(frozen=True, kw_only=True)
class AcceptSource(cmd.Command):
    """立案审批 approved: the opening as `case open` takes it (township and discovery: the lead's)."""

    source: str
    opinion: str
    opening: cmd.OpenCase


@dataclass(frozen=True, kw_only=True)
class RejectSource(cmd.Command):
    source: str
    reason: str


class SourceService:
    """Leads of a township, decided against the event store."""

    def __init__(self, cases: CaseService) -> None:
        self.cases = cases
        self.store = cases.store

    def register(self, c: RegisterSource) -> dict[str, Any]:
        directory = self.cases.directory()
        township = directory.township(c.township)
        person = working(directory.person(c.actor), c.actor, township.code)
        ctx = self._ctx(person, c)
        found = c.discovered_on or ctx.day
        src.check_register(c.channel, c.summary, found, ctx)
        due, estimated = calendar_days(ctx.day, ctx.config.source_decision_days,
                                       ctx.config.rest_day_rollover)  # fmt: skip
        first = src.SourceRef(township.code, ctx.day.year, 0)

        def event(ref: src.SourceRef) -> Any:
            return src.SourceRegistered(
                source_id=ref.short_id, number=ref.human(township.name), township=township.code,
                township_name=township.name, channel=c.channel, summary=c.summary.strip(),
                discovered_on=found.isoformat(), reporter=c.reporter.strip(),
                reporter_contact=c.reporter_contact.strip(), at=ctx.at.isoformat(),
                decision_due=due.isoformat(), decision_due_estimated=estimated,
            )  # fmt: skip

        meta = self.cases._meta(person, c.late_reason)
        stream = append_new(self.store, first, event, c.command_id, meta)
        return self.show(stream, reveal=True)

    def accept(self, c: AcceptSource) -> CaseResult:
        ref, source = self.load(c.source)
        opening = dataclasses.replace(
            c.opening, actor=c.actor, at=c.at, late_reason=c.late_reason, township=source.township,
            discovered_on=source.discovered_on, source=source.source_id,
            source_channel=source.channel, command_id=f"{ref.stream_id}:open",
        )  # fmt: skip
        if source.state == "accepted" and not source.case_id:  # a retry finishes the opening
            return self._open(ref, source, opening)
        township, person, ctx, sequence = self.cases.prepare_open(opening)
        self._decider(source, person, ctx)
        case_decide.decide_open(opening, ctx, township, "dry-run", "dry-run")  # the guards only
        late = src.is_late(source, ctx)
        self._append(ref, source, src.SourceAccepted(c.opinion.strip() or "同意立案", ctx.at.isoformat(), late),
                     person, c)  # fmt: skip
        _, source = self.load(c.source)
        return self._open(ref, source, opening)

    def reject(self, c: RejectSource) -> dict[str, Any]:
        ref, source = self.load(c.source)
        directory = self.cases.directory()
        person = working(directory.person(c.actor), c.actor, source.township)
        ctx = self._ctx(person, c)
        self._decider(source, person, ctx)
        require_text(c.reason, "source-reason", src.ART54, "不予立案的理由")
        event = src.SourceRejected(c.reason.strip(), ctx.at.isoformat(), src.is_late(source, ctx))
        self._append(ref, source, event, person, c)
        return self.show(c.source, reveal=True)

    def load(self, text: str) -> tuple[src.SourceRef, src.Source]:
        ref = src.parse_ref(text)
        records = self.store.read_stream(ref.stream_id)
        if not records:
            raise NotFound(f"线索 {text} 不存在", f"no such lead: {text}")
        return ref, src.fold(from_recorded(r) for r in records)

    def show(self, text: str, *, reveal: bool, today: date | None = None) -> dict[str, Any]:
        return self.load(text)[1].view(reveal=reveal, today=today)

    def pending(self, township: str, today: date) -> list[src.Source]:
        """The township's undecided leads of this year and last (the deadline board)."""
        found: list[src.Source] = []
        for year in (today.year - 1, today.year):
            first = src.SourceRef(township, year, 0)
            for n in range(1, current_max(self.store, first) + 1):  # type: ignore[arg-type]
                source = self.load(first.with_n(n).short_id)[1]
                if source.state == "pending":
                    found.append(source)
        return found

    def _open(self, ref: src.SourceRef, source: src.Source, opening: cmd.OpenCase) -> CaseResult:
        result = self.cases.open(opening)
        if not source.case_id:
            opened = result.case.opened_at if result.case else None
            link = src.SourceCaseOpened(result.case_id, result.number,
                                        (opened or self.cases.clock()).isoformat())  # fmt: skip
            self.store.append(ref.stream_id, [to_new_event(link)],
                              expected_version=source.version)  # fmt: skip
        return result

    def _decider(self, source: src.Source, person: PersonLike, ctx: Context) -> None:
        deputy = self.cases.duties(source.township).holds(person.id, Duty.DECIDER)
        src.check_decider(source, ctx, deputy)

    def _ctx(self, person: PersonLike, c: cmd.Command) -> Context:
        at = self.cases._business_time(c.at, None, c.late_reason)
        return Context(person, at, self.cases.directory(), self.cases.config)

    def _append(self, ref: src.SourceRef, source: src.Source, event: Any, person: PersonLike,
                c: cmd.Command) -> None:  # fmt: skip
        self.store.append(ref.stream_id, [to_new_event(event)], expected_version=source.version,
                          command_id=c.command_id,
                          metadata=self.cases._meta(person, c.late_reason))  # fmt: skip


def append_new(store: Any, first: Any, event: Any, command_id: str | None,
               metadata: dict[str, object]) -> str:  # fmt: skip
    """Create the next stream of a gapless sequence (`first.with_n(n)`) with `event(ref)`."""
    n = current_max(store, first) + 1
    for _ in range(100):
        ref = first.with_n(n)
        try:
            result = store.append(ref.stream_id, [to_new_event(event(ref))], expected_version=0,
                                  command_id=command_id, metadata=metadata)  # fmt: skip
        except ConcurrencyError:
            n += 1
            continue
        return str(result.stream_id)
    raise ConcurrencyError(first.stream_id, 0, -1)


def working(person: PersonLike | None, actor: str, township: str) -> PersonLike:
    """An officer, leader or deputy of the township, not removed."""
    if person is None:
        raise UnknownUser(actor)
    if person.removed or str(person.role) not in ("officer", "leader", "deputy") or (
        person.township != township
    ):
        raise NotAuthorised(
            f"{actor} 不是本乡镇执法队在册人员，不能登记或审批线索",
            f"{actor} is not on the {township} team",
        )
    return person
