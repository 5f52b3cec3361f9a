"""The execution state of a case, folded from its execution stream (replay: no checks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workflow.execution import events as ev
from workflow.execution.latefee import late_fee

OVERTURNED = ("撤销", "确认违法")
CHANGED = ("变更",)
OUTCOMES = ("维持", "撤销", "变更", "确认违法", "驳回")


@dataclass
class Execution:
    """What happened after the decision: service, payments, court, sanctions, remedies."""

    served: dict[str, ev.DocumentServed] = field(default_factory=dict)
    failed: dict[str, list[ev.ServiceFailed]] = field(default_factory=dict)
    consent: bool = False
    payments: list[ev.PaymentRecorded] = field(default_factory=list)
    instalments: list[tuple[date, float]] | None = None
    court: ev.CourtEnforcementApplied | None = None
    court_result: ev.CourtEnforcementConcluded | None = None
    performed: dict[str, ev.SanctionPerformed] = field(default_factory=dict)
    remedies: list[dict[str, Any]] = field(default_factory=list)
    spot_filed: ev.SpotDecisionFiled | None = None
    version: int = 0
    fees: dict[tuple[int, float, date], float] = field(
        default_factory=dict, repr=False, compare=False
    )  # late fees already counted, by (version, fine, day): the board asks twice a case

    def apply(self, event: Any) -> None:
        """Fold one event (no guards, no clock)."""
        APPLIERS[type(event)](self, event)
        self.version += 1

    def served_kind(self, kind: str) -> ev.DocumentServed | None:
        """The service of the (first) document of this kind, if any."""
        return next((s for s in self.served.values() if s.kind == kind), None)

    @property
    def receipts(self) -> set[str]:
        return {p.receipt for p in self.payments}

    @property
    def paid(self) -> float:
        return round(sum(p.amount for p in self.payments), 2)

    def payment_due(self) -> date | None:
        """15 days after the decision was served (art 67); None while not served."""
        decision = self.served_kind("decision") or self.served_kind("on_the_spot")
        if decision is None or "payment" not in decision.due:
            return None
        return date.fromisoformat(decision.due["payment"])

    def schedule(self, fine: float) -> list[tuple[date, float]]:
        """When the fine is due: the approved plan (art 66), else all of it on the due day."""
        if self.instalments:
            return list(self.instalments)
        due = self.payment_due()
        return [(due, fine)] if due is not None and fine > 0 else []

    def late_fee(self, fine: float, as_of: date) -> float:
        """加处罚款 accrued by `as_of` (art 72)."""
        if self.paid_on_the_spot(fine):
            return 0.0
        key = (self.version, fine, as_of)
        if key not in self.fees:
            if len(self.fees) >= 8:  # a long-lived fold asks day after day: keep a few
                self.fees.clear()
            payments = [(date.fromisoformat(p.paid_on), p.amount) for p in self.payments]
            self.fees[key] = late_fee(fine, self.schedule(fine), payments, as_of)
        return self.fees[key]

    def paid_on_the_spot(self, fine: float) -> bool:
        return any(p.on_the_spot for p in self.payments) and self.paid >= fine

    def owed(self, fine: float, as_of: date) -> float:
        """Fine plus late fee less what was paid (never negative)."""
        return round(max(0.0, fine + self.late_fee(fine, as_of) - self.paid), 2)

    def fine_executed(self, fine: float, as_of: date) -> bool:
        """Paid in full with its late fee, or enforced by the court."""
        if fine <= 0:
            return True
        if self.court_result is not None and self.court_result.result == "enforced":
            return True
        return self.owed(fine, as_of) <= 0.004

    def remedy_pending(self) -> bool:
        return any(r.get("outcome") is None for r in self.remedies)

    @property
    def overturned(self) -> bool:
        """The decision was revoked or declared unlawful on 复议 or in court."""
        return any(r.get("outcome") in OVERTURNED for r in self.remedies)

    @property
    def changed(self) -> bool:
        return any(r.get("outcome") in CHANGED for r in self.remedies)


def _served(x: Execution, e: ev.DocumentServed) -> None:
    x.served[e.document] = e


def _failed(x: Execution, e: ev.ServiceFailed) -> None:
    x.failed.setdefault(e.document, []).append(e)


def _consented(x: Execution, e: ev.ElectronicServiceConsented) -> None:
    x.consent = True


def _paid(x: Execution, e: ev.PaymentRecorded) -> None:
    x.payments.append(e)


def _scheduled(x: Execution, e: ev.PaymentScheduleApproved) -> None:
    x.instalments = [
        (date.fromisoformat(str(i["due"])), float(str(i["amount"]))) for i in e.instalments
    ]


def _court(x: Execution, e: ev.CourtEnforcementApplied) -> None:
    x.court = e


def _court_done(x: Execution, e: ev.CourtEnforcementConcluded) -> None:
    x.court_result = e


def _performed(x: Execution, e: ev.SanctionPerformed) -> None:
    x.performed[e.sanction] = e


def _sought(x: Execution, e: ev.RemedySought) -> None:
    x.remedies.append({"remedy": e.remedy, "organ": e.organ, "filed_on": e.filed_on,
                       "outcome": None})  # fmt: skip


def _decided(x: Execution, e: ev.RemedyDecided) -> None:
    for r in x.remedies:
        if r["remedy"] == e.remedy and r["outcome"] is None:
            r.update(outcome=e.outcome, decided_on=e.decided_on, judgment=e.judgment)
            return


def _spot_filed(x: Execution, e: ev.SpotDecisionFiled) -> None:
    x.spot_filed = e


APPLIERS: dict[type, Any] = {
    ev.SpotDecisionFiled: _spot_filed,
    ev.DocumentServed: _served,
    ev.ServiceFailed: _failed,
    ev.ElectronicServiceConsented: _consented,
    ev.PaymentRecorded: _paid,
    ev.PaymentScheduleApproved: _scheduled,
    ev.CourtEnforcementApplied: _court,
    ev.CourtEnforcementConcluded: _court_done,
    ev.SanctionPerformed: _performed,
    ev.RemedySought: _sought,
    ev.RemedyDecided: _decided,
}


def replay(events: list[Any]) -> Execution:
    state = Execution()
    for event in events:
        state.apply(event)
    return state
