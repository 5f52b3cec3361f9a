"""简易程序 (当场处罚, 《行政处罚法》第五十一条、第五十二条、第六十八条、第六十九条).

For a certain fact, a 警告 or a fine of at most 200 yuan on a person (3,000 on an
organisation) may be decided on the spot by one officer with a valid certificate. The
case is opened, its facts, the party's statement and the decision are recorded in ONE
append (the open guards of `decide_open` run first), so a refusal appends nothing.
The thresholds and the filing (备案) period come from the county file; the item's
discretion benchmark (裁量基准, art 34) applies as in the general procedure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Protocol

from workflow.cases import commands as cmd
from workflow.cases import discretion, rules
from workflow.cases import events as ev
from workflow.cases.decide import decide_open
from workflow.cases.party import PartyKind, parse_party_kind
from workflow.cases.ports import TownshipLike
from workflow.cases.rules import Context
from workflow.cases.sanctions import Sanction, SanctionKind, describe, fine_total, to_dicts

ART51 = "《行政处罚法》第五十一条"
ART52 = "《行政处罚法》第五十二条"
ART68 = "《行政处罚法》第六十八条"
ART69 = "《行政处罚法》第六十九条"


class Limits(Protocol):
    """The county file's `[simple_procedure]` values (workflow.procedure.Procedure has them)."""

    @property
    def spot_person_max(self) -> float: ...
    @property
    def spot_organisation_max(self) -> float: ...
    @property
    def spot_collect_max(self) -> float: ...
    @property
    def spot_filing_days(self) -> int: ...


@dataclass(frozen=True)
class StatutoryLimits:
    """The statute's own numbers, used when no county file is injected."""

    spot_person_max: float = 200.0  # 第五十一条：对公民二百元以下
    spot_organisation_max: float = 3000.0  # 同条：对法人或者其他组织三千元以下
    spot_collect_max: float = 100.0  # 第六十八条：一百元以下的罚款可当场收缴
    spot_filing_days: int = 5  # 县规定（占位）：报所属行政机关备案的期限


SPOT_KINDS = frozenset({SanctionKind.WARNING, SanctionKind.FINE})
CIRCUMSTANCE = "简易程序（当场处罚）"
FINE_DAYS = 15  # 《行政处罚法》第六十七条：收到决定书之日起十五日内缴纳


def check_sanctions(sanctions: tuple[Sanction, ...], kind: PartyKind, p: Limits) -> float:
    """Art 51: only 警告 and/or a 罚款 within the party type's limit; returns the fine."""
    if not sanctions:
        raise rules.violation("spot-sanction", ART51, "必须写明处罚种类", "a sanction is required")
    other = [s for s in sanctions if s.kind not in SPOT_KINDS]
    if other:
        raise rules.violation(
            "spot-kind", ART51, f"当场处罚只能是警告或者罚款，不能是{describe(other)}",
            "the simple procedure allows only a warning or a fine",
        )  # fmt: skip
    fine = fine_total(sanctions)
    limit = p.spot_organisation_max if kind is PartyKind.ORGANISATION else p.spot_person_max
    if fine > limit:
        raise rules.violation(
            "spot-limit", ART51,
            f"对{kind.zh}当场罚款不得超过 {limit:g} 元（本案 {fine:g} 元），请按普通程序办理",
            f"an on-the-spot fine on this party type is at most {limit:g} yuan, not {fine:g}",
        )  # fmt: skip
    return fine


def check_collect(c: cmd.DecideOnTheSpot, fine: float, p: Limits) -> None:
    """Art 68: 当场收缴 of a fine ≤ the limit, or where paying later is hard (a reason);
    art 69: with the number of the province's 罚没款收据."""
    if not c.collect:
        if c.receipt.strip() or c.collect_reason.strip():
            raise rules.violation(
                "spot-collect-flag", ART68, "只有当场收缴（--collect）才登记收据号或理由",
                "a receipt or reason is only recorded with --collect",
            )  # fmt: skip
        return
    if fine <= 0:
        raise rules.violation("spot-collect-nofine", ART68, "没有罚款，不能当场收缴",
                              "there is no fine to collect")  # fmt: skip
    if fine > p.spot_collect_max and not c.collect_reason.strip():
        raise rules.violation(
            "spot-collect-limit", ART68,
            f"罚款超过 {p.spot_collect_max:g} 元，只有当事人事后缴纳确有困难的才能当场收缴，须写明理由",
            f"above {p.spot_collect_max:g} yuan, collect on the spot only where paying later "
            "is hard: give the reason",
        )  # fmt: skip
    rules.require_text(c.receipt, "spot-receipt", ART69, "罚没款收据编号")


def build(
    c: cmd.DecideOnTheSpot,
    ctx: Context,
    township: TownshipLike,
    p: Limits,
    case_id: str,
    number: str,
) -> list[Any]:
    """The events of one on-the-spot case, after every guard has passed."""
    rules.check_certified(ctx.actor, ctx.day)
    # art. 52's texts first: the facts are also the case's summary, which decide_open would
    # otherwise refuse as a blank 案情摘要 (art. 54) instead of a blank 违法事实
    rules.require_text(c.facts, "spot-facts", ART52, "违法事实")
    rules.require_text(c.place, "spot-place", ART52, "处罚地点")
    rules.require_text(c.statement, "spot-statement", ART52, "当事人的陈述和申辩")
    found = c.violation_date or ctx.day  # 当场发现: the violation is seen that day (art. 51)
    opened = decide_open(replace(c, kind="penalty", violation_date=found), ctx, township, case_id,
                         number)  # fmt: skip
    fine = check_sanctions(c.sanctions, parse_party_kind(opened.party_kind), p)
    discretion.check(opened.matter_code, c.sanctions, c.circumstance, c.discretion_ground,
                     c.discretion_reason, directory=ctx.directory,
                     day=ctx.day)  # 裁量基准 (art 34) binds the simple procedure too  # fmt: skip
    check_collect(c, fine, p)
    at = ctx.at.isoformat()
    basis = c.basis.strip() or opened.legal_basis
    rules.require_text(basis, "spot-basis", ART52, "处罚依据")
    return [
        opened,
        ev.CaseDispatched(officers=[ctx.actor.id], at=at),
        ev.OnTheSpotRecorded(
            officer=ctx.actor.id,
            facts=c.facts.strip(),
            statement=c.statement.strip(),
            place=c.place.strip(),
            filing_due=(ctx.day + timedelta(days=p.spot_filing_days)).isoformat(),
            at=at,
            collected=round(fine, 2) if c.collect else 0.0,
            collect_reason=c.collect_reason.strip(),
            receipt=c.receipt.strip(),
        ),
        ev.PenaltyDecided(
            amount=fine,
            basis=basis,
            major=False,
            at=at,
            fine_due=(ctx.day + timedelta(days=FINE_DAYS)).isoformat(),
            sanctions=to_dicts(c.sanctions),
            circumstance=f"{c.circumstance}（{CIRCUMSTANCE}）" if c.circumstance else CIRCUMSTANCE,
            discretion_ground=c.discretion_ground,
            discretion_reason=c.discretion_reason.strip(),
        ),
    ]
