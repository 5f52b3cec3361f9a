"""The case lifecycle (案件办理流程): ONE `transitions` machine shared by every case.

The machine holds no case: it is built once (lazily) without a model and only
answered questions — "may trigger T fire from state S, and where does it lead?".
Case state lives on the aggregate, set by `apply` from events; replay never asks the
machine anything. The diagrams (mermaid, dot) are drawn from the same definition.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from transitions import Machine


class CaseState(StrEnum):
    OPENED = "opened"
    DISPATCHED = "dispatched"
    PENALTY_NOTIFIED = "penalty_notified"
    HEARING = "hearing"
    PENALTY_DECIDED = "penalty_decided"
    NO_PENALTY = "no_penalty"
    TRANSFERRED = "transferred"
    WITHDRAWN = "withdrawn"
    LICENCE_GRANTED = "licence_granted"
    LICENCE_REFUSED = "licence_refused"
    CLOSED = "closed"
    REVIEWED = "reviewed"


class Trigger(StrEnum):
    OPEN = "open"
    DISPATCH = "dispatch"
    REASSIGN = "reassign"
    RECUSE = "recuse"
    RECORD_EVIDENCE = "record_evidence"
    NOTIFY_PENALTY = "notify_penalty"
    WAIVE_DEFENCE = "waive_defence"
    REQUEST_HEARING = "request_hearing"
    SCHEDULE_HEARING = "schedule_hearing"
    HOLD_HEARING = "hold_hearing"
    ABANDON_HEARING = "abandon_hearing"
    MARK_MAJOR = "mark_major"
    RECORD_LEGAL_REVIEW = "record_legal_review"
    DISCUSS = "discuss"
    DECIDE_PENALTY = "decide_penalty"
    DECIDE_NO_PENALTY = "decide_no_penalty"
    TRANSFER = "transfer"
    WITHDRAW = "withdraw"
    GRANT_LICENCE = "grant_licence"
    ISSUE_LICENCE = "issue_licence"
    REFUSE_LICENCE = "refuse_licence"
    EXTEND_DEADLINE = "extend_deadline"
    PAUSE_CLOCK = "pause_clock"
    RESUME_CLOCK = "resume_clock"
    CLOSE = "close"
    REVIEW = "review"


S = CaseState
# The fronts (案件来源 处罚法 art 54; 许可申请 许可法 art 32): streams of their own whose
# acceptance opens a case. Their states are the folds' (cases/sources.py `Source.state`,
# cases/applications.py `Application.state`); "accepted" is drawn as the case it opens.
FRONT_STATES: dict[str, str] = {
    "lead_pending": "线索待立案审批",
    "lead_rejected": "不予立案",
    "application_received": "许可申请待答复",
    "application_correcting": "一次性告知补正",
    "application_rejected": "不予受理",
}
FRONT_EDGES: list[tuple[str | None, str, str, str]] = [
    # (from, to, act, command): None = a new stream; "opened" = the case it opens
    (None, "lead_pending", "线索登记", "case source register"),
    ("lead_pending", "opened", "线索立案审批", "case source accept"),
    ("lead_pending", "lead_rejected", "不予立案", "case source reject"),
    (None, "application_received", "申请材料收到", "case application receive"),
    ("application_received", "application_correcting", "一次性告知补正", "case application correct"),
    ("application_correcting", "application_received", "补正材料收到", "case application resubmitted"),
    ("application_received", "opened", "许可申请受理（5个工作日未答复视为受理）", "case application accept"),
    ("application_received", "application_rejected", "不予受理", "case application reject"),
]
OPEN_STATES = [S.OPENED, S.DISPATCHED, S.PENALTY_NOTIFIED, S.HEARING]
STAY = None  # an internal transition: the state does not change

TRANSITIONS: list[tuple[Trigger, list[CaseState], CaseState | None]] = [
    (Trigger.DISPATCH, [S.OPENED], S.DISPATCHED),
    (Trigger.REASSIGN, [S.DISPATCHED, S.PENALTY_NOTIFIED, S.HEARING], STAY),
    (Trigger.RECUSE, [S.DISPATCHED, S.PENALTY_NOTIFIED, S.HEARING], STAY),
    (Trigger.RECORD_EVIDENCE, [S.DISPATCHED, S.PENALTY_NOTIFIED, S.HEARING], STAY),
    (Trigger.NOTIFY_PENALTY, [S.DISPATCHED], S.PENALTY_NOTIFIED),
    (Trigger.WAIVE_DEFENCE, [S.PENALTY_NOTIFIED], STAY),
    (Trigger.REQUEST_HEARING, [S.PENALTY_NOTIFIED], S.HEARING),
    (Trigger.SCHEDULE_HEARING, [S.HEARING], STAY),
    (Trigger.HOLD_HEARING, [S.HEARING], STAY),
    (Trigger.ABANDON_HEARING, [S.HEARING], STAY),
    (Trigger.MARK_MAJOR, [S.DISPATCHED, S.PENALTY_NOTIFIED, S.HEARING], STAY),
    (Trigger.RECORD_LEGAL_REVIEW, [S.DISPATCHED, S.PENALTY_NOTIFIED, S.HEARING], STAY),
    (Trigger.DISCUSS, [S.DISPATCHED, S.PENALTY_NOTIFIED, S.HEARING], STAY),
    (Trigger.DECIDE_PENALTY, [S.PENALTY_NOTIFIED, S.HEARING], S.PENALTY_DECIDED),
    (Trigger.DECIDE_NO_PENALTY, [S.DISPATCHED, S.PENALTY_NOTIFIED, S.HEARING], S.NO_PENALTY),
    (Trigger.TRANSFER, [S.DISPATCHED, S.PENALTY_NOTIFIED, S.HEARING], S.TRANSFERRED),
    (Trigger.WITHDRAW, [S.DISPATCHED, S.PENALTY_NOTIFIED, S.HEARING], S.WITHDRAWN),
    (Trigger.GRANT_LICENCE, [S.DISPATCHED], S.LICENCE_GRANTED),
    (Trigger.REFUSE_LICENCE, [S.DISPATCHED], S.LICENCE_REFUSED),
    (Trigger.ISSUE_LICENCE, [S.LICENCE_GRANTED], STAY),  # 许可法 art. 44
    (Trigger.EXTEND_DEADLINE, OPEN_STATES, STAY),
    (Trigger.PAUSE_CLOCK, [S.DISPATCHED], STAY),  # licensing: 许可法 art. 45
    (Trigger.RESUME_CLOCK, [S.DISPATCHED], STAY),
    (
        Trigger.CLOSE,
        [
            S.PENALTY_DECIDED,
            S.NO_PENALTY,
            S.TRANSFERRED,
            S.WITHDRAWN,
            S.LICENCE_GRANTED,
            S.LICENCE_REFUSED,
            S.OPENED,
        ],
        S.CLOSED,
    ),
    (Trigger.REVIEW, [S.CLOSED], S.REVIEWED),
]


@cache
def machine() -> Machine:
    """The one machine, built on first use: no model, no auto transitions, no callbacks."""
    built = Machine(
        model=None,
        states=[s.value for s in CaseState],
        initial=S.OPENED.value,
        auto_transitions=False,
    )
    for trigger, sources, dest in TRANSITIONS:
        built.add_transition(
            trigger.value,
            [s.value for s in sources],
            None if dest is None else dest.value,
        )
    return built


def destination(trigger: Trigger, state: CaseState) -> CaseState | None:
    """Where `trigger` leads from `state`, or None when it may not fire there."""
    for transition in machine().get_transitions(trigger=trigger.value, source=state.value):
        return state if transition.dest is None else CaseState(transition.dest)
    return None


def edges() -> list[tuple[str, str, str]]:
    """Every (source, trigger, destination) of the machine, for drawing."""
    found: list[tuple[str, str, str]] = []
    for trigger in Trigger:
        if trigger is Trigger.OPEN:
            continue
        for transition in machine().get_transitions(trigger=trigger.value):
            dest = transition.dest or transition.source
            found.append((transition.source, trigger.value, dest))
    return found


def label(trigger: str) -> str:
    """A transition as people know it: the act in Chinese and the command that does it."""
    from workflow.cases import words

    act = words.act(words.TRIGGER_ACT.get(trigger, trigger))
    return f"{act.zh} ({act.command})"


def mermaid() -> str:
    """The lifecycle as a mermaid `stateDiagram-v2`: states named in Chinese, transitions
    by the act and the command a user types."""
    from workflow.cases import words

    lines = ["stateDiagram-v2"]
    lines += [f'    state "{words.state_zh(s.value)} {s.value}" as {s.value}' for s in CaseState]
    lines += [f'    state "{zh} {name}" as {name}' for name, zh in FRONT_STATES.items()]
    lines += [f"    {src or '[*]'} --> {dst} : {zh} ({command})" for src, dst, zh, command in FRONT_EDGES]
    lines.append(f"    [*] --> {S.OPENED.value} : {label(Trigger.OPEN.value)}")
    lines += [f"    {src} --> {dst} : {label(trig)}" for src, trig, dst in edges()]
    lines += [f"    {name} --> [*]" for name in FRONT_STATES if name.endswith("_rejected")]
    lines.append(f"    {S.REVIEWED.value} --> [*]")
    return "\n".join(lines) + "\n"


def dot() -> str:
    """The lifecycle as a graphviz digraph (Chinese labels, the command beside each act)."""
    from workflow.cases import words

    lines = ["digraph case_lifecycle {", "    rankdir=LR;", '    start [shape=point, label=""];']
    lines += [f'    "{s.value}" [shape=box, style=rounded, label="{words.state_zh(s.value)}\\n{s.value}"];'
              for s in CaseState]  # fmt: skip
    lines += [f'    "{name}" [shape=box, style="rounded,dashed", label="{zh}\\n{name}"];'
              for name, zh in FRONT_STATES.items()]  # fmt: skip
    lines += [f'    {_dot_node(src)} -> "{dst}" [label="{zh} ({command})"];'
              for src, dst, zh, command in FRONT_EDGES]  # fmt: skip
    lines.append(f'    start -> "{S.OPENED.value}" [label="{label(Trigger.OPEN.value)}"];')
    lines += [f'    "{src}" -> "{dst}" [label="{label(trig)}"];' for src, trig, dst in edges()]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_node(name: str | None) -> str:
    return f'"{name}"' if name else "start"
