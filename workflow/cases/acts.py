"""Which acts a person may take on a case now (可办理事项), asked of the domain itself.

An act is a case command class. It is open to a person when the lifecycle lets its
trigger fire from the case's state and the role × command matrix (`auth.authorise`)
lets this person issue it on this case. Nothing here is a list of acts: a command
added to `auth.ALLOWED` whose trigger is in the lifecycle appears by itself.
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any

from workflow.cases import auth
from workflow.cases import commands as cmd
from workflow.cases.case import Case
from workflow.cases.lifecycle import Trigger, destination
from workflow.cases.ports import PersonLike
from workflow.errors import NotAuthorised

COMMON_FIELDS = {"actor", "at", "command_id", "case"}
# set by the lead's 立案审批 or the application's 受理 (sources, applications), never by the
# person opening: a case opened directly is its own source, discovered and counted from today
FROM_SOURCE = {"source", "source_channel", "clock_start", "discovered_on"}


# commands whose trigger is not their name (the handler requires this transition)
NAMED_OTHERWISE = {cmd.RecuseOfficer: Trigger.RECUSE, cmd.HoldDiscussion: Trigger.DISCUSS}


def trigger_of(command: type) -> Trigger | None:
    """The lifecycle trigger of a command class: DispatchCase -> dispatch, HoldHearing -> hold_hearing."""
    return _named_trigger(command) or NAMED_OTHERWISE.get(command)


def _named_trigger(command: type) -> Trigger | None:
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", command.__name__).lower()
    for name in (snake, snake.removesuffix("_case")):
        if name in Trigger._value2member_map_:
            return Trigger(name)
    return None


def open_in(command: type, case: Case) -> bool:
    """The lifecycle lets the act be taken in the case's state: its trigger fires from it,
    or, for 登记/更正当事人 (no state change), the case is open (decide.record_party)."""
    if command is cmd.RecordParty:
        return case.is_open
    trigger = trigger_of(command)
    return trigger is not None and case.state is not None and destination(trigger, case.state) is not None


def case_commands() -> list[type[cmd.CaseCommand]]:
    """Every command on an existing case that the matrix knows, in declaration order."""
    return [c for c in auth.ALLOWED if issubclass(c, cmd.CaseCommand)]


def act_name(command: type) -> str:
    """The act's name in URLs and forms: the trigger with hyphens (record-evidence); the
    class's own name where the trigger is named otherwise (recuse-officer, hold-discussion)."""
    trigger = _named_trigger(command)
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", command.__name__).lower()
    return (trigger.value if trigger else snake).replace("_", "-")


def by_name() -> dict[str, type[cmd.CaseCommand]]:
    return {act_name(c): c for c in case_commands()}


def fields_of(command: type) -> list[Any]:
    """The fields a person fills in (not actor, time, command id, case, nor the source's)."""
    return [f for f in fields(command) if f.name not in COMMON_FIELDS | FROM_SOURCE]


def allowed(case: Case, person: PersonLike | None, actor_id: str) -> list[type[cmd.CaseCommand]]:
    """The commands this person may issue on this case in its current state."""
    if case.state is None:
        return []
    open_now = []
    for command in case_commands():
        if not open_in(command, case):
            continue
        probe = command.__new__(command)  # authorise looks only at the class
        try:
            auth.authorise(person, actor_id, probe, case.township, case.officers)
        except NotAuthorised:
            continue
        open_now.append(command)
    return open_now


def possible(case: Case) -> list[tuple[type[cmd.CaseCommand], set[str]]]:
    """The acts the case waits for in its state, and the roles that may take each."""
    if case.state is None:
        return []
    return [(c, set(auth.ALLOWED[c])) for c in case_commands() if open_in(c, case)]
