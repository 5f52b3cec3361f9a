"""行政复议 and 行政诉讼: an application recorded when the organ tells the team, and its
outcome (维持/撤销/变更/确认违法/驳回).
"""

from __future__ import annotations

from datetime import date

from workflow.cases.rules import violation
from workflow.execution import events as ev
from workflow.execution import rules
from workflow.execution.base import ExecutionBase


class Remedies(ExecutionBase):
    """The remedy commands of ExecutionService."""

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
