"""强制执行 and other sanctions: the court application within its window (《行政强制法》
第五十三条), its result, and sanctions other than a fine recorded as performed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from workflow.cases.rules import violation
from workflow.errors import NotAuthorised
from workflow.execution import events as ev
from workflow.execution import rules
from workflow.execution.base import MANAGING, ExecutionBase


class Enforcement(ExecutionBase):
    """The enforcement commands of ExecutionService."""

    def apply_court(self, case: str, court: str, actor: str) -> ev.CourtEnforcementApplied:
        """申请人民法院强制执行 (行政强制法 arts 53–54), within the window."""
        x = self.load(case, actor)
        today = self.today()
        if self.role(x) not in MANAGING:
            raise NotAuthorised(
                f"申请人民法院强制执行由行政机关提出，须由队长或副队长办理（{rules.COERCE}第五十三条）",
                f"only the leader or a deputy applies to the court, for the organ ({rules.COERCE} art 53)",
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
                actor: str, note: str = "", proof_name: str = "") -> ev.SanctionPerformed:  # fmt: skip
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
            x, ev.SanctionPerformed(sanction, day.isoformat(), proof_sha256, self._at(), note,
                                    proof_name[:120])
        )


SELF_EXECUTING = ("罚款", "警告", "通报批评")  # paid, or done by the decision itself


def other_sanctions(facts: dict[str, Any]) -> list[str]:
    """The decision's sanctions to be carried out other than the fine (e.g. 吊销许可证件)."""
    decision = facts.get("decision") or {}
    return [k for k in decision.get("kinds", []) if k not in SELF_EXECUTING]
