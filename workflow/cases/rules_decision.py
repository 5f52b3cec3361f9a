"""Guards of the decision end of a case (决定、期限、结案、评查), each naming its statute.

Split from `case_rules` along the lifecycle: investigation there, decisions here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from workflow.cases import rules_notice
from workflow.cases.case import Case
from workflow.cases.events import CaseKind, Outcome, Verdict
from workflow.cases.lifecycle import CaseState
from workflow.cases.rules import LICENSE, PUNISH, Context, require_text, violation
from workflow.cases.sanctions import Sanction, fine_total, heavier_than_notified
from workflow.cases.words import OUTCOME_ZH


def check_decision(case: Case, ctx: Context, sanctions: Sequence[Sanction], basis: str) -> bool:
    """Defence period over or waived; hearing held; legal review when major; within 90 days.

    Returns whether the decision is major (重大处罚决定).
    """
    _check_defence_over(case, ctx.day)
    require_text(basis, "decision-basis", f"{PUNISH}第五十九条", "处罚依据")
    rules_notice.check_sanctions(sanctions, "decision-sanction", f"{PUNISH}第五十九条")
    heavier = heavier_than_notified(sanctions, case.proposed)
    if heavier:
        raise violation(
            "no-heavier",
            f"{PUNISH}第四十五条",
            "处罚决定不得重于事先告知的处罚：" + "、".join(heavier),
            "the decision may not be heavier than the notice: " + ", ".join(heavier),
        )
    rules_notice.check_party_identified(case.party_detail)
    kind = case.party_detail.kind
    major = fine_total(sanctions) >= ctx.config.major_fine(kind) or case.hearing_held
    check_within(case, ctx.day, f"{PUNISH}第六十条")
    return major


def _check_defence_over(case: Case, day: date) -> None:
    if case.state is CaseState.HEARING and not (case.hearing_held or case.hearing_abandoned):
        raise violation(
            "hearing-held",
            f"{PUNISH}第六十五条",
            "当事人要求听证的，应在听证结束后作出决定",
            "a requested hearing must be held before the decision",
        )
    due = case.deadlines["hearing_request"].due
    if not case.defence_waived and not case.hearing_requested and day <= due:
        raise violation(
            "defence-period",
            f"{PUNISH}第四十五条",
            f"陈述申辩期（至 {due}）尚未届满，当事人也未放弃",
            f"the defence period (until {due}) is not over nor waived",
        )


def past_estimate(case: Case, day: date) -> bool:
    """Past a decision deadline computed on a guessed (Mon–Fri) calendar: the real one is
    no earlier, so the act is recorded with a flag (`on_estimate`), never refused."""
    deadline = case.deadlines["decision"]
    return day > deadline.due and deadline.estimated


def check_within(case: Case, day: date, statute: str) -> None:
    """Within the time limit; a limit computed on a guessed calendar never refuses."""
    deadline = case.deadlines["decision"]
    due = deadline.due
    if day > due and not deadline.estimated:
        raise violation(
            "decision-deadline",
            statute,
            f"已超过办理期限（{due}），且无延期记录",
            f"past the time limit ({due}) with no extension on record",
        )


def check_licensing(case: Case, ctx: Context) -> None:
    """Licensing case, decided within 20 (+10) working days (许可法 art. 42)."""
    if case.kind is not CaseKind.LICENSING:
        raise violation(
            "licensing-case",
            f"{LICENSE}第三十八条",
            "处罚案件不能作出许可决定",
            "only a licensing case is granted or refused",
        )
    check_within(case, ctx.day, f"{LICENSE}第四十二条")


def check_extension(case: Case, ctx: Context, days: int, reason: str) -> None:
    """Approved by the leader before the deadline passes, with reasons, within the caps.

    Penalty (art. 60 and sector rules, county file): each extension up to
    `penalty_extension_days`, all together up to `penalty_extension_total_days`, a further
    extension only after a 集体讨论. Licence (许可法 art. 42): once, up to 10 working days.
    """
    statute = f"{PUNISH}第六十条" if case.kind is CaseKind.PENALTY else f"{LICENSE}第四十二条"
    if ctx.actor.role != "leader":
        raise violation(
            "extension-by-leader", statute, "延期只能由队长批准", "only the team leader extends"
        )
    require_text(reason, "extension-reason", statute, "延期理由（告知当事人/申请人）")
    due = case.deadlines["decision"].due
    if ctx.day > due and not past_estimate(case, ctx.day):
        raise violation(
            "extension-before-deadline",
            statute,
            f"延期须在办理期限届满前批准，期限 {due} 已过",
            f"an extension is approved before the deadline ({due}) passes",
        )
    if case.kind is CaseKind.LICENSING:
        _check_licence_extension(case, ctx, days, statute)
        return
    cap = ctx.config.penalty_extension_days
    total = ctx.config.penalty_extension_total_days - case.extended_days
    limit = min(cap, total)
    if days < 1 or days > limit:
        raise violation(
            "extension-days",
            statute,
            f"本次延长天数须在 1 至 {limit} 日之间（单次上限 {cap} 日，累计上限"
            f" {ctx.config.penalty_extension_total_days} 日）",
            f"the extension must be 1..{limit} days",
        )
    if case.extensions >= 1 and case.extension_discussions < case.extensions:
        raise violation(
            "extension-discussion",
            statute,
            "再次延期须经负责人集体讨论（请先记录集体讨论，结论为 extend）",
            "a further extension needs a collective discussion first",
        )


def _check_licence_extension(case: Case, ctx: Context, days: int, statute: str) -> None:
    if case.extensions >= 1:
        raise violation(
            "licence-extension-once",
            statute,
            "行政许可期限只能延长一次",
            "a licensing time limit is extended once",
        )
    limit = ctx.config.max_licence_extension_days
    if days < 1 or days > limit:
        raise violation(
            "extension-days",
            statute,
            f"延长期限须在 1 至 {limit} 个工作日之间",
            f"the extension must be 1..{limit} working days",
        )


CLOSING = {
    CaseState.PENALTY_DECIDED: Outcome.EXECUTED,
    CaseState.NO_PENALTY: Outcome.NO_PENALTY,
    CaseState.TRANSFERRED: Outcome.TRANSFERRED,
    CaseState.WITHDRAWN: Outcome.WITHDRAWN,
    CaseState.LICENCE_GRANTED: Outcome.LICENCE_ISSUED,
    CaseState.LICENCE_REFUSED: Outcome.REFUSAL_SERVED,
    CaseState.OPENED: Outcome.DROPPED,
}


def closing_outcomes(case: Case) -> list[str]:
    """The outcomes `check_close` accepts in the case's state (for the form's choices)."""
    expected = CLOSING.get(case.state) if case.state else None
    found = [expected.value] if expected else []
    if case.state is CaseState.PENALTY_DECIDED:
        found.append(Outcome.UNEXECUTABLE.value)
    return found


def check_close(case: Case, outcome: str, reason: str) -> None:
    """Executed / issued / refusal served, or dropped from `opened` with a reason."""
    if outcome == Outcome.UNEXECUTABLE.value and case.state is CaseState.PENALTY_DECIDED:
        require_text(reason, "unexecutable-reason", f"{PUNISH}第五十七条", "不能执行的理由")
        return
    expected = CLOSING.get(case.state) if case.state else None
    if expected is None or outcome != expected.value:
        raise violation(
            "close-outcome",
            f"{PUNISH}第五十七条",
            f"当前状态只能以“{OUTCOME_ZH.get(expected.value, expected.value) if expected else '—'}”结案",
            f"this case can only close as {expected.value if expected else '-'}",
        )
    if expected is Outcome.DROPPED:
        require_text(reason, "drop-reason", f"{PUNISH}第五十七条", "撤案理由")
    if expected is Outcome.LICENCE_ISSUED and not case.licence_document:
        raise violation(
            "licence-issued-first", "《行政许可法》第四十四条",
            "准予许可的案件须先颁发、送达许可证件再结案",
            "issue the licence document first (`case issue-licence`), then close",
        )  # fmt: skip


def check_review(case: Case, ctx: Context, verdict: str, findings: str) -> None:
    """By a county supervisor who is not an officer of the case; a known verdict and findings."""
    statute = f"{PUNISH}第七十五条"
    if ctx.actor.role != "supervisor":
        raise violation(
            "review-by-supervisor",
            statute,
            "案卷评查由县级监督人员进行",
            "a county supervisor reviews cases",
        )
    if ctx.actor.id in case.officers:
        raise violation(
            "reviewer-independent",
            statute,
            "办案人员不得评查本人办理的案件",
            "an officer of the case may not review it",
        )
    if verdict not in {v.value for v in Verdict}:
        raise violation(
            "verdict",
            statute,
            f"评查结论须为 {', '.join(v.value for v in Verdict)}",
            "verdict must be qualified, defective or erroneous",
        )
    require_text(findings, "review-findings", statute, "评查意见")
