"""Receiving and answering licence applications (申请、受理、不予受理、补正), over the case service.

`accept` runs the opening's guards first (a dry run), records 受理 on the application,
then opens the licensing case (its 20 working days from 受理, or from receipt when the
5-working-day answer was missed) and links it; a retry after a crash finishes the opening.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from workflow import calendar
from workflow.cases import applications as apps
from workflow.cases import commands as cmd
from workflow.cases import decide as case_decide
from workflow.cases import rules
from workflow.cases.numbering import current_max
from workflow.cases.ports import PersonLike
from workflow.cases.rules import Context
from workflow.cases.service import CaseResult, CaseService
from workflow.cases.source_service import append_new, working
from workflow.errors import NotFound
from workflow.messages import from_recorded, to_new_event


@dataclass(frozen=True, kw_only=True)
class ReceiveApplication(cmd.Command):
    township: str
    matter: str
    applicant: str
    summary: str


@dataclass(frozen=True, kw_only=True)
class AnswerApplication(cmd.Command):
    """受理 (`opening` given), 不予受理 (`reason`), 补正 (`materials`) or 补正材料收到."""

    application: str
    answer: str  # accept | reject | correct | resubmitted
    reason: str = ""
    materials: tuple[str, ...] = ()
    opening: cmd.OpenCase | None = None


class ApplicationService:
    def __init__(self, cases: CaseService) -> None:
        self.cases = cases
        self.store = cases.store

    def receive(self, c: ReceiveApplication) -> dict[str, Any]:
        directory = self.cases.directory()
        township = directory.township(c.township)
        person = working(directory.person(c.actor), c.actor, township.code)
        ctx = self._ctx(person, c)
        matter = rules.check_matter(directory.matter(c.matter, ctx.day), c.matter, ctx.day,
                                    "licensing")  # fmt: skip
        rules.require_text(c.applicant, "applicant", apps.ART32, "申请人")
        due = calendar.add_working_days(ctx.day, apps.ANSWER_WORKING_DAYS)

        def event(ref: apps.ApplicationRef) -> Any:
            return apps.ApplicationReceived(
                application_id=ref.short_id, number=ref.human(township.name),
                township=township.code, township_name=township.name, matter_code=matter.code,
                matter_name=matter.name, applicant=c.applicant.strip(), summary=c.summary.strip(),
                received_on=ctx.day.isoformat(), at=ctx.at.isoformat(), answer_due=due.isoformat(),
                answer_due_estimated=calendar.estimated_between(ctx.day, due),
            )  # fmt: skip

        first = apps.ApplicationRef(township.code, ctx.day.year, 0)
        stream = append_new(self.store, first, event, c.command_id,
                            self.cases._meta(person, c.late_reason))  # fmt: skip
        return self.load(stream)[1].view()

    def answer(self, c: AnswerApplication) -> dict[str, Any] | CaseResult:
        ref, app = self.load(c.application)
        if c.answer == "accept" and app.state == "accepted" and not app.case_id:
            return self._open(ref, app, c)  # a retry finishes the opening
        directory = self.cases.directory()
        person = working(directory.person(c.actor), c.actor, app.township)
        ctx = self._ctx(person, c)
        event = self._decide(app, c, ctx)
        if c.answer == "accept":  # the opening's guards, before anything is recorded
            opening = self._opening(ref, app, c)
            township, _, open_ctx, _ = self.cases.prepare_open(opening)
            case_decide.decide_open(opening, open_ctx, township, "dry-run", "dry-run")
        self.store.append(ref.stream_id, [to_new_event(event)], expected_version=app.version,
                          command_id=c.command_id,
                          metadata=self.cases._meta(person, c.late_reason))  # fmt: skip
        if c.answer == "accept":
            return self._open(ref, self.load(c.application)[1], c)
        return self.load(c.application)[1].view()

    def _decide(self, app: apps.Application, c: AnswerApplication, ctx: Context) -> Any:
        at = ctx.at.isoformat()
        if c.answer == "resubmitted":
            apps.check_resubmitted(app)
            due = calendar.add_working_days(ctx.day, apps.ANSWER_WORKING_DAYS)
            return apps.ApplicationResubmitted(at, ctx.day.isoformat(), due.isoformat(),
                                               calendar.estimated_between(ctx.day, due))  # fmt: skip
        word = {"accept": "受理", "reject": "不予受理", "correct": "告知补正"}.get(c.answer)
        if word is None:
            raise rules.violation("application-answer", apps.ART32,
                                  "答复须为 受理、不予受理 或 告知补正", "answer accept|reject|correct")  # fmt: skip
        apps.check_answer(app, ctx, word)
        if c.answer == "reject":
            rules.require_text(c.reason, "application-reason", apps.ART32, "不予受理的理由")
            return apps.ApplicationRejected(c.reason.strip(), at)
        if c.answer == "correct":
            apps.check_correction(app, list(c.materials))
            return apps.CorrectionRequested([m.strip() for m in c.materials if m.strip()], at)
        deemed = apps.deemed_accepted(app, ctx)
        start = app.received_on if deemed else ctx.day
        return apps.ApplicationAccepted(at, str(start), deemed)

    def _opening(self, ref: apps.ApplicationRef, app: apps.Application,
                 c: AnswerApplication) -> cmd.OpenCase:  # fmt: skip
        base = c.opening or cmd.OpenCase(actor=c.actor, township="", matter="", party="",
                                         summary="")  # fmt: skip
        ctx_day = self._ctx_day(c)
        start = app.received_on if app.answer_due and ctx_day > app.answer_due else None
        return dataclasses.replace(
            base, actor=c.actor, at=c.at, late_reason=c.late_reason, township=app.township,
            matter=app.matter_code, party=base.party or app.applicant, kind="licensing",
            summary=base.summary or app.summary or app.matter_name, source=ref.short_id,
            source_channel="许可申请", clock_start=start, command_id=f"{ref.stream_id}:open",
        )  # fmt: skip

    def _open(self, ref: apps.ApplicationRef, app: apps.Application,
              c: AnswerApplication) -> CaseResult:  # fmt: skip
        opening = self._opening(ref, app, c)
        if app.deemed:
            opening = dataclasses.replace(opening, clock_start=app.received_on)
        result = self.cases.open(opening)
        if not app.case_id:
            opened = result.case.opened_at if result.case else None
            link = apps.ApplicationCaseOpened(result.case_id, result.number,
                                              (opened or self.cases.clock()).isoformat())  # fmt: skip
            self.store.append(ref.stream_id, [to_new_event(link)], expected_version=app.version)
        return result

    def pending(self, township: str, today: date) -> list[dict[str, Any]]:
        """The township's applications awaiting 受理/不予受理/补正 (this year and last), each
        with `overdue`: past its 5 working days it counts as accepted from receipt (art. 32)."""
        found = []
        for year in (today.year - 1, today.year):
            first = apps.ApplicationRef(township, year, 0)
            for n in range(1, current_max(self.store, first) + 1):  # type: ignore[arg-type]
                app = self.load(first.with_n(n).short_id)[1]
                if app.state == "received" and app.answer_due is not None:
                    found.append({**app.view(), "overdue": today > app.answer_due})
        return found

    def load(self, text: str) -> tuple[apps.ApplicationRef, apps.Application]:
        ref = apps.parse_ref(text)
        records = self.store.read_stream(ref.stream_id)
        if not records:
            raise NotFound(f"申请 {text} 不存在", f"no such application: {text}")
        return ref, apps.fold(from_recorded(r) for r in records)

    def _ctx(self, person: PersonLike, c: cmd.Command) -> Context:
        at = self.cases._business_time(c.at, None, c.late_reason)
        return Context(person, at, self.cases.directory(), self.cases.config)

    def _ctx_day(self, c: cmd.Command) -> Any:
        from workflow.clock import local_day

        return local_day(c.at or self.cases.clock())
