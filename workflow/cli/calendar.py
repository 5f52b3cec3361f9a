"""`casework calendar load FILE | show YEAR`: the holiday calendar a county loads as an event."""

from __future__ import annotations

from pathlib import Path

import typer

from workflow.cli.context import state
from workflow.origin import stamped

calendar_app = typer.Typer(
    help="节假日安排 holiday calendar: load a year's official arrangement, show a year",
    no_args_is_help=True,
)


@calendar_app.command("load")
def load(ctx: typer.Context, file: Path) -> None:
    """Record a year's 节假日安排 (county administrator); the same file twice appends nothing."""
    from workflow.cases import holidays
    from workflow.clock import now
    from workflow.errors import NotAuthorised
    from workflow.organisation.snapshot import load_directory

    st = state(ctx)
    actor = st.require_user()
    store = stamped(st.casework().store, "cli")
    person = load_directory(store).person(actor)
    role = str(person.role) if person and not person.removed else "unknown"
    if role != "admin":
        raise NotAuthorised(
            "载入节假日安排只能由县级系统管理员执行", f"{actor} is not a county administrator"
        )
    result = holidays.load_file(store, file, actor, role, now().isoformat())
    note = "（已载入过，未重复记录）" if result["duplicate"] else ""
    st.emit(
        result,
        f"{result['year']} 年节假日安排已载入{note}: {result['holidays']} 天休假,"
        f" {result['workdays']} 天调休上班 — {result['source']}",
    )


@calendar_app.command("show")
def show(ctx: typer.Context, year: int) -> None:
    """The year's weekday holidays and weekend working days, and where they come from."""
    from workflow.cases import holidays

    st = state(ctx)
    store = st.casework().store
    holidays.install_from(store)
    data = {**holidays.show(year), "source": holidays.loaded_source(store, year)}
    origin = {
        "loaded": "本县载入 loaded",
        "chinesecalendar": "chinesecalendar",
        "estimated": "未公布：按周一至周五估算 ESTIMATED",
    }[data["origin"]]
    lines = [f"{year} 年 · 来源 {origin}" + (f" · {data['source']}" if data["source"] else "")]
    lines.append(
        "  工作日放假 holidays on weekdays: " + (", ".join(data["holidays_on_weekdays"]) or "—")
    )
    lines.append(
        "  周末调休上班 workdays on weekends: " + (", ".join(data["workdays_on_weekends"]) or "—")
    )
    st.emit(data, "\n".join(lines))


def register(app: typer.Typer) -> None:
    app.add_typer(calendar_app, name="calendar")
