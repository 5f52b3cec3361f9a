"""Guards of the case lifecycle (办案规则): each refuses with a RuleViolation naming the statute.

Guards run only when a command is decided, never on replay. They read the case, the
command and a `Context` (who acts, when, the directory, the thresholds) and either
return quietly or raise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from workflow.cases.case import Case
from workflow.cases.config import RuleConfig
from workflow.cases.duties import Duties
from workflow.cases.lifecycle import CaseState, Trigger, destination
from workflow.cases.ports import DirectoryLike, MatterLike, PersonLike
from workflow.clock import local_day
from workflow.errors import RuleViolation

PUNISH = "《行政处罚法》"
LICENSE = "《行政许可法》"
MANAGING_ROLES = ("leader", "deputy")


@dataclass(frozen=True)
class Context:
    """Who decides, when (business time, UTC), and what they can see."""

    actor: PersonLike
    at: datetime
    directory: DirectoryLike
    config: RuleConfig = field(default_factory=RuleConfig)
    duties: Duties = field(default_factory=Duties)

    @property
    def day(self) -> date:
        return local_day(self.at)


def violation(rule: str, statute: str, zh: str, en: str) -> RuleViolation:
    return RuleViolation(rule, statute, zh, en)


def require_transition(case: Case, trigger: Trigger) -> CaseState:
    """The lifecycle must allow the trigger from the case's state."""
    state = case.state
    dest = destination(trigger, state) if state is not None else None
    if dest is None:
        raise violation(
            "lifecycle",
            "《行政处罚法》第五章 / 《行政许可法》第四章",
            f"案件当前状态为 {state.value if state else '不存在'}，不能执行 {trigger.value}",
            f"{trigger.value} is not allowed in state {state.value if state else 'none'}",
        )
    return dest


def require_text(value: str | None, rule: str, statute: str, what: str) -> None:
    if not value or not value.strip():
        raise violation(rule, statute, f"必须写明{what}", f"{rule}: {what} must be given")


def check_matter(matter: MatterLike | None, code: str, day: date, kind: str | None) -> MatterLike:
    """The matter is in the catalogue in force in the township that day; kind matches."""
    if matter is None:
        raise violation(
            "matter-in-catalogue",
            f"{PUNISH}第二十四条（乡镇综合行政执法事项清单）",
            f"事项 {code} 不在 {day} 施行的执法事项清单内",
            f"matter {code} is not in the catalogue in force on {day}",
        )
    if kind is not None and str(kind) != _kind(matter):
        raise violation(
            "kind-matches",
            f"{PUNISH}第二十四条",
            f"事项 {code} 的类别为 {_kind(matter)}，与 {kind} 不符",
            f"matter {code} is {_kind(matter)}, not {kind}",
        )
    return matter


def _kind(matter: MatterLike) -> str:
    kind = matter.kind
    return str(getattr(kind, "value", kind))


def check_licence_application(kind: str, source: str) -> None:
    """A licensing case opens only by 受理 of an application (许可法 arts 29, 32): never directly."""
    if kind == "licensing" and "-A-" not in source:
        raise violation(
            "licence-application",
            f"{LICENSE}第二十九条、第三十二条",
            "行政许可案件须由申请人提出申请、经受理后立案：请用 case application receive / accept",
            "a licensing case opens only when an application is accepted: "
            "use `case application receive` then `case application accept`",
        )


def check_violation_known(violation_date: date | None, unknown_reason: str) -> None:
    """Art. 36: a penalty case is opened with the violation date, or the recorded reason it
    is unknown (the limitation then stays unchecked, a warning supervisors see)."""
    if violation_date is None and not unknown_reason.strip():
        raise violation(
            "violation-date-required",
            f"{PUNISH}第三十六条",
            "立案须登记违法行为发生日期（--violation-date），不详的须写明原因（--violation-date-unknown）",
            "a penalty case needs --violation-date, or --violation-date-unknown with the reason",
        )


def check_limitation(
    violation_date: date | None,
    day: date,
    config: RuleConfig,
    *,
    ended: date | None = None,
    discovered: date | None = None,
    grave: bool = False,
) -> None:
    """Art. 36: not discovered within 2 years (5 when 涉及公民生命健康安全、金融安全且有危害后果)
    is not penalised; counted from the violation, or from its end when it continued, to the
    day it was discovered (the case source's registration; the opening day by default)."""
    if violation_date is None:
        return
    found = discovered or day
    statute = f"{PUNISH}第三十六条"
    if violation_date > day or found > day or (ended is not None and ended < violation_date):
        raise violation(
            "violation-date",
            statute,
            "违法行为日期、终了日期或发现日期有误（不得晚于立案日，终了不得早于开始）",
            "the violation, its end or its discovery is after opening, or ends before it starts",
        )
    start = ended or violation_date
    years = 5 if grave else 2
    if found > _add_years(start, years):
        raise violation(
            "limitation",
            statute,
            f"违法行为{'终了' if ended else '发生'}于 {start}，至发现之日 {found} 已超过"
            f"{'五' if grave else '二'}年追责时效",
            f"the violation of {start} was discovered after the {years}-year limit",
        )


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_certified(person: PersonLike, day: date) -> None:
    """Only officers with a valid enforcement certificate act (art. 42), never removed ones."""
    if person.removed:
        raise violation(
            "officer-removed",
            f"{PUNISH}第四十二条",
            f"{person.name}（{person.id}）已被清退或调离执法岗位",
            f"{person.id} has been removed from the team or posted away from enforcement duty",
        )
    if not person.certificate_valid_on(day):
        raise violation(
            "certificate",
            f"{PUNISH}第四十二条",
            f"{person.name}（{person.id}）在 {day} 没有有效的执法资格证",
            f"{person.id} holds no valid enforcement certificate on {day}",
        )


def check_dispatch(case: Case, ctx: Context, officer_ids: tuple[str, ...]) -> None:
    """≥ 2 distinct officers of this township's team, not removed, certified that day."""
    if ctx.actor.role not in MANAGING_ROLES:
        raise violation(
            "dispatch-by-leader",
            f"{PUNISH}第四十二条",
            "只有队长或副队长可以指派执法人员",
            "only the team leader or a deputy dispatches officers",
        )
    if len(set(officer_ids)) < 2:
        raise violation(
            "two-officers",
            f"{PUNISH}第四十二条",
            "执法人员不得少于两人",
            "at least two officers must be dispatched",
        )
    for officer_id in officer_ids:
        if officer_id in case.recused:
            raise violation(
                "officer-recused",
                f"{PUNISH}第四十三条",
                f"{officer_id} 已回避，不得再办理本案",
                f"{officer_id} has been recused from this case",
            )
        person = ctx.directory.person(officer_id)
        if (
            person is None
            or person.township != case.township
            or person.role not in ("officer", *MANAGING_ROLES)
        ):
            raise violation(
                "officer-on-team",
                f"{PUNISH}第四十二条",
                f"{officer_id} 不是{case.township_name}综合行政执法队成员",
                f"{officer_id} is not on the {case.township} team",
            )
        check_certified(person, ctx.day)


def check_dispatched(case: Case, ctx: Context, statute: str = f"{PUNISH}第四十七条") -> None:
    """The actor is one of the officers dispatched to the case, and may act that day."""
    if ctx.actor.id not in case.officers:
        raise violation(
            "dispatched-officer",
            statute,
            f"{ctx.actor.id} 未被指派办理本案",
            f"{ctx.actor.id} is not dispatched to this case",
        )
    check_certified(ctx.actor, ctx.day)
    check_two_valid(case, ctx)


def valid_officers(case: Case, ctx: Context) -> list[str]:
    """The case's officers who may act that day: on the team, not removed, certified."""
    valid = []
    for officer_id in case.officers:
        person = ctx.directory.person(officer_id)
        if (
            person is not None
            and not person.removed
            and person.township == case.township
            and person.certificate_valid_on(ctx.day)
        ):
            valid.append(officer_id)
    return valid


def check_two_valid(case: Case, ctx: Context) -> None:
    """Every investigative act still has two valid officers on the case (art. 42)."""
    if len(valid_officers(case, ctx)) < 2:
        raise violation(
            "two-officers-act",
            f"{PUNISH}第四十二条",
            "本案有效执法人员不足两人（证件失效、清退或回避），须先更换办案人员",
            "fewer than two valid officers on the case: reassign first",
        )


def snapshot(matter: MatterLike) -> dict[str, Any]:
    """The matter's fields copied onto the case when it opens."""
    return {
        "matter_code": matter.code,
        "matter_name": matter.name,
        "kind": _kind(matter),
        "legal_basis": matter.legal_basis,
        "hearing_eligible": bool(matter.hearing_eligible),  # kept: art. 63 reads the sanctions
    }
