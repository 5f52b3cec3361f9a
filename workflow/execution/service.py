"""Commands of service and execution (送达与执行服务): load, authorise, check, append.

Each command reads the case, its documents and its execution stream, lets the rules in
`rules.py` decide, and appends to `execution-<case id>` at the version it read. A
refused command raises and appends nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from events import EventStore, RecordedEvent
from workflow.cases.numbering import needs_directory
from workflow.cases.rules import violation
from workflow.clock import local_day, parse_time
from workflow.clock import now as clock_now
from workflow.documents.content import fold
from workflow.documents.rules import authorise
from workflow.documents.service import DocumentService, Issued
from workflow.errors import NotAuthorised, NotFound
from workflow.execution import events as ev
from workflow.execution import rules
from workflow.execution.state import Execution, replay
from workflow.messages import from_recorded, to_new_event

MANAGING = {"leader", "deputy"}


@dataclass
class Loaded:
    """A case as execution needs it: its records, facts, documents and execution state."""

    case_id: str
    records: list[RecordedEvent]
    facts: dict[str, Any]
    documents: list[Issued]
    execution: Execution
    person: Any

    @property
    def stream_id(self) -> str:
        return f"execution-{self.case_id}"

    @property
    def fine(self) -> float:
        decision = self.facts.get("decision")
        return float(decision["fine"]) if decision else 0.0

    def document(self, number: str) -> Issued:
        found = next((d for d in self.documents if d.event.number == number), None)
        if found is None:
            raise NotFound(f"本案没有文书 {number}", f"no document {number} in this case")
        return found


class ExecutionService:
    """Records service, payments, enforcement and remedies against the event store."""

    def __init__(
        self,
        store: EventStore,
        directory: Callable[[], Any],
        *,
        clock: Callable[[], datetime] = clock_now,
    ) -> None:
        self.store = store
        self.directory = directory
        self.clock = clock
        self.documents = DocumentService(store, directory, clock=clock)

    def load(self, case_ref: str, actor: str | None = None) -> Loaded:
        """The case's records, facts, documents and execution state (authorised if `actor`)."""
        lookup = actor is not None or needs_directory(case_ref)  # a case id to show: not loaded
        directory = self.directory() if lookup else None
        stream_id, records = self.documents._case(case_ref, directory)
        opened = records[0].data
        person = None
        if actor is not None and directory is not None:
            person = authorise(directory.person(actor), actor, opened["township"], records)
        facts = fold([(r.type, r.data) for r in records])
        execution = replay([from_recorded(r) for r in self.store.read_stream(
            f"execution-{opened['case_id']}")])  # fmt: skip
        return Loaded(opened["case_id"], records, facts, self.documents.of_case(case_ref),
                      execution, person)  # fmt: skip

    def today(self) -> date:
        return local_day(self.clock())

    def _append(self, loaded: Loaded, event: Any, command_id: str | None = None) -> Any:
        person = loaded.person
        meta = {"actor": person.id, "role": str(getattr(person.role, "value", person.role))}
        self.store.append(loaded.stream_id, [to_new_event(event)],
                          expected_version=loaded.execution.version, command_id=command_id,
                          metadata=meta)  # fmt: skip
        loaded.execution.apply(event)
        return event

    def _record_payment(self, x: Loaded, event: ev.PaymentRecorded) -> ev.PaymentRecorded:
        """A receipt is used once county-wide: it is the append's (store-wide) command id."""
        person = x.person
        meta = {"actor": person.id, "role": str(getattr(person.role, "value", person.role))}
        result = self.store.append(x.stream_id, [to_new_event(event)],
                                   expected_version=x.execution.version,
                                   command_id=rules.receipt_key(event.receipt), metadata=meta)  # fmt: skip
        if not result.duplicate:
            x.execution.apply(event)
            return event
        first = self.store.read_stream(result.stream_id, up_to_version=result.version)[-1]
        earlier = from_recorded(first)
        if result.stream_id == x.stream_id and isinstance(earlier, ev.PaymentRecorded) and (
            earlier.amount, earlier.paid_on) == (event.amount, event.paid_on):  # fmt: skip
            return earlier
        raise rules.receipt_used(event.receipt, result.stream_id.removeprefix("execution-"))

    def _at(self) -> str:
        return self.clock().isoformat()

    def serve(self, case: str, document: str, method: str, on: date | None, actor: str, *,
              witnesses: list[str] | None = None, tracking: str = "", proof_sha256: str = "",
              published_on: date | None = None, command_id: str | None = None,
              proof_name: str = "") -> ev.DocumentServed:  # fmt: skip
        """送达: record how and when a document reached the party."""
        x = self.load(case, actor)
        doc = x.document(document)
        issued = local_day(parse_time(doc.event.at))
        today = self.today()
        rules.check_method(x.execution, document, method, witnesses or [], tracking)
        if method == ev.Method.PUBLIC:
            if published_on is None:
                raise violation("public-notice-date", f"{rules.CIVIL}第九十五条",
                                "公告送达须记录公告发出日期", "give the day the notice was published")  # fmt: skip
            rules.check_day(published_on, today, issued, "公告日期")
            served = rules.public_notice_served(published_on)
        else:
            served = on or today
            rules.check_day(served, today, issued, "送达日期")
        event = ev.DocumentServed(
            document=document, kind=doc.event.kind, method=method, served_on=served.isoformat(),
            at=self._at(), witnesses=[w for w in (witnesses or []) if w.strip()],
            tracking=tracking.strip(), proof_sha256=proof_sha256,
            published_on=published_on.isoformat() if published_on else "",
            late=rules.served_late(doc.event.kind, issued, served),
            due=rules.service_due(doc.event.kind, served),
            proof_name=proof_name if proof_sha256 else "",
        )  # fmt: skip
        return self._append(x, event, command_id)

    def service_failed(self, case: str, document: str, method: str, on: date | None,
                       reason: str, actor: str) -> ev.ServiceFailed:  # fmt: skip
        """A way of service tried and failed (the condition for 公告送达)."""
        x = self.load(case, actor)
        doc = x.document(document)
        tried = on or self.today()
        rules.check_day(tried, self.today(), local_day(parse_time(doc.event.at)), "送达日期")
        if not reason.strip():
            raise violation("failure-reason", f"{rules.CIVIL}第九十五条", "须写明无法送达的原因",
                            "say why service failed")  # fmt: skip
        event = ev.ServiceFailed(document, method, tried.isoformat(), reason.strip(), self._at())
        return self._append(x, event)

    def consent(self, case: str, channel: str, proof_sha256: str, actor: str) -> Any:
        """The party's signed consent to electronic service (art 61), kept by hash."""
        x = self.load(case, actor)
        if not channel.strip() or not proof_sha256:
            raise violation("consent-proof", f"{rules.PUNISH}第六十一条",
                            "须记录电子送达方式和当事人签署的确认书",
                            "give the channel and the signed confirmation file")  # fmt: skip
        return self._append(
            x, ev.ElectronicServiceConsented(channel.strip(), proof_sha256, self._at())
        )

    def pay(self, case: str, amount: float, receipt: str, on: date | None, actor: str, *,
            command_id: str | None = None) -> ev.PaymentRecorded:  # fmt: skip
        """缴纳罚款 (罚缴分离, art 67), partial allowed; the receipt is the idempotency key."""
        x = self.load(case, actor)
        if x.fine <= 0:
            raise violation("no-fine", f"{rules.PUNISH}第六十七条", "本案没有罚款决定",
                            "this case has no fine to pay")  # fmt: skip
        paid = on or self.today()
        decided = date.fromisoformat(x.facts["decision"]["on"])
        rules.check_day(paid, self.today(), decided, "缴款日期")
        rules.check_payment(amount, receipt, x.execution, x.execution.owed(x.fine, paid))
        event = ev.PaymentRecorded(round(amount, 2), receipt.strip(), paid.isoformat(), self._at())
        return self._record_payment(x, event)

    def collect_on_the_spot(self, case: str, actor: str, *,
                            command_id: str | None = None) -> ev.PaymentRecorded:  # fmt: skip
        """当场收缴 (arts 68–69): the payment the on-the-spot decision recorded, by its receipt."""
        x = self.load(case, actor)
        spot = next((r.data for r in x.records if r.type == "OnTheSpotRecorded"), None)
        if spot is None or not float(spot.get("collected") or 0):
            raise violation("spot-not-collected", f"{rules.PUNISH}第六十八条",
                            "本案没有当场收缴的记录", "no on-the-spot collection was recorded")  # fmt: skip
        amount, receipt = float(spot["collected"]), str(spot["receipt"])
        paid = local_day(parse_time(spot["at"]))
        rules.check_payment(amount, receipt, x.execution, x.execution.owed(x.fine, paid))
        event = ev.PaymentRecorded(amount, receipt, paid.isoformat(), self._at(), on_the_spot=True)
        return self._record_payment(x, event)

    def approve_plan(self, case: str, instalments: list[tuple[date, float]], reason: str,
                     actor: str) -> ev.PaymentScheduleApproved:  # fmt: skip
        """延期或分期缴纳 on the party's application, approved by the leader (art 66)."""
        x = self.load(case, actor)
        if str(getattr(x.person.role, "value", x.person.role)) != "leader":
            raise NotAuthorised(
                "延期或分期缴纳须经队长批准", "only the team leader approves (art 66)"
            )
        if x.execution.payment_due() is None:
            raise violation("plan-before-service", f"{rules.PUNISH}第六十六条",
                            "处罚决定书尚未送达", "the decision has not been served")  # fmt: skip
        if not reason.strip():
            raise violation("plan-reason", f"{rules.PUNISH}第六十六条", "须写明当事人申请的理由",
                            "give the party's reason")  # fmt: skip
        rules.check_schedule(instalments, x.fine, self.today())
        plan = [{"due": d.isoformat(), "amount": round(a, 2)} for d, a in instalments]
        return self._append(x, ev.PaymentScheduleApproved(plan, reason.strip(), self._at()))

    def apply_court(self, case: str, court: str, actor: str) -> ev.CourtEnforcementApplied:
        """申请人民法院强制执行 (行政强制法 arts 53–54), within the window."""
        x = self.load(case, actor)
        today = self.today()
        if str(getattr(x.person.role, "value", x.person.role)) not in MANAGING:
            raise NotAuthorised(
                "申请强制执行须由队长或副队长办理", "only the leader or a deputy applies"
            )
        owed = x.execution.owed(x.fine, today)
        if owed <= 0 or x.execution.court is not None:
            raise violation("court-nothing-owed", f"{rules.COERCE}第五十三条",
                            "没有未履行的罚款，或已申请强制执行", "nothing owed, or already applied")  # fmt: skip
        start, end = rules.court_window(x.execution, today)
        if not start <= today <= end:
            raise violation("court-window", f"{rules.COERCE}第五十三条",
                            f"申请强制执行的期间为 {start} 至 {end}",
                            f"the court may be asked from {start} to {end}")  # fmt: skip
        event = ev.CourtEnforcementApplied(court.strip(), today.isoformat(), owed, self._at())
        return self._append(x, event)

    def conclude_court(self, case: str, result: str, amount: float, actor: str,
                       note: str = "") -> ev.CourtEnforcementConcluded:  # fmt: skip
        """The court enforced the decision, or ended enforcement (终结执行)."""
        x = self.load(case, actor)
        if x.execution.court is None or result not in ("enforced", "ended"):
            raise violation("court-result", f"{rules.COERCE}第五十三条",
                            "须先申请强制执行；结果为 enforced 或 ended",
                            "apply to the court first; result is enforced or ended")  # fmt: skip
        event = ev.CourtEnforcementConcluded(
            result, amount, self.today().isoformat(), self._at(), note
        )
        return self._append(x, event)

    def perform(self, case: str, sanction: str, on: date | None, proof_sha256: str,
                actor: str, note: str = "") -> ev.SanctionPerformed:  # fmt: skip
        """A sanction other than a fine carried out, with the date and the proof's hash."""
        x = self.load(case, actor)
        others = other_sanctions(x.facts)
        if sanction not in others or sanction in x.execution.performed or not proof_sha256:
            raise violation("sanction-performed", f"{rules.PUNISH}第九条",
                            f"须为本决定中尚未执行的罚款以外的处罚（{'、'.join(others) or '无'}），并附证明",
                            "name an unperformed non-fine sanction of the decision, with proof")  # fmt: skip
        day = on or self.today()
        rules.check_day(day, self.today(), date.min, "执行日期")
        return self._append(
            x, ev.SanctionPerformed(sanction, day.isoformat(), proof_sha256, self._at(), note)
        )

    def seek_remedy(self, case: str, remedy: str, organ: str, on: date | None,
                    actor: str) -> ev.RemedySought:  # fmt: skip
        """行政复议 applied for or 行政诉讼 brought (recorded when the organ tells the team)."""
        x = self.load(case, actor)
        if remedy not in ("review", "suit") or not organ.strip():
            raise violation("remedy", "《行政复议法》第二十条", "remedy 为 review 或 suit，并写明机关",
                            "remedy is review or suit, with the organ or court")  # fmt: skip
        if (
            x.execution.served_kind("decision") is None
            and x.execution.served_kind("on_the_spot") is None
        ):
            raise violation("remedy-before-service", "《行政复议法》第二十条",
                            "处罚决定书尚未送达", "the decision has not been served")  # fmt: skip
        day = on or self.today()
        rules.check_day(day, self.today(), date.min, "申请日期")
        return self._append(x, ev.RemedySought(remedy, organ.strip(), day.isoformat(), self._at()))

    def decide_remedy(self, case: str, remedy: str, outcome: str, on: date | None, actor: str,
                      judgment: str = "") -> ev.RemedyDecided:  # fmt: skip
        """The 复议 decision or the judgment: 维持/撤销/变更/确认违法/驳回."""
        x = self.load(case, actor)
        rules.check_outcome(outcome)
        if not any(r["remedy"] == remedy and r["outcome"] is None for r in x.execution.remedies):
            raise violation("remedy-not-pending", "《行政复议法》第六十三条",
                            f"没有待决的 {remedy}", f"no pending {remedy}")  # fmt: skip
        day = on or self.today()
        rules.check_day(day, self.today(), date.min, "决定日期")
        event = ev.RemedyDecided(remedy, outcome, day.isoformat(), self._at(), judgment.strip())
        return self._append(x, event)


SELF_EXECUTING = ("罚款", "警告", "通报批评")  # paid, or done by the decision itself


def other_sanctions(facts: dict[str, Any]) -> list[str]:
    """The decision's sanctions to be carried out other than the fine (e.g. 吊销许可证件)."""
    decision = facts.get("decision") or {}
    return [k for k in decision.get("kinds", []) if k not in SELF_EXECUTING]
