"""Outcomes other than a penalty (art. 57): 不予处罚, 移送司法机关, 撤销立案 — refuse and allow."""

from __future__ import annotations

from tests.unit.case_fakes import World
from tests.unit.test_case_review import designate, discuss, review
from tests.unit.test_case_rules import P, dispatched, notified, refused
from workflow.cases import commands as c


def test_no_penalty_refuses_an_unknown_ground_and_no_reason() -> None:
    w = World()
    dispatched(w)
    refused(
        w,
        c.DecideNoPenalty(actor="tc-lead", case=P, ground="心情好", reason="r"),
        "第三十三条",
        "no-penalty-ground",
    )
    refused(
        w,
        c.DecideNoPenalty(actor="tc-lead", case=P, ground="无主观过错", reason=" "),
        "第三十三条",
        "no-penalty-reason",
    )


def test_no_penalty_allowed_closes_and_is_reviewed() -> None:
    w = World()
    dispatched(w)
    done = w.do(
        c.DecideNoPenalty(actor="tc-lead", case=P, ground="minor_corrected", reason="已当场改正")
    )
    assert done.state == "no_penalty"
    refused(
        w, c.CloseCase(actor="tc-o1", case=P, outcome="executed"), "第五十七条", "close-outcome"
    )
    assert w.do(c.CloseCase(actor="tc-o1", case=P, outcome="no_penalty")).state == "closed"
    assert (
        w.do(c.ReviewCase(actor="sup", case=P, verdict="qualified", findings="f")).state
        == "reviewed"
    )


def test_facts_not_established_needs_no_evidence_other_grounds_do() -> None:
    w = World()
    w.do(c.OpenCase(actor="tc-o1", township="taicheng", matter="M-P1", party="张三", summary="s"))
    w.advance(hours=1)
    w.do(c.DispatchCase(actor="tc-lead", case=P, officers=("tc-o1", "tc-o2")))
    refused(
        w,
        c.DecideNoPenalty(actor="tc-lead", case=P, ground="no_fault", reason="r"),
        "第三十三条",
        "evidence-first",
    )
    assert (
        w.do(
            c.DecideNoPenalty(actor="tc-lead", case=P, ground="违法事实不能成立", reason="查无实据")
        ).state
        == "no_penalty"
    )


def test_no_penalty_by_an_unauthorised_deputy_is_refused() -> None:
    w = World()
    dispatched(w)
    refused(
        w,
        c.DecideNoPenalty(actor="tc-dep", case=P, ground="no_fault", reason="r"),
        "第五十七条",
        "decider-authorised",
    )


def test_no_penalty_must_follow_a_collective_discussion() -> None:
    w = World()
    notified(w, 60_000)
    discuss(w, "penalty")
    refused(
        w,
        c.DecideNoPenalty(actor="tc-lead", case=P, ground="no_fault", reason="r"),
        "第五十七条",
        "follow-discussion",
    )
    discuss(w, "no_penalty")
    assert (
        w.do(c.DecideNoPenalty(actor="tc-lead", case=P, ground="no_fault", reason="r")).state
        == "no_penalty"
    )


def test_a_marked_major_case_needs_a_passed_review_before_no_penalty() -> None:
    w = World()
    designate(w, "tc-o3")
    dispatched(w)
    w.do(c.MarkMajor(actor="tc-lead", case=P, grounds=("重大公共利益",), reason="涉及饮用水安全"))
    refused(
        w,
        c.DecideNoPenalty(actor="tc-lead", case=P, ground="no_fault", reason="r"),
        "第五十八条",
        "legal-review",
    )
    review(w)
    assert (
        w.do(c.DecideNoPenalty(actor="tc-lead", case=P, ground="no_fault", reason="r")).state
        == "no_penalty"
    )


def test_transfer_needs_the_organ_and_closes_as_transferred() -> None:
    w = World()
    notified(w, 20_000)
    refused(
        w,
        c.TransferCase(actor="tc-lead", case=P, organ=" ", reason="涉嫌犯罪"),
        "第二十七条",
        "transfer-organ",
    )
    assert (
        w.do(c.TransferCase(actor="tc-lead", case=P, organ="五台县公安局", reason="涉嫌犯罪")).state
        == "transferred"
    )
    assert w.service.load(P).transferred_to == "五台县公安局"
    assert w.do(c.CloseCase(actor="tc-lead", case=P, outcome="transferred")).state == "closed"


def test_withdraw_needs_a_reason_and_the_leadership() -> None:
    w = World()
    dispatched(w)
    refused(w, c.WithdrawCase(actor="tc-lead", case=P, reason=""), "第五十七条", "withdraw-reason")
    before = w.store.count()
    try:
        w.do(c.WithdrawCase(actor="tc-o1", case=P, reason="r"))
    except Exception as exc:  # noqa: BLE001
        assert "撤销立案只能由队长或副队长执行" in str(exc)
    assert w.store.count() == before
    assert w.do(c.WithdrawCase(actor="tc-lead", case=P, reason="立案错误")).state == "withdrawn"
    assert w.do(c.CloseCase(actor="tc-lead", case=P, outcome="withdrawn")).state == "closed"


def test_no_penalty_is_a_penalty_case_outcome_not_a_licensing_one() -> None:
    """A licensing case is granted or refused; 不予行政处罚 was accepted on one (art. 57)."""
    from tests.unit.test_case_rules import open_licence

    w = World()
    case = open_licence(w)
    w.do(c.RecordEvidence(actor="tc-o1", case=case, kind="材料", text="申请书"))
    refused(w, c.DecideNoPenalty(actor="tc-lead", case=case, ground="not_established", reason="r"),
            "第五十七条", "penalty-case")  # fmt: skip


def test_a_licensing_case_is_not_transferred_a_penalty_case_is() -> None:
    """移送司法机关 was accepted on a licence application (处罚法 27 is about 查处)."""
    from tests.unit.test_case_rules import open_licence

    w = World()
    case = open_licence(w)
    w.do(c.RecordEvidence(actor="tc-o1", case=case, kind="材料", text="申请书"))
    refused(w, c.TransferCase(actor="tc-lead", case=case, organ="县公安局", reason="伪造证件"),
            "第二十七条", "penalty-case")  # fmt: skip
    dispatched(w)
    done = w.do(c.TransferCase(actor="tc-lead", case=P, organ="县公安局", reason="涉嫌犯罪"))
    assert done.state == "transferred"
