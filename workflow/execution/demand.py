"""催告书 (《行政强制法》第五十四条): issued once the payment period lapsed unpaid."""

from __future__ import annotations

from workflow.cases.rules import violation
from workflow.documents.kinds import DocumentKind
from workflow.documents.service import Issued
from workflow.execution import rules
from workflow.execution.service import ExecutionService


def issue_demand(service: ExecutionService, case: str, actor: str, *,
                 command_id: str | None = None) -> tuple[Issued, bytes]:  # fmt: skip
    """The 催告书 states the decision, what is owed and the late fee as of today; refused
    while the payment period runs or nothing is owed."""
    x = service.load(case, actor)
    today = service.today()
    due = x.execution.payment_due()
    owed = x.execution.owed(x.fine, today)
    if due is None or today <= due or owed <= 0:
        raise violation("demand-premature", f"{rules.COERCE}第五十四条",
                        "催告须在缴款期限届满后仍未履行时作出", "a demand is made only once "
                        "the payment period has lapsed with the fine unpaid")  # fmt: skip
    served = x.execution.served_kind("decision") or x.execution.served_kind("on_the_spot")
    assert served is not None  # payment_due is set by the decision's service
    fee = x.execution.late_fee(x.fine, today)
    extra = {"decision_number": served.document, "unpaid": f"{owed - fee:.2f}元",
             "late_fee": f"{fee:.2f}元"}  # fmt: skip
    return service.documents.issue(case, DocumentKind.DEMAND, actor, extra=extra,
                                   command_id=command_id)  # fmt: skip
