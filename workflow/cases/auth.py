"""Who may do what on a case (权限): the role × command matrix, checked before any rule.

officer: opens cases in their own township and works the cases of that township
(the rules then require being dispatched); leader / deputy: the same, plus dispatch,
legal review, decisions, extensions and closing; supervisor: review only (never
advances a case); admin: no case actions. A removed person acts on nothing.
"""

from __future__ import annotations

from workflow.cases import commands as cmd
from workflow.cases import words
from workflow.cases.ports import PersonLike
from workflow.errors import NotAuthorised, UnknownUser

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
    cmd.IssueLicence: WORKING,
    cmd.ExtendDeadline: MANAGING,
    cmd.PauseClock: WORKING,
    cmd.ResumeClock: WORKING,
    cmd.CloseCase: WORKING,
    cmd.ReviewCase: {"supervisor"},
}


# an officer who is not dispatched may still: open a case, review it (法制审核人员, checked by
# the rules), chair its hearing (the rules check the chair)
UNDISPATCHED = (cmd.OpenCase, cmd.RecordLegalReview, cmd.HoldHearing, cmd.AbandonHearing)


def not_allowed(command: cmd.Command, role: str) -> NotAuthorised:
    """"指派办案人员只能由队长或副队长执行": the act and who may do it, in people's words."""
    act, allowed = words.act(type(command).__name__), ALLOWED[type(command)]
    return NotAuthorised(
        f"{act.zh}只能由{words.who_zh(allowed)}执行（您是{words.role_zh(role)}）",
        f"only a {words.who_en(allowed)} may {act.en} (`casework {act.command}`); you are {role}",
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
        raise UnknownUser(actor_id)
    if person.removed:
        raise NotAuthorised(
            f"{actor_id} 已被清退或调离执法岗位，不能办案",
            f"{actor_id} has been removed from the team or posted away from enforcement duty",
        )
    role = role_of(person)
    if role not in ALLOWED[type(command)]:
        raise not_allowed(command, role)
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
