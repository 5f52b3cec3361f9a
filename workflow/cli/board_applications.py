"""Licence applications awaiting an answer on the deadline board (《行政许可法》第三十二条):
受理, 不予受理 or 一次性告知补正 within 5 working days of receipt, overdue in red (past it,
the application counts as accepted from receipt and the 20 working days already run); and
the leads awaiting 立案审批 (`waiting`: both from the fronts read model, projections/fronts.py)."""

from __future__ import annotations

from typing import Any


def pending_applications(
    st: Any, township: str | None, today: Any, sees_party: bool = False
) -> list[dict[str, Any]]:
    """Unanswered applications of the township (or every township), overdue first; the
    applicant masked (a person's name) for roles that do not see parties."""
    from workflow.cli.case_tables import masked

    found = waiting(st, "application", township)
    views = [{"application_id": f.ref, "number": f.number, "township": f.township,
              "matter": f.channel, "applicant": f.applicant, "summary": f.summary,
              "state": f.state, "answer_due": str(f.due), "due_estimated": f.due_estimated,
              "overdue": f.overdue(today)} for f in found]  # fmt: skip
    if not sees_party:
        views = [{**v, "applicant": masked({"party": v["applicant"]})["party"]} for v in views]
    return sorted(views, key=lambda v: (not v["overdue"], v["answer_due"]))


def waiting(st: Any, kind: str, township: str | None) -> list[Any]:
    """Leads or applications awaiting a decision, from the fronts read model (caught up
    first), not from a scan of their streams."""
    from projections.fronts import pending

    engine = st.casework().projections
    engine.catch_up("fronts")
    with engine.engine.connect() as conn:
        return pending(conn, engine.tables("fronts"), kind, township=township)


def applications_table(views: list[dict[str, Any]]) -> Any:
    """One line an application: id, applicant, answer due, overdue in red."""
    from rich.console import Group
    from rich.text import Text

    lines = [Text(f"待答复许可申请 applications awaiting an answer ({len(views)})", style="bold")]
    for v in views:
        late = " 超期 overdue（视为受理，《行政许可法》第三十二条）" if v["overdue"] else ""
        star = "*" if v["due_estimated"] else ""  # a Mon–Fri estimate (holidays not loaded)
        line = f"{v['application_id']}  {v['applicant']}  答复期限 {v['answer_due']}{star}"
        lines.append(Text(line) + Text(late, style="red"))
    return Group(*lines)
