"""The rules of accountability, as pure checks (no I/O): who may act, and when.

Sources: the seed (五台县: 责任追究、监督检查、述职评议、年度考核; 能进能出; 派驻人员的
评优评先等必须征求乡镇意见), DESIGN §2, and the county file's `[accountability]` policy.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from workflow.accountability.policy import Policy
from workflow.accountability.state import DutyYear, Inquiry, Inspection
from workflow.accountability.types import DutyGrade, Sanction
from workflow.errors import NotAuthorised, RuleViolation
from workflow.organisation.directory import Directory, Person
from workflow.organisation.rules import SEED_OPINION, SEED_OUT, actor_person
from workflow.organisation.types import Origin, Role

SEED_CHECK = "五台县: 建立责任追究、监督检查、责任评议机制"
SEED_DUTY = "五台县: 年度考核、述职评议、定期通报"
POLICY = "县级配置 [accountability]"
RECUSAL = "《公职人员政务处分法》第四十七条（回避）"
HEADS = (Role.LEADER, Role.DEPUTY)
ROLE_ZH = {Role.SUPERVISOR: "县级监督人员", Role.LEADER: "队长（乡镇长）", Role.DEPUTY: "副队长",
           Role.ADMIN: "系统管理员"}  # fmt: skip


def refuse(rule: str, source: str, zh: str, en: str) -> RuleViolation:
    return RuleViolation(rule, source, zh, en)


def _heads_of(person: Person, township: str) -> bool:
    return person.role in HEADS and person.township == township


def may_inspect(d: Directory, actor: str | None, township: str) -> Person:
    """A county supervisor, or the township's leadership for its own team (监督检查)."""
    person = actor_person(d, actor)
    if person.role is Role.SUPERVISOR or _heads_of(person, township):
        return person
    raise NotAuthorised("只有县级监督人员或本乡镇执法队领导可以监督检查",
                        f"{actor} may not inspect the {township} team")  # fmt: skip


def may_verify(d: Directory, actor: str | None, inspection: Inspection) -> Person:
    """Who signs off a rectification (验收/退回整改): the inspection's own inspectors or a
    county supervisor, never the team that reported it merely because it leads the township
    (监督检查: the inspected do not accept their own rectification)."""
    person = actor_person(d, actor)
    if person.role is Role.SUPERVISOR or person.id in inspection.inspectors:
        return person
    raise NotAuthorised("只有本次检查的检查人员或县级监督人员可以验收整改",
                        f"{actor} is not an inspector of {inspection.inspection_id}")  # fmt: skip


def may_report(d: Directory, actor: str | None, township: str) -> Person:
    """The team's leadership reports its rectification (整改报告)."""
    person = actor_person(d, actor)
    if _heads_of(person, township):
        return person
    raise NotAuthorised("只有本执法队队长、副队长可以报告整改",
                        f"{actor} does not lead the {township} team")  # fmt: skip


def reader(d: Directory, actor: str | None) -> Person:
    """Who reads an accountability record: anyone known and not removed for good (清退).
    An officer posted away (调离执法岗位) reads (and contests) their own record and
    inquiries, and nothing else; they act on no case (`actor_person` refuses them)."""
    person = d.person(actor) if actor else None
    if person is not None and person.away:
        return person
    return actor_person(d, actor)


def may_see_inquiry(d: Directory, actor: str | None, inquiry: Inquiry) -> Person:
    """Supervisors and administrators, the township's leadership, and the officer themself
    (also while posted away: it is their record to contest)."""
    person = reader(d, actor)
    if inquiry.officer_id is not None and person.id == inquiry.officer_id:
        return person
    if not person.away and (person.role in (Role.SUPERVISOR, Role.ADMIN) or _heads_of(person, inquiry.township)):
        return person
    raise NotAuthorised("无权查看该责任追究", f"{actor} may not see inquiry {inquiry.inquiry_id}")


def may_read_record(d: Directory, actor: str | None, officer: str) -> Person:
    """执法责任档案: supervisors any; a team's leadership their members; an officer (also one
    posted away) their own; administrators none (they run the system, not the people)."""
    person = reader(d, actor)
    subject = d.person(officer)
    own = person.id == officer
    team = not person.away and person.role in HEADS and subject is not None and subject.township == person.township
    if own or team or (person.role is Role.SUPERVISOR and not person.away):
        return person
    raise NotAuthorised(f"无权查看 {officer} 的执法责任档案", f"{actor} may not read the record of {officer}")


def may_open_inquiry(d: Directory, actor: str | None) -> Person:
    """A county supervisor opens an inquiry (责任追究)."""
    person = actor_person(d, actor)
    if person.role is not Role.SUPERVISOR:
        raise NotAuthorised("只有县级监督人员可以启动责任追究", f"{actor} is not a supervisor")
    return person


def may_state(d: Directory, actor: str | None, inquiry: Inquiry) -> Person:
    """The officer states their own case (also while posted away); for a team, its leader does."""
    person = reader(d, actor)
    own = inquiry.officer_id == person.id
    team = inquiry.officer_id is None and person.role is Role.LEADER and not person.away
    if own or (team and person.township == inquiry.township):
        return person
    raise NotAuthorised("只有被追究人本人可以陈述申辩", f"{actor} is not the one inquired into")


def may_give_opinion(d: Directory, actor: str | None, inquiry: Inquiry) -> Person:
    """The township's team leader (乡镇长) records the township's opinion."""
    person = actor_person(d, actor)
    if person.role is Role.LEADER and person.township == inquiry.township:
        return person
    raise NotAuthorised("只有本乡镇执法队队长可以提出乡镇意见",
                        f"{actor} is not the leader of {inquiry.township}")  # fmt: skip


def may_name_evaluators(d: Directory, actor: str | None, township: str) -> Person:
    """The township's team leader names its duty evaluators (述职评议由乡镇组织)."""
    person = actor_person(d, actor)
    if person.role is Role.LEADER and person.township == township:
        return person
    raise NotAuthorised("只有本乡镇执法队队长可以确定评议人员",
                        f"{actor} is not the leader of {township}")  # fmt: skip


def may_take(person: Person, role: Role, township: str) -> bool:
    """Whether `person` acts in `role` for this township (supervisors: any township)."""
    if person.role is not role:
        return False
    return role in (Role.SUPERVISOR, Role.ADMIN) or person.township == township


def may_decide(
    d: Directory, actor: str | None, inquiry: Inquiry, sanction: Sanction, policy: Policy
) -> Person:
    """The role the county file names for this decision (e.g. 清退: the township leader)."""
    person = actor_person(d, actor)
    rule = policy.decisions.get(sanction)
    if rule and any(may_take(person, role, inquiry.township) for role in rule.by):
        check_not_own_case(person, inquiry)
        return person
    raise NotAuthorised(f"无权作出“{sanction.zh}”决定（{POLICY}）",
                        f"{actor} may not decide {sanction.value} under the county policy")  # fmt: skip


def check_not_own_case(person: Person, inquiry: Inquiry) -> None:
    """回避: nobody decides (or agrees to) their own case: an inquiry into themself, or into
    the team they lead (a team inquiry of their township). The decision goes to another
    holder of the power (e.g. the county supervisor for 不予追究)."""
    own = inquiry.officer_id == person.id
    own_team = inquiry.officer_id is None and person.role in HEADS and person.township == inquiry.township
    if own or own_team:
        whose = "本人" if own else "本人所在执法队"
        raise refuse("recusal", RECUSAL, f"{person.name} 须回避：不能对{whose}的责任追究作出决定",
                     f"{person.id} must recuse: no one decides an inquiry into {'themself' if own else 'their own team'}")  # fmt: skip


def may_agree(
    d: Directory, actor: str | None, inquiry: Inquiry, sanction: Sanction, policy: Policy
) -> Person:
    """The role whose agreement the county file requires before this decision."""
    person = actor_person(d, actor)
    rule = policy.decisions.get(sanction)
    if rule and rule.agree and may_take(person, rule.agree, inquiry.township):
        check_not_own_case(person, inquiry)
        return person
    raise NotAuthorised(f"无权对“{sanction.zh}”表示同意（{POLICY}）",
                        f"{actor} cannot agree to {sanction.value} under the county policy")  # fmt: skip


def may_reinstate(d: Directory, actor: str | None, officer: Person, policy: Policy) -> Person:
    """Whom the county file names restores an officer posted away (恢复执法岗位)."""
    person = actor_person(d, actor)
    township = officer.township or ""
    if any(may_take(person, role, township) for role in policy.reinstate_by):
        return person
    raise NotAuthorised(f"无权恢复{officer.name}的执法岗位（{POLICY}）",
                        f"{actor} may not restore {officer.id} under the county policy")  # fmt: skip


def may_agree_reinstatement(
    d: Directory, actor: str | None, officer: Person, policy: Policy
) -> Person:
    """The role whose agreement the county file requires before a restoration (恢复执法岗位)."""
    person = actor_person(d, actor)
    agree = policy.reinstate_agree
    if agree is not None and may_take(person, agree, officer.township or ""):
        return person
    raise NotAuthorised(f"无权对恢复{officer.name}的执法岗位表示同意（{POLICY}）",
                        f"{actor} cannot agree to restoring {officer.id} under the county policy")  # fmt: skip


def check_reinstatement_agreed(officer: Person, policy: Policy) -> None:
    """The agreement the county file requires is on record since the officer was posted away."""
    agree = policy.reinstate_agree
    if agree is not None and agree.value not in officer.reinstatement_agreed:
        raise refuse("agreement-first", POLICY, f"恢复执法岗位须先经{ROLE_ZH.get(agree, agree.value)}同意",
                     f"restoring {officer.id} needs the {agree.value}'s agreement first")  # fmt: skip


def check_recordable(inspection: Inspection, held_on: date, today: date) -> None:
    """An inspection is recorded once, on a day that has come."""
    if inspection.status != "planned":
        raise refuse("inspection-once", SEED_CHECK, "该监督检查已记录", "already recorded")
    if held_on > today:
        raise refuse("inspection-past", SEED_CHECK, f"检查日期 {held_on} 尚未到来",
                     f"{held_on} has not come yet")  # fmt: skip


def check_rectification_due(held_on: date, due: date, policy: Policy) -> None:
    """A rectification deadline after the inspection, within the county's longest period."""
    longest = policy.rectification_max_days
    if not held_on < due or (due - held_on).days > longest:
        raise refuse("rectification-due", POLICY,
                     f"整改期限须在检查后 1 至 {longest} 天内",
                     f"the deadline must fall 1..{longest} days after the inspection")  # fmt: skip


def check_reportable(inspection: Inspection) -> None:
    if inspection.status not in ("ordered", "reopened"):
        raise refuse("rectification-report", SEED_CHECK,
                     f"{inspection.inspection_id} 没有待报告的整改",
                     f"{inspection.inspection_id} has no rectification to report")  # fmt: skip


def check_verifiable(inspection: Inspection) -> None:
    if inspection.status != "reported":
        raise refuse("rectification-verify", SEED_CHECK,
                     f"{inspection.inspection_id} 尚未报告整改",
                     f"{inspection.inspection_id} has no reported rectification")  # fmt: skip


def check_decidable(
    d: Directory, inquiry: Inquiry, sanction: Sanction, policy: Policy, day: date
) -> None:
    """Undecided; statement heard or its period over; township opinion; agreement."""
    if inquiry.sanction is not None:
        raise refuse("inquiry-once", SEED_CHECK, "该责任追究已作出决定", "already decided")
    if not inquiry.stated and day <= (inquiry.statement_due or day):
        raise refuse("statement-first", "《公职人员政务处分法》第四十三条",
                     f"陈述申辩期至 {inquiry.statement_due}，期满或陈述后才能决定",
                     f"the statement period runs to {inquiry.statement_due}")  # fmt: skip
    officer = d.person(inquiry.officer_id) if inquiry.officer_id else None
    if officer is not None and officer.origin is Origin.SECONDED and not inquiry.opinion:
        raise refuse("township-opinion", SEED_OPINION,
                     f"{officer.name} 为派驻人员，须先记录乡镇意见",
                     f"{officer.id} is seconded: record the township's opinion first")  # fmt: skip
    rule = policy.decisions[sanction]
    if rule.agree is not None and sanction.value not in inquiry.agreed:
        raise refuse("agreement-first", POLICY, f"“{sanction.zh}”须先经{rule.agree.value}同意",
                     f"{sanction.value} needs the {rule.agree.value}'s agreement first")  # fmt: skip
    if sanction in (Sanction.DISMISS, Sanction.REASSIGN) and officer is None:
        raise refuse("dismiss-officer", SEED_OUT, "清退、调离须针对个人",
                     "dismissal and reassignment apply to an officer, not a team")  # fmt: skip


def duty_result(votes: list[str], policy: Policy) -> DutyGrade | None:
    """The county rule: enough votes; 不称职 / 基本称职 / 优秀 by share, else 称职."""
    if len(votes) < policy.duty_min_votes:
        return None
    count, n = Counter(votes), len(votes)
    failing = count[DutyGrade.INCOMPETENT.value] / n
    weak = (count[DutyGrade.BASIC.value] + count[DutyGrade.INCOMPETENT.value]) / n
    if failing >= policy.duty_failing_share:
        return DutyGrade.INCOMPETENT
    if weak >= policy.duty_failing_share:
        return DutyGrade.BASIC
    if count[DutyGrade.EXCELLENT.value] / n >= policy.duty_excellent_share:
        return DutyGrade.EXCELLENT
    return DutyGrade.COMPETENT


def check_duty_window(year: int, day: date, policy: Policy) -> None:
    """A duty report comes inside the county's window of that year (述职时间)."""
    opens, closes = date(year, *policy.duty_opens), date(year, *policy.duty_closes)
    if not opens <= day <= closes:
        raise refuse("duty-window", POLICY, f"{year} 年度述职时间为 {opens} 至 {closes}",
                     f"duty reports for {year} are taken {opens}..{closes}")  # fmt: skip


def check_evaluation(duty: DutyYear, evaluator: str, year: int, day: date) -> None:
    """A report on record, graded once per evaluator, within its year."""
    if duty.submitted_on is None:
        raise refuse("duty-report-first", SEED_DUTY, f"{year} 年度尚未述职", f"no duty report for {year}")
    if evaluator in duty.votes:
        raise refuse("evaluate-once", SEED_DUTY, "每位评议人只能评议一次", f"{evaluator} has already graded")
    if not duty.submitted_on <= day <= date(year, 12, 31):
        raise refuse("evaluate-in-year", SEED_DUTY, f"评议须在 {duty.submitted_on} 至 {year}-12-31 之间",
                     f"evaluations run {duty.submitted_on}..{year}-12-31")  # fmt: skip
