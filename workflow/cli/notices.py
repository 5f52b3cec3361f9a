"""`casework notices` (提醒): the notices the daily sweep issued, newest first.

With `--as`, what that person reads in the console (an officer: the cases they are
dispatched to and their own 年度考核 notice; a team's leadership: the township's; a
supervisor: all); without it the operator reads them all (a machine the county controls).
新 marks what is new to the `--as` person since they last opened the console's 提醒 (the
CLI reads that mark, never moves it); without `--as`, the notices of the last seven days.
Two lines a notice at 80 columns (the case list's layout); `--json`: one object a notice.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich.cells import cell_len
from rich.console import Group
from rich.padding import Padding
from rich.text import Text

from workflow import clock
from workflow.accountability import rules as acc_rules
from workflow.accounts.read_marks import ReadMarks
from workflow.cli.context import CliState, state
from workflow.cli.reports import Township, _township_code, _whole
from workflow.organisation.snapshot import load_directory
from workflow.reports import inbox

OPERATOR = inbox.Person(account_id="", role="supervisor", township=None)
MAX_OFFSET = 1_000_000  # as GET /api/notices: past it the database's OFFSET overflowed


def register(app: typer.Typer) -> None:
    app.command("notices")(notices)


def notices(
    ctx: typer.Context,
    township: Township = None,
    limit: Annotated[int, typer.Option("--limit", parser=_whole(1, inbox.MAX_LIMIT), metavar="N",
                                       help="notices shown")] = 50,  # fmt: skip
    offset: Annotated[int, typer.Option("--offset", parser=_whole(0, MAX_OFFSET), metavar="N",
                                        help="skip this many newer ones")] = 0,  # fmt: skip
) -> None:
    """提醒: deadline warnings, overdue notices, limitation, rectification and assessment notices; newest first."""
    cli = state(ctx)
    today = clock.local_day(clock.now())
    code = _township_code(cli, township)
    directory = load_directory(cli.casework().store)
    names = {t.code: t.name for t in directory.townships.values()}
    reader = _reader(cli, directory)
    seen = ReadMarks(cli.casework().store.engine).seen(cli.user) if cli.user else None
    found = inbox.inbox(cli.casework().projections, reader, today,
                        township=code, limit=limit, offset=offset, names=names, seen=seen)  # fmt: skip
    rows = found["notices"]
    if cli.json:
        for row in rows:
            cli.emit(row)
        return
    cli.emit({}, Group(*_lines(rows, found, today), *_more(found)))


def _reader(cli: CliState, directory: Any) -> inbox.Reader:
    if not cli.user:
        return OPERATOR
    person = acc_rules.reader(directory, cli.user)
    return inbox.Person(person.id, person.role.value, person.township, person.away)


def _lines(rows: list[dict[str, Any]], found: dict[str, Any], today: date) -> list[Any]:
    """Two lines a notice, at 80 columns like the case list (`case_tables`): a grid of the
    day issued, the kind, the case (or subject), the days then and where it stands now;
    under it, indented, the deadline and its due day, then the statute, last so that only
    it wraps; a third line for a limitation's or an assessment's note. 新: new to `--as`."""
    title = f"提醒 notices ({len(rows)}/{found['total']}; 新 new {found['unread']}), {today}"
    width = max([cell_len(_subject(n)) for n in rows] + [14])
    kinds = max([cell_len(n["kind_zh"]) for n in rows] + [11])  # 年度考核不合格通知: 18
    header = _line(("", 2), ("发出 issued", 10), ("提醒 notice", kinds), ("案件 case", width),
                   ("发出时 then", 13), ("现状 now", 10))  # fmt: skip
    parts: list[Any] = [Text(title, style="bold"), Text(header.plain.rstrip(), style="bold")]
    for n in rows:
        kind = Text(n["kind_zh"], style=_style(n))
        parts.append(_line(("新" if n["new"] else "", 2), (n["issued_on"], 10), (kind, kinds),
                           (_subject(n), width), (_then(n), 13), (_now(n), 10)))  # fmt: skip
        parts.append(Padding(Text(_deadline(n)), (0, 0, 0, 4), expand=False))
        if note := _note(n):
            parts.append(Padding(Text(note, style="dim"), (0, 0, 0, 4), expand=False))
    if not rows:
        parts.append(Text("暂无 none"))
    return parts


def _line(*cells: tuple[str | Text, int]) -> Text:
    """Cells padded to their widths in terminal cells (a Chinese character is two)."""
    padded = []
    for text, width in cells:
        cell = (text if isinstance(text, Text) else Text(text)).copy()
        if cell.cell_len < width:
            cell.pad_right(width - cell.cell_len)
        padded.append(cell)
    line = Text(" ").join(padded)
    line.rstrip()
    return line


def _style(n: dict[str, Any]) -> str:
    return "red" if n["kind"] in ("overdue", "rectification", "failed_assessment") else "yellow"


def _subject(n: dict[str, Any]) -> str:
    """The case id (`casework case show` takes it), the inspection or the officer."""
    return str(n["case_id"] or n["subject"])


def _deadline(n: dict[str, Any]) -> str:
    """期限 and its day (→ the day now if it moved) · the statute; an assessment's year."""
    if n["kind"] == "failed_assessment":
        return f"{n['year']} 年度考核 得分 {n['score']:g}"
    due = n["due"] or "—"
    if n["status"] == "moved":
        due = f"{due} → {n['due_now']}"
    statute = f" · {n['statute']}" if n["statute"] else ""
    return f"{n['deadline_zh']} {due}{statute}"


def _note(n: dict[str, Any]) -> str:
    """Where a handled case stands, and a notice's own note (why unchecked; 不合格 reasons)."""
    notes = [f"案件 {n['case_state_zh']}"] if n["status"] == "handled" and n.get("case_state_zh") else []
    return " · ".join([*notes, *([n["note"]] if n["note"] else [])])


def _then(n: dict[str, Any]) -> Text:
    if n["days_over"] is not None:
        return Text(f"已超期 {n['days_over']} 天", style="red")
    if n["days_left"] is not None:
        return Text(f"剩 {n['days_left']} 天")
    return Text("—")


def _now(n: dict[str, Any]) -> str:
    return str(n["status_zh"])


def _more(found: dict[str, Any]) -> list[Text]:
    if not found["more"]:
        return []
    following = found["offset"] + found["limit"]
    return [Text(f"更多 more: casework notices --offset {following}", style="dim")]
