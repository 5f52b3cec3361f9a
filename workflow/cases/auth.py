"""Who may do what on a case (权限): the role × command matrix, checked before any rule.

officer: opens cases in their own township and works the cases of that township
(the rules then require being dispatched); leader / deputy: the same, plus dispatch,
legal review, decisions, extensions and closing; supervisor: review only (never
advances a case); admin: no case actions. A removed person acts on nothing.
"""

from __future__ import annotations

from workflow.cases import commands as cmd
from workflow.cases.ports import PersonLike
from workflow.errors import NotAuthorised

WORKING = {"officer", "leader", "deputy"}
MANAGING = {"leader", "deputy"}

ALLOWED: dict[type, set[str]] = {
    cmd.OpenCase: WORKING,
    cmd.RecordParty: WORKING,
    cmd.DispatchCase: MANAGING,
    cmd.ReassignCase: MANAGING,
    cmd.RecuseOfficer: MANAGING,
    cmd.RecordEvidence: WORKING,
    cmd.NotifyPenalty: WORKING,
    cmd.WaiveDefence: WORKING,
    cmd.RequestHearing: WORKING,
    cmd.ScheduleHearing: MANAGING,
    cmd.HoldHearing: WORKING,
    cmd.AbandonHearing: WORKING,
    cmd.MarkMajor: MANAGING,
    cmd.RecordLegalReview: WORKING,
    cmd.HoldDiscussion: MANAGING,
    cmd.DecidePenalty: MANAGING,
    cmd.DecideNoPenalty: MANAGING,
    cmd.TransferCase: MANAGING,
    cmd.WithdrawCase: MANAGING,
    cmd.GrantLicence: MANAGING,
    cmd.RefuseLicence: MANAGING,
    cmd.ExtendDeadline: MANAGING,
    cmd.CloseCase: WORKING,
    cmd.ReviewCase: {"supervisor"},
}


# an officer who is not dispatched may still: open a case, review it (法制审核人员, checked by
# the rules), chair its hearing (the rules check the chair)
UNDISPATCHED = (cmd.OpenCase, cmd.RecordLegalReview, cmd.HoldHearing, cmd.AbandonHearing)


ACT_ZH: dict[type, str] = {
    cmd.OpenCase: "立案",
    cmd.RecordParty: "登记当事人",
    cmd.DispatchCase: "指派办案人员",
    cmd.ReassignCase: "更换办案人员",
    cmd.RecuseOfficer: "决定回避",
    cmd.RecordEvidence: "调查取证",
    cmd.NotifyPenalty: "事先告知",
    cmd.WaiveDefence: "记录放弃陈述申辩",
    cmd.RequestHearing: "记录听证申请",
    cmd.ScheduleHearing: "安排听证",
    cmd.HoldHearing: "记录举行听证",
    cmd.AbandonHearing: "记录当事人未出席听证",
    cmd.MarkMajor: "认定重大案件",
    cmd.RecordLegalReview: "法制审核",
    cmd.HoldDiscussion: "集体讨论",
    cmd.DecidePenalty: "作出处罚决定",
    cmd.DecideNoPenalty: "作出不予处罚决定",
    cmd.TransferCase: "移送司法机关",
    cmd.WithdrawCase: "撤销立案",
    cmd.GrantLicence: "准予许可",
    cmd.RefuseLicence: "不予许可",
    cmd.ExtendDeadline: "延期",
    cmd.CloseCase: "结案",
    cmd.ReviewCase: "案卷评查",
}
WHO_ZH = {
    "officer": "执法人员",
    "leader": "队长",
    "deputy": "副队长",
    "supervisor": "县级监督人员",
    "admin": "系统管理员",
}


def act_zh(command: type) -> str:
    return ACT_ZH.get(command, command.__name__)


def who_may(command: type) -> str:
    return "或".join(
        WHO_ZH[r] for r in ("officer", "leader", "deputy", "supervisor") if r in ALLOWED[command]
    )


def role_of(person: PersonLike) -> str:
    role = person.role
    return str(getattr(role, "value", role))


def authorise(
    person: PersonLike | None,
    actor_id: str,
    command: cmd.Command,
    township: str,
    officers: tuple[str, ...] = (),
) -> PersonLike:
    """The acting person, if their role may issue this command on a case of `township`.

    An officer acts only on the cases they are dispatched to (`officers`); opening a
    case in their own township is the exception.
    """
    if person is None:
        raise NotAuthorised(f"未知的操作人员 {actor_id}", f"unknown user {actor_id}")
    if person.removed:
        raise NotAuthorised(
            f"{actor_id} 已被清退出执法队伍，不能办案", f"{actor_id} has been removed from the team"
        )
    role = role_of(person)
    name = type(command).__name__
    if role not in ALLOWED[type(command)]:
        raise NotAuthorised(
            f"{act_zh(type(command))}只能由{who_may(type(command))}执行",
            f"role {role} may not {name}",
        )
    if role in WORKING and person.township != township:
        raise NotAuthorised(
            f"{actor_id} 不属于 {township} 执法队，不能办理该乡镇的案件",
            f"{actor_id} is not on the {township} team",
        )
    if role == "officer" and not isinstance(command, UNDISPATCHED) and actor_id not in officers:
        raise NotAuthorised(
            f"{actor_id} 未被指派办理本案", f"{actor_id} is not dispatched to this case"
        )
    return person
