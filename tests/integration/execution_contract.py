"""Contract suite for service and execution, run on SQLite and on PostgreSQL.

Service by each method and its condition; deadlines from the day of service; payments,
late fee and closing as executed only when paid; the 催告 and the court window; a 复议
that overturns the decision. Every refusal appends nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from events import open_store
from tests.integration.documents_desk import Desk
from workflow.cases import commands as c
from workflow.documents.kinds import DocumentKind
from workflow.errors import NotAuthorised, RuleViolation
from workflow.execution.events import Method


def refused(d: Desk, rule: str, attempt: Callable[[], Any], case: str) -> None:
    before = d.written(case)
    with pytest.raises(RuleViolation) as err:
        attempt()
    assert err.value.rule == rule
    assert d.written(case) == before


class ExecutionContract:
    """Backends provide `url` (a fresh database with the wutai county initialised)."""

    url: str

    def decided(self) -> tuple[Desk, str, str]:
        d = Desk(open_store(self.url))
        case = d.decided()
        issued, _ = d.documents.issue(case, DocumentKind.DECISION, "tc-004")
        return d, case, issued.event.number

    def test_methods_conditions_and_deadlines_from_service(self) -> None:
        d, case, number = self.decided()
        x = d.execution
        refused(
            d,
            "left-needs-witness",
            lambda: x.serve(case, number, Method.LEFT, None, "tc-004"),
            case,
        )
        refused(
            d,
            "post-needs-tracking",
            lambda: x.serve(case, number, Method.POST, None, "tc-004"),
            case,
        )
        refused(d, "electronic-needs-consent",
                lambda: x.serve(case, number, Method.ELECTRONIC, None, "tc-004"), case)  # fmt: skip
        refused(d, "public-notice-last", lambda: x.serve(case, number, Method.PUBLIC, None, "tc-004",
                                                         published_on=date(2026, 6, 1)), case)  # fmt: skip
        x.service_failed(case, number, Method.PERSONAL, None, "当事人下落不明", "tc-004")
        d.jump(3)
        served = x.serve(case, number, Method.PUBLIC, None, "tc-004", published_on=date(2026, 6, 4))
        assert served.served_on == "2026-07-04"  # deemed served 30 days after publication
        assert served.due["payment"] == "2026-07-19" and served.due["suit"] == "2027-01-04"
        refused(
            d, "served-twice", lambda: x.serve(case, number, Method.PERSONAL, None, "tc-004"), case
        )
        notice, _ = d.documents.issue(case, DocumentKind.NOTICE, "tc-004")
        x.consent(case, "短信", "ab" * 32, "tc-004")
        assert (
            x.serve(case, notice.event.number, Method.ELECTRONIC, None, "tc-004").method
            == "电子送达"
        )
        with pytest.raises(NotAuthorised):
            x.serve(case, notice.event.number, Method.PERSONAL, None, "tc-007")  # not dispatched

    def test_decision_served_after_seven_working_days_is_late(self) -> None:
        d, case, number = self.decided()
        d.jump(14)
        served = d.execution.serve(case, number, Method.POST, None, "tc-005", tracking="EMS1")
        assert served.late
        view = d.execution.load(case)
        assert view.execution.served[number].late

    def test_payments_late_fee_and_closing_as_executed(self) -> None:
        d, case, number = self.decided()
        x = d.execution
        refused(d, "close-not-executed", lambda: d.do(c.CloseCase(actor="tc-004", case=case,
                                                                  outcome="executed")), case)  # fmt: skip
        x.serve(case, number, Method.PERSONAL, None, "tc-004")  # 2026-06-01: pay by 06-16
        x.pay(case, 200, "B-1", None, "tc-004")
        refused(d, "receipt-used", lambda: x.pay(case, 100, "B-1", None, "tc-004"), case)
        refused(d, "overpayment", lambda: x.pay(case, 301, "B-2", None, "tc-004"), case)
        d.jump(17)  # 2026-06-18: two days overdue on 300
        assert x.load(case).execution.late_fee(500, date(2026, 6, 18)) == pytest.approx(18.0)
        x.pay(case, 300, "B-2", None, "tc-004")
        refused(d, "close-not-executed", lambda: d.do(c.CloseCase(actor="tc-004", case=case,
                                                                  outcome="executed")), case)  # fmt: skip
        x.pay(case, 18, "B-3", None, "tc-004")
        d.do(c.CloseCase(actor="tc-004", case=case, outcome="executed"))

    def test_demand_then_court_within_its_window(self) -> None:
        d, case, number = self.decided()
        x = d.execution
        x.serve(case, number, Method.PERSONAL, None, "tc-004")  # suit period ends 2026-12-01
        d.jump(190)  # 2026-12-08
        refused(
            d, "court-needs-demand", lambda: x.apply_court(case, "五台县人民法院", "tc-001"), case
        )
        demand, _ = d.documents.issue(case, DocumentKind.DEMAND, "tc-004",
                                      extra={"decision_number": number, "unpaid": "500元",
                                             "late_fee": "500元"})  # fmt: skip
        x.serve(case, demand.event.number, Method.PERSONAL, None, "tc-004")
        refused(
            d, "court-demand-period", lambda: x.apply_court(case, "五台县人民法院", "tc-001"), case
        )
        d.jump(11)
        with pytest.raises(NotAuthorised, match="《行政强制法》第五十三条"):
            x.apply_court(case, "五台县人民法院", "tc-004")  # an officer does not apply
        applied = x.apply_court(case, "五台县人民法院", "tc-001")
        assert applied.amount == 1000  # the fine and its late fee, capped at the fine
        x.conclude_court(case, "enforced", 1000, "tc-001")
        d.do(c.CloseCase(actor="tc-004", case=case, outcome="executed"))

    def test_demand_states_amounts_computed_from_the_log(self, tmp_path: Path) -> None:
        """催告书 (行政强制法 art 54): refused while the payment period runs or nothing is
        owed; once it lapsed, the unpaid fine and the late fee as of today come from the
        events, not from typed-in figures; the page carries its number."""
        from tests.integration.documents_contract import pdf_text
        from workflow.execution.demand import issue_demand

        d, case, number = self.decided()
        x = d.execution
        refused(d, "demand-premature", lambda: issue_demand(x, case, "tc-004"), case)  # unserved
        x.serve(case, number, Method.PERSONAL, None, "tc-004")  # 2026-06-01: pay by 06-16
        x.pay(case, 200, "D-1", None, "tc-004")
        refused(d, "demand-premature", lambda: issue_demand(x, case, "tc-004"), case)  # in time
        d.jump(17)  # 2026-06-18: two days overdue on 300 yuan, 3% a day
        issued, body = issue_demand(x, case, "tc-004")
        assert issued.event.kind == DocumentKind.DEMAND.value
        text = pdf_text(body, tmp_path)
        for element in (f"行政处罚决定（{number}）", "罚款人民币伍佰元整", "至今未履行",
                        "尚欠罚款300.00元", "截至2026年6月18日加处罚款18.00元",
                        "自收到本催告书之日起十日内履行", "有权进行陈述和申辩",
                        "《中华人民共和国行政强制法》第五十四条", "申请人民法院强制执行",
                        "—1/1—"):  # fmt: skip
            assert element in text, element
        x.pay(case, 318, "D-2", None, "tc-004")
        refused(d, "demand-premature", lambda: issue_demand(x, case, "tc-004"), case)  # paid

    def test_court_window_closes_three_months_after_the_periods(self) -> None:
        d, case, number = self.decided()
        x = d.execution
        x.serve(case, number, Method.PERSONAL, None, "tc-004")
        d.jump(300)
        demand, _ = d.documents.issue(case, DocumentKind.DEMAND, "tc-004",
                                      extra={"decision_number": number, "unpaid": "", "late_fee": ""})  # fmt: skip
        x.serve(case, demand.event.number, Method.PERSONAL, None, "tc-004")
        d.jump(11)  # 2027-04-08: the window 2026-12-02 .. 2027-03-01 has closed
        refused(d, "court-window", lambda: x.apply_court(case, "五台县人民法院", "tc-001"), case)

    def test_overturned_by_review_closes_only_with_a_reason(self) -> None:
        d, case, number = self.decided()
        x = d.execution
        x.serve(case, number, Method.PERSONAL, None, "tc-004")
        x.seek_remedy(case, "review", "五台县人民政府", None, "tc-004")
        x.pay(case, 500, "B-9", None, "tc-004")
        refused(d, "close-not-executed", lambda: d.do(c.CloseCase(actor="tc-004", case=case,
                                                                  outcome="executed")), case)  # fmt: skip
        refused(
            d,
            "remedy-outcome",
            lambda: x.decide_remedy(case, "review", "作废", None, "tc-004"),
            case,
        )
        x.decide_remedy(case, "review", "撤销", None, "tc-004")
        assert x.load(case).execution.overturned
        refused(d, "close-not-executed", lambda: d.do(c.CloseCase(actor="tc-004", case=case,
                                                                  outcome="executed")), case)  # fmt: skip
        refused(d, "unexecutable-reason", lambda: d.do(c.CloseCase(actor="tc-004", case=case,
                                                                   outcome="unexecutable")), case)  # fmt: skip
        d.do(c.CloseCase(actor="tc-004", case=case, outcome="unexecutable",
                         reason="处罚决定被复议机关撤销"))  # fmt: skip

    def test_a_plan_of_instalments_and_another_sanction_before_closing(self) -> None:
        """延期/分期 (art 66) by the leader only, paid by its days without a late fee; the
        decision's 没收违法所得 performed with proof before the case closes as executed."""
        from workflow.cases.sanctions import Sanction, SanctionKind
        from workflow.execution.board import payment_due

        d = Desk(open_store(self.url))
        case = d.opened(party="蒋十五")
        both = (Sanction(SanctionKind.FINE, 500.0), Sanction(SanctionKind.CONFISCATE_GAINS, 600.0))
        d.do(c.DispatchCase(actor="tc-001", case=case, officers=("tc-004", "tc-005")))
        d.do(c.RecordEvidence(actor="tc-004", case=case, kind="照片", text="现场照片3张"))
        d.do(c.NotifyPenalty(actor="tc-004", case=case, sanctions=both, circumstance="一般",
                             basis="《无证无照经营查处办法》第十三条", facts="蒋十五无照经营"))  # fmt: skip
        d.do(c.WaiveDefence(actor="tc-004", case=case))
        d.do(c.DecidePenalty(actor="tc-001", case=case, sanctions=both,
                             basis="《无证无照经营查处办法》第十三条"))  # fmt: skip
        issued, _ = d.documents.issue(case, DocumentKind.DECISION, "tc-004")
        x = d.execution
        x.serve(case, issued.event.number, Method.PERSONAL, None, "tc-004")  # 2026-06-01
        plan = [(date(2026, 7, 1), 250.0), (date(2026, 8, 1), 250.0)]
        with pytest.raises(NotAuthorised, match="《行政处罚法》第六十六条"):
            x.approve_plan(case, plan, "经营困难", "tc-004")
        refused(d, "payment-plan",
                lambda: x.approve_plan(case, [(date(2026, 7, 1), 300.0)], "经营困难", "tc-001"), case)  # fmt: skip
        x.approve_plan(case, plan, "经营困难", "tc-001")
        d.jump(29)  # 2026-06-30: past the 15 days, within the plan
        state = x.load(case).execution
        assert state.late_fee(500, date(2026, 6, 30)) == 0
        assert payment_due(state, 500, date(2026, 6, 30)) == date(2026, 7, 1)
        x.pay(case, 250, "P-1", None, "tc-004")
        assert payment_due(x.load(case).execution, 500, date(2026, 7, 2)) == date(2026, 8, 1)
        d.jump(30)
        x.pay(case, 250, "P-2", None, "tc-004")
        refused(d, "close-not-executed", lambda: d.do(c.CloseCase(actor="tc-004", case=case,
                                                                  outcome="executed")), case)  # fmt: skip
        refused(
            d,
            "sanction-performed",
            lambda: x.perform(case, "没收违法所得", None, "", "tc-004"),
            case,
        )  # no proof
        x.perform(case, "没收违法所得", None, "e" * 64, "tc-004", note="已上缴国库")
        refused(
            d,
            "sanction-performed",
            lambda: x.perform(case, "没收违法所得", None, "e" * 64, "tc-004"),
            case,
        )  # twice
        d.do(c.CloseCase(actor="tc-004", case=case, outcome="executed"))
