"""The rules of the organisation, as pure checks over a Directory (no I/O).

Each check returns nothing or raises `RuleViolation` (rule + source) / `NotAuthorised`.
Sources: the seed article (五台县 7+9+N), DESIGN §2, and 《行政处罚法》.
"""

from __future__ import annotations

from datetime import date

from workflow.errors import NotAuthorised, NotFound, RuleViolation, UnknownUser
from workflow.organisation.directory import Directory, Person
from workflow.organisation.types import Domain, Origin, PersonnelAction, Role

SEED_TEAM = "五台县“一支队伍管执法”7+9+N 模式"
SEED_LEADER = "五台县“一支队伍管执法”：队长由乡镇长担任，设置2名副队长"
SEED_OUT = "五台县“一支队伍管执法”：能进能出，对不担当、不作为、乱作为的执法人员及时清退"
SEED_OPINION = "五台县“一支队伍管执法”：派驻人员的提拔重用、职务晋升、评优评先等，必须征求乡镇意见"
SEED_AWAY = "五台县“一支队伍管执法”：能进能出（调离执法岗位，可恢复）"
SEED_BUDGET = "五台县“一支队伍管执法”：每年至少为每个乡镇预算10万元以上的经费"
LAW_CERTIFICATE = "《行政处罚法》第四十二条"
LAW_RECUSAL = "《公务员法》第七十六条（执行公务涉及本人利害关系的，应当回避）"
LAW_NO_RETROACTION = "《立法法》第一百零四条（法不溯及既往）；清单以其载明的生效日施行"
MAX_DEPUTIES = 2


def actor_person(d: Directory, actor: str | None) -> Person:
    """The acting person, who must be known and not removed."""
    person = d.person(actor) if actor else None
    if person is None:
        raise UnknownUser(actor)
    if person.away:
        raise NotAuthorised(f"{person.name} 已调离执法岗位，不能操作",
                            f"{actor} is posted away from enforcement duty")  # fmt: skip
    if person.removed:
        raise NotAuthorised(f"{person.name} 已清退，不能操作", f"{actor} was removed from the team")
    return person


def require_admin(d: Directory, actor: str | None) -> Person:
    """Only a county administrator (管理员) may do this."""
    person = actor_person(d, actor)
    if person.role is not Role.ADMIN:
        raise NotAuthorised("只有县级管理员可以操作", f"{actor} is not an administrator")
    return person


def require_leader(d: Directory, actor: str | None, township: str) -> Person:
    """Only the township's team leader (队长，乡镇长) may do this."""
    person = actor_person(d, actor)
    if person.role is not Role.LEADER or person.township != township:
        raise NotAuthorised(
            f"只有{d.township(township).name}执法队队长可以操作",
            f"{actor} is not the team leader of {township}",
        )
    return person


def require_admin_or_leader(d: Directory, actor: str | None, township: str) -> Person:
    """A county administrator, or the township's team leader."""
    person = actor_person(d, actor)
    if person.role is Role.ADMIN:
        return person
    return require_leader(d, actor, township)


def team_member(d: Directory, officer_id: str, away_ok: bool = False) -> Person:
    """A person on a township team now (or posted away, if `away_ok`); NotFound or
    RuleViolation otherwise."""
    person = d.person(officer_id)
    if person is None:
        raise NotFound(f"没有执法人员 {officer_id}", f"no officer {officer_id!r}")
    if person.away and not away_ok:
        raise RuleViolation("posted-away", SEED_AWAY, f"{officer_id} 已调离执法岗位",
                            f"{officer_id} is posted away from enforcement duty")  # fmt: skip
    if person.removed and not person.away:
        raise RuleViolation(
            "removed-for-good",
            SEED_OUT,
            f"{officer_id} 已被清退",
            f"{officer_id} was removed for good",
        )
    if person.township is None:
        raise RuleViolation(
            "one-team", SEED_TEAM, f"{officer_id} 不在任何执法队", f"{officer_id} is on no team"
        )
    return person


def check_enlist(
    d: Directory, officer_id: str, township: str, origin: Origin, domain: Domain | None
) -> None:
    """One team at a time, removed for good, one leader and two deputies, seconded has a domain."""
    d.township(township)
    known = d.person(officer_id)
    if known is not None:
        _check_known(known)
    if (origin is Origin.SECONDED) != (domain is not None):
        raise RuleViolation(
            "seconded-domain",
            SEED_TEAM,
            "派驻人员须注明派出的县级执法队",
            "a seconded officer names one of the 9 county teams, and only they do",
        )
    _check_heads(d, township, origin)


def _check_known(known: Person) -> None:
    if known.away:
        raise RuleViolation("posted-away", SEED_AWAY, f"{known.id} 已调离执法岗位，须恢复执法岗位",
                            f"{known.id} is posted away: restore them instead")  # fmt: skip
    if known.removed:
        raise RuleViolation(
            "removed-for-good",
            SEED_OUT,
            f"{known.id} 已被清退，不能再入队",
            f"{known.id} was removed for good",
        )
    if known.township is not None:
        raise RuleViolation(
            "one-team",
            SEED_TEAM,
            f"{known.id} 已在{known.township}执法队",
            f"{known.id} is already on the {known.township} team",
        )
    if known.origin is Origin.COUNTY:
        raise RuleViolation(
            "one-team", SEED_TEAM, f"{known.id} 是县级人员", f"{known.id} is county staff"
        )


def _check_heads(d: Directory, township: str, origin: Origin) -> None:
    heads = [p.role for p in d.leaders(township)]
    if origin is Origin.LEADER and Role.LEADER in heads:
        raise RuleViolation(
            "one-leader",
            SEED_LEADER,
            f"{township} 已有队长",
            f"the {township} team already has its leader",
        )
    if origin is Origin.DEPUTY and heads.count(Role.DEPUTY) >= MAX_DEPUTIES:
        raise RuleViolation(
            "two-deputies",
            SEED_LEADER,
            f"{township} 已有2名副队长",
            f"the {township} team already has two deputies",
        )


def check_issue(
    d: Directory, person: Person, number: str, valid_from: date, valid_until: date
) -> None:
    """A certificate number is unique in the county and its validity runs forwards."""
    if valid_until < valid_from:
        raise RuleViolation(
            "certificate-dates",
            LAW_CERTIFICATE,
            "证件有效期止于起始日之前",
            "valid_until is before valid_from",
        )
    holders = [p.id for p in d.people.values() for c in p.certificates if c.number == number]
    if holders and holders != [person.id]:
        raise RuleViolation(
            "certificate-unique",
            LAW_CERTIFICATE,
            f"证号 {number} 已被使用",
            f"certificate {number} belongs to {holders[0]}",
        )
    if number in {c.number for c in person.certificates}:
        raise RuleViolation(
            "certificate-unique",
            LAW_CERTIFICATE,
            f"证号 {number} 已签发",
            f"certificate {number} was already issued; renew it instead",
        )


def check_renew(person: Person, valid_until: date, on: date) -> None:
    """Only a certificate that is not revoked can be renewed, and only to a later end."""
    live = [c for c in person.certificates if c.revoked_on is None]
    if not live:
        raise RuleViolation(
            "certificate-renew",
            LAW_CERTIFICATE,
            f"{person.id} 没有可续期的执法证",
            f"{person.id} holds no certificate to renew (issue one)",
        )
    if valid_until <= max(c.valid_until for c in live) or valid_until < on:
        raise RuleViolation(
            "certificate-renew",
            LAW_CERTIFICATE,
            "续期后的有效期须晚于原有效期",
            "a renewal must end later than the current certificate",
        )


def check_revoke(person: Person, on: date) -> None:
    """Only a certificate valid on that day can be revoked."""
    if not person.certificate_valid_on(on):
        raise RuleViolation(
            "certificate-revoke",
            LAW_CERTIFICATE,
            f"{person.id} 当日没有有效执法证",
            f"{person.id} holds no valid certificate on {on}",
        )


def check_removal(details: str, actor: str | None = None, officer_id: str | None = None) -> None:
    """A removal gives the details of the reason on record, and nobody removes themselves
    (the leader would leave the team leaderless; removal is a judgement on someone else)."""
    if not details.strip():
        raise RuleViolation(
            "removal-reason", SEED_OUT, "清退须写明具体情形", "a removal must give details"
        )
    if actor is not None and actor == officer_id:
        raise RuleViolation(
            "removal-self", SEED_OUT, "不能清退本人", f"{actor} cannot remove themselves"
        )


def check_post_away(details: str, actor: str | None, officer_id: str) -> None:
    """调离 gives its details, and nobody posts themselves away."""
    if not details.strip():
        raise RuleViolation("away-reason", SEED_AWAY, "调离执法岗位须写明具体情形",
                            "posting away must give details")  # fmt: skip
    if actor == officer_id:
        raise RuleViolation("away-self", SEED_AWAY, "不能调离本人", f"{actor} cannot post themselves away")


def check_opinion(actor: str | None, officer_id: str) -> None:
    """The leader records the township's opinion on others' personnel actions, never on
    their own (回避: the opinion is the township's judgement on the person)."""
    if actor == officer_id:
        raise RuleViolation("opinion-self", LAW_RECUSAL, "不能就本人的人事事项记录乡镇意见（回避）",
                            f"{actor} cannot record the township's opinion on their own personnel action")  # fmt: skip


def away_member(d: Directory, officer_id: str) -> Person:
    """An officer posted away (调离执法岗位), whom only a restoration brings back."""
    person = d.person(officer_id)
    if person is None:
        raise NotFound(f"没有执法人员 {officer_id}", f"no officer {officer_id!r}")
    if not person.away or person.township is None:
        raise RuleViolation("not-away", SEED_AWAY, f"{officer_id} 未调离执法岗位，无需恢复",
                            f"{officer_id} is not posted away")  # fmt: skip
    return person


def opinion_for(person: Person, action: PersonnelAction) -> str | None:
    """The id of the oldest unused township opinion for this action, else RuleViolation.

    Seconded officers need one (必须征求乡镇意见); for township staff it is optional.
    """
    unused = [o for o in person.opinions if o.action is action and not o.used]
    if unused:
        return unused[0].opinion_id
    if person.origin is Origin.SECONDED:
        raise RuleViolation(
            "township-opinion",
            SEED_OPINION,
            f"{person.name}（{person.id}）的{action.zh}未征求乡镇意见",
            f"no township opinion on record for the {action.value} of {person.id}",
        )
    return None


def check_catalogue_effective(effective: date, today: date) -> None:
    """A catalogue version takes effect today or later, never retroactively."""
    if effective < today:
        raise RuleViolation(
            "no-retroaction",
            LAW_NO_RETROACTION,
            f"清单生效日 {effective} 早于今天",
            f"a catalogue cannot take effect in the past ({effective} < {today})",
        )


def check_budget(township: str, yuan: int, floor: int) -> None:
    """Every team gets at least the funding floor a year (10万元)."""
    if yuan < floor:
        raise RuleViolation(
            "budget-floor",
            SEED_BUDGET,
            f"{township} 年度经费 {yuan} 元低于 {floor} 元",
            f"{township} budget {yuan} yuan is below {floor}",
        )


def team_gaps(d: Directory, township: str, certified: set[str] | None = None) -> list[str]:
    """What the team lacks against 7+9+N and one leader + two deputies (empty: compliant);
    given who holds a valid certificate (`certified`), also a seconded domain whose members
    hold none, and fewer than two certified leaders/deputies (《行政处罚法》第四十二条)."""
    team = d.team(township)
    gaps = _structure_gaps(team)
    if certified is not None:
        gaps += certificate_gaps(team, certified)
    return gaps


def certificate_gaps(team: list[Person], certified: set[str]) -> list[str]:
    """Seconded domains without a certified member; fewer than 2 certified heads."""
    gaps = [
        f"seconded {x.value} uncertified (派驻{x.zh}: 无有效证件)"
        for x in Domain
        if (members := [p.id for p in team if p.origin is Origin.SECONDED and p.domain is x])
        and not certified.intersection(members)
    ]
    heads = [p.id for p in team if p.role in (Role.LEADER, Role.DEPUTY) and p.id in certified]
    if len(heads) < 2:
        gaps.append(f"certified heads {len(heads)}/2 (持证队长、副队长不足2人)")
    return gaps


def certified_on(d: Directory, township: str, day: date) -> set[str]:
    """Who on the team holds a valid enforcement certificate that day."""
    return {p.id for p in d.team(township) if p.certificate_valid_on(day)}


def _structure_gaps(team: list[Person]) -> list[str]:
    gaps = []
    staff = sum(1 for p in team if p.origin is Origin.TOWNSHIP_STAFF)
    if staff < 7:
        gaps.append(f"township staff {staff}/7 (乡镇专职执法人员不足7人)")
    seconded = {p.domain for p in team if p.origin is Origin.SECONDED}
    gaps += [f"no officer seconded from {x.value} ({x.zh})" for x in Domain if x not in seconded]
    heads = [p.role for p in team]
    if heads.count(Role.LEADER) != 1:
        gaps.append("no team leader (队长)")
    if heads.count(Role.DEPUTY) != MAX_DEPUTIES:
        gaps.append(f"deputies {heads.count(Role.DEPUTY)}/2 (副队长)")
    return gaps
