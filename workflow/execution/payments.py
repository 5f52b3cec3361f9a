"""缴纳罚款 (payment under 罚缴分离, art 67): payments by receipt, 当场收缴 (arts 68–69) and
延期/分期缴纳 approved by the leader (art 66). A receipt number is used once county-wide.
"""

from __future__ import annotations

from datetime import date

from workflow.cases.rules import violation
from workflow.clock import local_day, parse_time
from workflow.errors import NotAuthorised
from workflow.execution import events as ev
from workflow.execution import rules
from workflow.execution.base import ExecutionBase, Loaded
from workflow.messages import from_recorded, to_new_event


class Payments(ExecutionBase):
    """The payment commands of ExecutionService."""

    def _record_payment(self, x: Loaded, event: ev.PaymentRecorded) -> ev.PaymentRecorded:
        """A receipt is used once county-wide: it is the append's (store-wide) command id."""
        result = self.store.append(x.stream_id, [to_new_event(event)],
                                   expected_version=x.execution.version,
                                   command_id=rules.receipt_key(event.receipt), metadata=self.meta(x))  # fmt: skip
        if not result.duplicate:
            x.execution.apply(event)
            return event
        first = self.store.read_stream(result.stream_id, up_to_version=result.version)[-1]
        earlier = from_recorded(first)
        if result.stream_id == x.stream_id and isinstance(earlier, ev.PaymentRecorded) and (
            earlier.amount, earlier.paid_on) == (event.amount, event.paid_on):  # fmt: skip
            return earlier
        raise rules.receipt_used(event.receipt, result.stream_id.removeprefix("execution-"))

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
        if self.role(x) != "leader":
            raise NotAuthorised(
                f"延期或分期缴纳须经行政机关批准，由队长办理（{rules.PUNISH}第六十六条）",
                f"only the team leader approves, for the organ ({rules.PUNISH} art 66)",
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
