"""The demo summary prints a count for each outcome: 不予处罚, 移送, 撤销立案 beside 不予许可,
听证 and 延期, read back from the cases' own events (closed or not), zero when none."""

from __future__ import annotations

from datetime import date

from tests.unit.case_fakes import PARTY, World
from workflow.cases import commands as c
from workflow.demo.report import LABELS, case_counts, render_summary


def summary_of(counts: dict[str, object]) -> dict[str, object]:
    rest = {key: 0 for key, _ in LABELS}
    return {**rest, **counts, "period": "p", "seed": 1, "commands_refused": {}}


def dispatched_case(w: World) -> str:
    opened = w.do(c.OpenCase(actor="tc-o1", township="taicheng", matter="M-P1", party="张三",
                             summary="无照经营", **PARTY))  # type: ignore[arg-type]  # fmt: skip
    w.advance(hours=1)
    w.do(c.DispatchCase(actor="tc-lead", case=opened.case_id, officers=("tc-o1", "tc-o2")))
    w.do(c.RecordEvidence(actor="tc-o1", case=opened.case_id, kind="现场笔录", text="现场检查"))
    return str(opened.case_id)


def test_each_decision_other_than_a_penalty_is_counted_closed_or_not() -> None:
    w = World()
    cases = [dispatched_case(w) for _ in range(4)]
    w.advance(hours=1)
    w.do(c.DecideNoPenalty(actor="tc-lead", case=cases[0], ground="minor_corrected",
                           reason="已当场改正"))  # fmt: skip
    w.do(c.DecideNoPenalty(actor="tc-lead", case=cases[1], ground="minor_corrected",
                           reason="已当场改正"))  # fmt: skip
    w.do(c.CloseCase(actor="tc-o1", case=cases[1], outcome="no_penalty"))
    w.do(c.TransferCase(actor="tc-lead", case=cases[2], organ="五台县公安局", reason="涉嫌犯罪"))
    w.do(c.WithdrawCase(actor="tc-lead", case=cases[3], reason="不属于本机关管辖"))
    loaded = [w.service.load(case) for case in cases]
    counts = case_counts(loaded, date(2026, 6, 2))
    assert (counts["no_penalty_decided"], counts["transferred"], counts["withdrawn"]) == (2, 1, 1)
    shown = render_summary(summary_of(counts))
    for label, figure in (("不予处罚 no penalty decided", 2), ("移送司法机关 transferred", 1),
                          ("撤销立案 cases withdrawn", 1)):  # fmt: skip
        [line] = [x for x in shown.splitlines() if x.startswith(label)]
        assert line.split()[-1] == str(figure), line


def test_every_outcome_has_its_line_even_at_zero() -> None:
    counts = case_counts([], date(2026, 6, 2))
    shown = render_summary(summary_of(counts))
    for label in ("不予处罚", "移送司法机关", "撤销立案", "不予许可", "听证 hearings held",
                  "延期 extensions"):  # fmt: skip
        [line] = [x for x in shown.splitlines() if x.startswith(label)]
        assert line.split()[-1] == "0", line


def test_the_general_procedure_steps_are_counted_from_the_store() -> None:
    """回避 and 更换办案人员 recorded on a case are counted from the log; a step never taken
    counts 0; the summary prints each under 一般程序 with its figure."""
    from workflow.demo.procedure import counts

    w = World()
    case = dispatched_case(w)
    assert counts(w.store)["recusals"] == 0
    w.do(c.RecuseOfficer(actor="tc-lead", case=case, officer="tc-o2", applicant="party",
                         reason="系当事人近亲属"))  # fmt: skip
    w.do(c.ReassignCase(actor="tc-lead", case=case, officers=("tc-o1", "tc-o3"),
                        reason="回避后补充办案人员"))  # fmt: skip
    found = counts(w.store)
    assert (found["recusals"], found["reassignments"], found["hearings_abandoned"]) == (1, 1, 0)
    empty = summary_of(case_counts([], date(2026, 6, 2)))
    shown = render_summary({**empty, "procedure": found}).splitlines()
    section = shown[shown.index("一般程序 the general procedure") + 1:]
    for label, figure in (("回避 recusals", 1), ("更换办案人员 reassignments", 1),
                          ("未出席听证 hearing no-shows", 0)):  # fmt: skip
        [line] = [x for x in section if x.strip().startswith(label)]
        assert line.split()[-1] == str(figure), line
