"""The fronts drawn beside the case lifecycle (案件来源, 许可申请) are the folds' own states:
each edge of `FRONT_EDGES`, taken through the real services, leaves the lead or the
application in the state the diagram names ("opened" = the case it opened)."""

from __future__ import annotations

from datetime import date

from tests.unit.case_fakes import PARTY, World
from workflow.cases import commands as c
from workflow.cases.application_service import (
    AnswerApplication,
    ApplicationService,
    ReceiveApplication,
)
from workflow.cases.lifecycle import FRONT_EDGES, FRONT_STATES, mermaid
from workflow.cases.source_service import AcceptSource, RegisterSource, RejectSource, SourceService


def state(kind: str, view_state: str, case_id: str = "") -> str:
    """The diagram's name for what a fold says: accepted = the case it opened."""
    return "opened" if view_state == "accepted" and case_id else f"{kind}_{view_state}"


def opening() -> c.OpenCase:
    return c.OpenCase(actor="", township="", matter="M-P1", party="张三", summary="无照经营",
                      **PARTY)  # type: ignore[arg-type]  # fmt: skip


def lead(w: World, n: int) -> str:
    SourceService(w.service).register(RegisterSource(
        actor="tc-o1", township="taicheng", channel="巡查发现", summary="东街占道经营",
        discovered_on=date(2026, 5, 31),
    ))  # fmt: skip
    return f"taicheng-S-2026-{n}"


def test_each_lead_edge_ends_in_the_state_the_diagram_names() -> None:
    w = World()
    leads = SourceService(w.service)
    taken = []
    first = lead(w, 1)
    taken.append((None, state("lead", leads.show(first, reveal=True)["state"])))
    w.advance(hours=1)
    result = leads.accept(AcceptSource(actor="tc-lead", source=first, opinion="同意立案",
                                       opening=opening()))  # fmt: skip
    view = leads.show(first, reveal=True)
    assert view["case_id"] == result.case_id and w.service.load(result.case_id).state.value == "opened"
    taken.append(("lead_pending", state("lead", view["state"], view["case_id"])))
    second = lead(w, 2)
    leads.reject(RejectSource(actor="tc-lead", source=second, reason="经核查不属实"))
    taken.append(("lead_pending", state("lead", leads.show(second, reveal=True)["state"])))
    drawn = [(src, dst) for src, dst, _, command in FRONT_EDGES if "source" in command]
    assert sorted(taken, key=str) == sorted(drawn, key=str)


def test_each_application_edge_ends_in_the_state_the_diagram_names() -> None:
    w = World()
    apps = ApplicationService(w.service)

    def receive() -> str:
        view = apps.receive(ReceiveApplication(actor="tc-o1", township="taicheng", matter="M-L1",
                                               applicant="李四", summary="申请临时占道"))  # fmt: skip
        return str(view["application_id"])

    def answer(ref: str, kind: str, **kw: object) -> str:
        apps.answer(AnswerApplication(actor="tc-o1", application=ref, answer=kind, **kw))  # type: ignore[arg-type]
        app = apps.load(ref)[1]
        return state("application", app.state, app.case_id)

    first = receive()
    taken = [(None, state("application", apps.load(first)[1].state))]
    taken.append(("application_received", answer(first, "correct", materials=("施工方案",))))
    taken.append(("application_correcting", answer(first, "resubmitted")))
    taken.append(("application_received", answer(first, "accept")))
    second = receive()
    taken.append(("application_received", answer(second, "reject", reason="不属本机关职权")))
    drawn = [(src, dst) for src, dst, _, command in FRONT_EDGES if "application" in command]
    assert sorted(taken, key=str) == sorted(drawn, key=str)


def test_every_front_state_is_drawn_and_reached() -> None:
    text = mermaid()
    reached = {dst for _, dst, _, _ in FRONT_EDGES}
    for name, zh in FRONT_STATES.items():
        assert f'    state "{zh} {name}" as {name}' in text
        assert name in reached
    assert "    lead_pending --> lead_rejected : 不予立案 (case source reject)" in text
