"""Guards of 法制审核 (art. 58), 集体讨论 and who decides (art. 57), each naming its statute.

`review_grounds` and `discussion_grounds` say why a decision needs a passed review or a
collective discussion; the decision guards then refuse until the record has them.
"""

from __future__ import annotations

from collections.abc import Sequence

from workflow.cases.case import Case
from workflow.cases.duties import Duty
from workflow.cases.rules import MANAGING_ROLES, PUNISH, Context, require_text, violation
from workflow.cases.sanctions import Sanction, SanctionKind, fine_total

MAJOR_MARKS = ("重大公共利益", "疑难复杂", "情节复杂", "重大违法")
DISCUSSION_MARKS = frozenset({"情节复杂", "重大违法"})
GRAVE = frozenset(
    {SanctionKind.REVOKE_LICENCE, SanctionKind.CLOSE_DOWN, SanctionKind.SUSPEND_BUSINESS}
)
REVIEW_RESULTS = {"passed": "通过", "returned": "退回"}
DISCUSSION_RESULTS = {
    "penalty": "给予行政处罚",
    "no_penalty": "不予行政处罚",
    "transfer": "移送司法机关",
    "withdraw": "撤销立案",
    "extend": "再次延长办理期限",
}
ART57 = f"{PUNISH}第五十七条"
ART58 = f"{PUNISH}第五十八条"


def _weighty(case: Case, sanctions: Sequence[Sanction], ctx: Context) -> list[str]:
    grounds = []
    if fine_total(sanctions) >= ctx.config.major_fine(case.party_detail.kind):
        grounds.append("较大数额罚款（重大执法决定）")
    grounds += [s.kind.zh for s in sanctions if s.kind in GRAVE]
    return grounds


def review_grounds(case: Case, sanctions: Sequence[Sanction], ctx: Context) -> list[str]:
    """Art. 58: 重大公共利益, 经过听证的重大权益, 疑难复杂, 重大数额或较重处罚 (county list)."""
    grounds = _weighty(case, sanctions, ctx)
    if case.hearing_held:
        grounds.append("经过听证程序")
    return grounds + list(case.major_grounds)


def discussion_grounds(case: Case, sanctions: Sequence[Sanction], ctx: Context) -> list[str]:
    """Art. 57 ¶2: 情节复杂或者重大违法行为 (marked, or a major sanction) need 集体讨论."""
    marks = [g for g in case.major_grounds if g in DISCUSSION_MARKS]
    return _weighty(case, sanctions, ctx) + marks


def check_mark_major(grounds: Sequence[str], reason: str) -> None:
    """Grounds from the art. 57/58 list, with reasons."""
    bad = [g for g in grounds if g not in MAJOR_MARKS]
    if not grounds or bad:
        raise violation(
            "major-grounds",
            ART58,
            f"重大案件情形须为：{'、'.join(MAJOR_MARKS)}",
            "grounds must be from: " + ", ".join(MAJOR_MARKS),
        )
    require_text(reason, "major-reason", ART58, "认定理由")


def check_legal_review(case: Case, ctx: Context, result: str, opinion: str) -> None:
    """By a designated 法制审核人员 who did not investigate; passed or returned, with an opinion."""
    if not ctx.duties.holds(ctx.actor.id, Duty.LEGAL_REVIEWER):
        raise violation(
            "reviewer-designated",
            ART58,
            "法制审核只能由本乡镇指定的法制审核人员执行",
            "only a designated legal reviewer of the township reviews",
        )
    if ctx.actor.id in case.officers:
        raise violation(
            "reviewer-not-handler",
            ART58,
            "法制审核不得由本案承办人员进行",
            "an investigator of the case may not review it",
        )
    if result not in REVIEW_RESULTS:
        raise violation(
            "review-result",
            ART58,
            "法制审核结论须为 通过(passed) 或 退回(returned)",
            "the review result is passed or returned",
        )
    require_text(opinion, "review-opinion", ART58, "审核意见（退回的须写明理由）")


def check_discussion(case: Case, ctx: Context, participants: Sequence[str], result: str) -> None:
    """Presided by the leader; at least two of the team's leadership; a known result."""
    if str(ctx.actor.role) != "leader":
        raise violation(
            "discussion-by-leader", ART57, "集体讨论只能由队长主持", "the team leader presides"
        )
    people = list(dict.fromkeys(participants))
    if ctx.actor.id not in people or len(people) < 2:
        raise violation(
            "discussion-participants",
            ART57,
            "集体讨论须由队长主持、至少两名队领导参加",
            "the leader and at least one more of the leadership take part",
        )
    for pid in people:
        person = ctx.directory.person(pid)
        if (
            person is None
            or person.removed
            or person.township != case.township
            or str(person.role) not in MANAGING_ROLES
        ):
            raise violation(
                "discussion-participants",
                ART57,
                f"{pid} 不是{case.township_name}执法队负责人，不能参加集体讨论",
                f"{pid} is not of the team's leadership",
            )
    if result not in DISCUSSION_RESULTS:
        raise violation(
            "discussion-result",
            ART57,
            f"集体讨论结论须为：{', '.join(DISCUSSION_RESULTS)}",
            "result: " + ", ".join(DISCUSSION_RESULTS),
        )


def check_decider(case: Case, ctx: Context, weighty: bool) -> None:
    """The leader decides, or a deputy the leader authorised on record; no investigator alone."""
    role = str(ctx.actor.role)
    if role == "deputy" and not ctx.duties.holds(ctx.actor.id, Duty.DECIDER):
        raise violation(
            "decider-authorised",
            ART57,
            "作出决定只能由队长或经队长授权的副队长执行",
            "the leader decides, or a deputy the leader authorised on record",
        )
    if weighty and ctx.actor.id in case.officers and case.discussion_result is None:
        raise violation(
            "decider-not-investigator",
            ART57,
            "重大案件不得由本案承办人员一人决定，须经集体讨论",
            "an investigator may not alone decide a major case",
        )


def check_review_and_discussion(
    case: Case, ctx: Context, result: str, review: list[str], discussion: list[str]
) -> None:
    """A passed review when art. 58 applies; a discussion when art. 57 ¶2 applies; follow it."""
    if review and not case.legal_reviewed:
        state = {"returned": "（上次审核已退回）", "legacy": "（旧审核无结论）"}
        raise violation(
            "legal-review",
            ART58,
            f"本案须经法制审核通过后方可决定{state.get(case.review_result or '', '')}："
            + "、".join(review),
            "a passed legal review is needed first: " + ", ".join(review),
        )
    if discussion and case.discussion_result is None:
        raise violation(
            "collective-discussion",
            ART57,
            "情节复杂或者重大违法行为须经负责人集体讨论决定：" + "、".join(discussion),
            "a collective discussion must decide this case: " + ", ".join(discussion),
        )
    if case.discussion_result is not None and case.discussion_result != result:
        told = DISCUSSION_RESULTS[case.discussion_result]
        raise violation(
            "follow-discussion",
            ART57,
            f"决定须与集体讨论结论一致（{told}）",
            f"the decision must follow the collective discussion ({case.discussion_result})",
        )
