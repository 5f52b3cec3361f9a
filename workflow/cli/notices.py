"""`casework notices` (提醒): the notices the daily sweep issued, newest first.

With `--as`, what that person reads in the console (an officer: the cases they are
dispatched to and their own 年度考核 notice; a team's leadership: the township's; a
supervisor: all); without it the operator reads them all (a machine the county controls).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from workflow import clock
from workflow.accountability import rules as acc_rules
from workflow.cli.context import CliState, state
from workflow.cli.reports import Township, _township_code
from workflow.organisation.snapshot import load_directory
from workflow.reports import inbox

OPERATOR = inbox.Person(account_id="", role="supervisor", township=None)


def register(app: typer.Typer) -> None:
    app.command("notices")(notices)


def notices(
    ctx: typer.Context,
    township: Township = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=inbox.MAX_LIMIT, help="notices shown")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0, help="skip this many newer ones")] = 0,
) -> None:
    """提醒: deadline warnings, overdue notices, limitation, rectification and assessment notices; newest first."""
    cli = state(ctx)
    today = clock.local_day(clock.now())
    code = _township_code(cli, township)
    directory = load_directory(cli.casework().store)
    names = {t.code: t.name for t in directory.townships.values()}
    found = inbox.inbox(cli.casework().projections, _reader(cli, directory), today,
                        township=code, limit=limit, offset=offset, names=names)  # fmt: skip
    rows = found["notices"]
    if cli.json:
        for row in rows:
            cli.emit(row)
        return
    cli.emit({}, Group(_table(rows, found, today), *_more(found)))


def _reader(cli: CliState, directory: Any) -> inbox.Reader:
    if not cli.user:
        return OPERATOR
    person = acc_rules.reader(directory, cli.user)
    return inbox.Person(person.id, person.role.value, person.township, person.away)


def _table(rows: list[dict[str, Any]], found: dict[str, Any], today: date) -> Table:
    title = f"提醒 notices ({len(rows)}/{found['total']}; 最近 7 天 last 7 days {found['recent']}), {today}"
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", padding=(0, 1))
    table.add_column("发出 issued", no_wrap=True)
    table.add_column("案件 case", no_wrap=True)
    table.add_column("期限 deadline · 依据 statute", overflow="fold", ratio=1)
    table.add_column("发出时 then", overflow="fold")
    table.add_column("现状 now", overflow="fold")
    for n in rows:
        issued = Text(f"{n['issued_on']}\n")
        issued.append(n["kind_zh"], style=_style(n))
        deadline = f"{n['deadline_zh']}\n{n['due'] or '—'}\n{n['statute'] or '—'}"
        table.add_row(issued, _subject(n), deadline, _then(n), _now(n))
    if not rows:
        table.add_row("暂无 none", "", "", "", "")
    return table


def _style(n: dict[str, Any]) -> str:
    return "red" if n["kind"] in ("overdue", "rectification", "failed_assessment") else "yellow"


def _subject(n: dict[str, Any]) -> str:
    if n["case_id"]:
        return str(n["case_id"])  # (`casework case show` takes it)
    if n["kind"] == "rectification":
        return f"监督检查\n{n['subject']}"
    return f"{n['year']} 年度考核\n{n['subject']}"


def _then(n: dict[str, Any]) -> Text:
    if n["days_over"] is not None:
        return Text(f"已超期 {n['days_over']} 天", style="red")
    if n["days_left"] is not None:
        return Text(f"剩 {n['days_left']} 天")
    return Text("—")


def _now(n: dict[str, Any]) -> str:
    if n["status"] == "moved":
        return f"期限已变更 {n['due_now']}"
    state_zh = n.get("case_state_zh")
    return f"{n['status_zh']}\n{state_zh}" if state_zh and n["status"] == "handled" else n["status_zh"]


def _more(found: dict[str, Any]) -> list[Text]:
    if not found["more"]:
        return []
    following = found["offset"] + found["limit"]
    return [Text(f"更多 more: casework notices --offset {following}", style="dim")]
