"""Guards of the notice end of a penalty case (告知、处罚种类、听证范围、当事人), each naming its statute.

Split from `rules` along the lifecycle: the investigation there, the notice here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from workflow import calendar
from workflow.cases.case import Case
from workflow.cases.config import RuleConfig
from workflow.cases.events import CaseKind
from workflow.cases.party import Party, PartyKind, id_number_problem
from workflow.cases.rules import PUNISH, require_text, violation
from workflow.cases.sanctions import CONFISCATIONS, HEAVY, Sanction, SanctionKind, fine_total
from workflow.clock import local_day


def check_notice(
    case: Case, facts: str, basis: str, sanctions: Sequence[Sanction], rights_told: bool
) -> None:
    """Penalty case; evidence on record; facts, basis, sanctions and rights told (arts. 40, 44–45)."""
    if case.kind is not CaseKind.PENALTY:
        raise violation(
            "penalty-case",
            f"{PUNISH}第四十四条",
            "许可案件不能作出处罚告知",
            "only a penalty case is notified of a penalty",
        )
    if case.evidence < 1:
        raise violation(
            "evidence-first",
            f"{PUNISH}第四十条",
            "违法事实不清、证据不足，不得给予行政处罚",
            "no evidence on record: facts must be established first",
        )
    require_text(facts, "notice-facts", f"{PUNISH}第四十四条", "违法事实")
    require_text(basis, "notice-basis", f"{PUNISH}第四十四条", "处罚依据")
    check_sanctions(sanctions, "notice-sanction", f"{PUNISH}第四十四条")
    if not rights_told:
        raise violation(
            "notice-rights",
            f"{PUNISH}第四十四条",
            "必须告知当事人陈述、申辩、要求听证的权利",
            "the party must be told of the rights to state, defend and request a hearing",
        )


def check_sanctions(sanctions: Sequence[Sanction], rule: str, statute: str) -> None:
    """At least one sanction of art. 9, each kind once, amounts where they apply and valid."""
    if not sanctions:
        raise violation(
            rule,
            f"{PUNISH}第九条",
            "须载明至少一种行政处罚（第九条所列种类）",
            "at least one sanction of art. 9 must be given",
        )
    kinds = [s.kind for s in sanctions]
    if len(set(kinds)) != len(kinds):
        raise violation(
            rule, statute, "同一种处罚只能列一次", "each kind of sanction may be listed once"
        )
    for s in sanctions:
        if s.kind.has_amount:
            check_fine(s.amount if s.amount is not None else -1.0, rule, statute)
            if not s.amount:
                raise violation(
                    rule, statute, f"{s.kind.zh}金额须大于零", f"{s.kind.value} must be above 0"
                )
        elif s.amount is not None:
            raise violation(rule, statute, f"{s.kind.zh} 没有金额", f"{s.kind.value} has no amount")


def merge_amount(sanctions: Sequence[Sanction], amount: float | None) -> tuple[Sanction, ...]:
    """`--amount N` is shorthand for one 罚款; with a 罚款 also listed it is refused."""
    if amount is None:
        return tuple(sanctions)
    if any(s.kind is SanctionKind.FINE for s in sanctions):
        raise violation(
            "sanction-amount-twice",
            f"{PUNISH}第九条",
            "罚款金额只能写一次（--amount 或 --sanction 罚款:N）",
            "give the fine once: --amount or --sanction 罚款:N",
        )
    return (Sanction(SanctionKind.FINE, amount), *sanctions)


def check_fine(amount: float, rule: str, statute: str) -> None:
    """A fine is a finite amount of yuan, never negative (nan and inf are no amount)."""
    if not math.isfinite(amount) or amount < 0:
        raise violation(
            rule,
            statute,
            f"罚款金额 {amount:g} 无效，须为非负数",
            f"the fine {amount:g} must be a finite amount, not negative",
        )


def hearing_grounds(
    sanctions: Sequence[Sanction], kind: PartyKind, config: RuleConfig
) -> list[str]:
    """Art. 63: why the proposed sanctions open a hearing (empty: they do not).

    较大数额罚款 and 没收较大数额/较大价值 by the thresholds for the party type (county
    file); 降低资质等级、吊销许可证件、责令停产停业、责令关闭、限制从业 and 限制开展生产
    经营活动 (其他较重的行政处罚) whatever the amount.
    """
    grounds: list[str] = []
    fine = fine_total(sanctions)
    if fine and fine >= config.hearing_fine(kind):
        grounds.append(f"较大数额罚款（{kind.zh} ≥ {config.hearing_fine(kind):g} 元）")
    for s in sanctions:
        if s.kind in CONFISCATIONS and (s.amount or 0) >= config.hearing_confiscation(kind):
            grounds.append(f"{s.kind.zh}较大数额（≥ {config.hearing_confiscation(kind):g} 元）")
        elif s.kind in HEAVY:
            grounds.append(s.kind.zh)
    return grounds


def check_party(kind: PartyKind, id_number: str) -> None:
    """A 证件号, when given, passes its checksum (身份证 GB 11643, 统一社会信用代码 GB 32100)."""
    problem = id_number_problem(kind, id_number) if id_number else None
    if problem:
        raise violation(
            "party-id",
            f"{PUNISH}第五十九条",
            f"当事人{kind.zh}证件号 {id_number} {problem}",
            f"the party's id number {id_number} fails its checksum",
        )


def check_party_identified(party: Party) -> None:
    """A decision states the party's name or title, 证件号 and address (art. 59)."""
    if not party.identified:
        raise violation(
            "party-identified",
            f"{PUNISH}第五十九条",
            "处罚决定书须载明当事人的姓名或者名称、证件号码和地址，请先登记当事人信息",
            "record the party's name, id number and address before deciding",
        )


def check_hearing_request(case: Case, day: date) -> bool:
    """The sanction is hearing-eligible (art. 63) and asked within 5 working days (art. 64)."""
    if not case.hearing_eligible:
        raise violation(
            "hearing-eligible",
            f"{PUNISH}第六十三条",
            "拟作出的处罚不属于听证范围",
            "the proposed sanction is not hearing-eligible",
        )
    if case.defence_waived:
        raise violation(
            "hearing-waived",
            f"{PUNISH}第六十四条",
            "当事人已放弃听证",
            "the party has waived the hearing",
        )
    deadline = case.deadlines["hearing_request"]
    due, estimated = deadline.due, deadline.estimated
    if estimated and case.notified_at is not None:  # the county may have loaded the year since
        start = local_day(case.notified_at)
        due = calendar.add_working_days(start, 5)
        estimated = calendar.estimated_between(start, due)
    if day > due and estimated:
        return True  # never refused on a guessed calendar: recorded with a flag instead
    if day > due:
        raise violation(
            "hearing-deadline",
            f"{PUNISH}第六十四条",
            f"听证申请已超过告知后五个工作日（截止 {due}）",
            f"the hearing was requested after the 5-working-day limit ({due})",
        )
    return False
