"""Read-model commands: `roster`, `accountability`, `cases`, `deadlines` (花名册、责任档案、台账、看板).

Each brings its read model up to date (a no-op when the workers already did), reads it,
and prints rich tables, or one JSON object per result with `--json`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from sqlalchemy import Connection

from projections.engine import Tables
from projections.queries_accountability import ON_TIME_RATE_EN, ON_TIME_RATE_ZH, has_record
from projections.queries_accountability import accountability as accountability_records
from projections.queries_cases import case_list, deadline_board
from projections.queries_oversight import (
    has_oversight,
    officer_records,
    open_rectifications,
    team_totals,
)
from projections.queries_roster import county_summary, find_township, officer_names
from projections.queries_roster import roster as roster_reports
from workflow import clock
from workflow.accountability import rules as acc_rules
from workflow.cases import words
from workflow.cases.lifecycle import CaseState
from workflow.cli.case_tables import cases_table, masked, viewer_sees_party
from workflow.cli.context import CliState, state
from workflow.cli.inspection import inspection_table
from workflow.datafile import as_date
from workflow.errors import NotAuthorised, NotFound
from workflow.organisation import posting
from workflow.organisation.snapshot import load_directory
from workflow.organisation.types import Domain, Role

Township = Annotated[str | None, typer.Option("--township", help="code or name, e.g. 台城镇")]


def _whole(least: int, most: int | None = None) -> Callable[[str], int]:
    """A parser of a whole number not under `least` (nor over `most`): anything else is one
    bilingual line."""

    def parse(text: str) -> int:
        digits = str(text).strip()
        value = int(digits) if digits.isascii() and digits.isdecimal() else least - 1
        if most is not None and value > most:
            raise typer.BadParameter(f"须为 {least} 至 {most} 的整数 must be a whole number "
                                     f"from {least} to {most}: {text!r}")  # fmt: skip
        if value < least:
            raise typer.BadParameter(f"须为不小于 {least} 的整数 must be a whole number, "
                                     f"{least} or more: {text!r}")  # fmt: skip
        return value

    return parse


Limit = Annotated[
    int | None,
    typer.Option("--limit", parser=_whole(1), metavar="N",
                 help="每页件数 cases on this page (default: all); only these are folded for 下一步"),
]  # fmt: skip
Offset = Annotated[
    int,
    typer.Option("--offset", parser=_whole(0), metavar="N",
                 help="跳过件数 cases to skip (those of the pages before)"),
]  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("roster")(roster)
    app.command("accountability")(accountability)
    app.command("cases")(cases)
    app.command("deadlines")(deadlines)


@contextmanager
def read_model(cli: CliState, name: str) -> Iterator[tuple[Connection, Tables]]:
    """Catch the read model up, then a connection and the tables readers should use."""
    engine = cli.casework().projections
    engine.catch_up(name)
    with engine.engine.connect() as conn:
        yield conn, engine.tables(name)


def _today() -> date:
    return clock.local_day(clock.now())


def _emit_all(cli: CliState, rows: list[dict[str, Any]], human: Callable[[], Any]) -> None:
    if cli.json:
        for row in rows:
            cli.emit(row)
    else:
        cli.emit({}, human())


def roster(
    ctx: typer.Context,
    township: Annotated[str | None, typer.Argument(help="code or name; all when omitted")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD (default today)")] = None,
) -> None:
    """Team rosters (7+9+N): members, missing domains, certificates, removals, compliance."""
    cli = state(ctx)
    on = as_date(as_of, "--as-of") if as_of else _today()
    with read_model(cli, "roster") as (conn, tables):
        teams = roster_reports(conn, tables, on, township)
        summary = None if township else county_summary(conn, tables, on, teams)
    rows = teams + ([summary] if summary else [])
    if township:
        _emit_all(cli, rows, lambda: Group(*(_team_table(t) for t in teams)))
    else:
        _emit_all(
            cli,
            rows,
            lambda: Group(_county_table(teams, on), *_gap_lines(teams), _summary_line(summary)),
        )


def _names(people: list[dict[str, Any]]) -> str:
    # a space between people: a line may break there, never inside a name or an id
    return " ".join(f"{p['name']}({p['id']})" for p in people) or "—"


def _verdict(team: dict[str, Any]) -> str:
    if team["compliant"]:
        return "合规 compliant"
    return "不合规: " + "; ".join(team["gaps"]) + ""


def _team_table(t: dict[str, Any]) -> Table:
    table = Table(title=f"{t['name']} ({t['township']}) 综合行政执法队, as of {t['as_of']}",
                  caption=_verdict(t), show_header=False)  # fmt: skip
    table.add_column("", style="bold", no_wrap=True)
    table.add_column("", overflow="fold")
    table.add_row("队长 leader", _names([t["leader"]] if t["leader"] else []))
    table.add_row(f"副队长 deputies ({len(t['deputies'])}/2)", _names(t["deputies"]))
    table.add_row(f"乡镇专职 staff ({t['staff_count']}/7)", _names(t["township_staff"]))
    for domain in Domain:
        people = t["seconded"][domain.value]
        table.add_row(f"派驻 {domain.zh}", _names(people) if people else "缺 missing")
    units = "、".join(t["cooperating"] + t["assisting"])
    table.add_row(f"协同/辅助 N={t['units']}", units or "—")
    expiring = [f"{p['name']}({p['id']}) {p['certificate_until']}" for p in t["expiring"]]
    table.add_row("证件30日内到期 expiring", " ".join(expiring) or "—")
    table.add_row("无有效证件 uncertified", "、".join(t["uncertified"]) or "—")
    removed = [f"{r['name']}({r['id']}) {r['left_on']} {r['reason']}: {r['details']}"
               for r in t["removed"]]  # fmt: skip
    table.add_row("清退 removed", "\n".join(removed) or "—")
    away = [f"{r['name']}({r['id']}) {r['left_on']}: {r['details']}" for r in t.get("posted_away", [])]
    table.add_row("调离执法岗位 posted away", "\n".join(away) or "—")
    moved = [f"{r['name']}({r['id']}) {r['left_on']}" for r in t["transferred"]]
    table.add_row("调离 transferred", "、".join(moved) or "—")
    return table


def _county_table(teams: list[dict[str, Any]], on: date) -> Table:
    table = Table(title=f"执法队伍花名册 team rosters, as of {on}", box=box.SIMPLE)
    table.caption = "专职 staff/7 · 派驻 domains/9 · 到期 certificates expiring in 30 days"
    for column in (
        "乡镇",
        "队长",
        "副队长",
        "专职",
        "派驻",
        "N",
        "人数",
        "持证",
        "到期",
        "清退",
        "合规",
    ):
        table.add_column(column, no_wrap=column in ("乡镇", "队长"), overflow="fold")
    for t in teams:
        leader = t["leader"]["name"] if t["leader"] else "—"
        seconded = f"{9 - len(t['missing_domains'])}/9"
        table.add_row(
            t["name"], leader, f"{len(t['deputies'])}/2", f"{t['staff_count']}/7", seconded,
            str(t["units"]), str(t["members"]), str(t["certified"]), str(len(t["expiring"])),
            str(len(t["removed"])), "✓" if t["compliant"] else "✗",
        )  # fmt: skip
    return table


def _gap_lines(teams: list[dict[str, Any]]) -> list[str]:
    return [f"{t['name']}: {_verdict(t)}" for t in teams if not t["compliant"]]


def _summary_line(s: dict[str, Any] | None) -> str:
    if s is None:
        return ""
    pool = s["pool"]
    held = (
        f"{pool['certified']} / {pool['civil_servants']} "
        f"(recorded {pool['recorded_certified']} on {pool['as_of']})"
        if pool
        else "—"
    )
    return (f"{s['name'] or ''} 持证 certificate holders in the pool: {held}; team members "
            f"certified {s['members_certified']}/{s['members']}; compliant teams "
            f"{s['compliant']}/{s['teams']}")  # fmt: skip


def accountability(
    ctx: typer.Context,
    officer: Annotated[
        str | None, typer.Argument(help="officer id; all with a record when omitted")
    ] = None,
    township: Township = None,
    everyone: Annotated[
        bool, typer.Option("--all", help="include officers with no record")
    ] = False,
    team: Annotated[
        bool, typer.Option("--team", help="with --township: the team's record (its members' totals)")
    ] = False,
) -> None:
    """Per officer: cases dispatched, on time, overdue, extended, review verdicts, removal."""
    cli = state(ctx)
    officer, code = _readable(cli, officer, _township_code(cli, township))
    with read_model(cli, "accountability") as (conn, tables):
        records = accountability_records(conn, tables, _today(), officer=officer, township=code)
    if officer is not None and not records:
        where = f" in {township}" if township else ""
        raise NotFound(f"没有执法人员 {officer}{where}", f"no officer {officer}{where}")
    with read_model(cli, "oversight") as (conn, tables):
        extra = officer_records(conn, tables, [r["officer_id"] for r in records])
    d = load_directory(cli.casework().store)
    for r in records:
        r["oversight"] = extra[r["officer_id"]]
        r["posted_away"] = posting.posting_of(d, r["officer_id"])  # 调离执法岗位, apart from 清退
    if officer is None and not everyone:
        records = [r for r in records if has_record(r) or has_oversight(r["oversight"])]
    if team and code:
        totals = {"team": code, **team_totals(extra)}
        cli.emit(totals, _team_lines(code, extra)[0])
        return
    human = _officer_detail if officer else _officers_table
    _emit_all(cli, records, lambda: Group(human(records), *_team_lines(code, extra)))


def _readable(cli: CliState, officer: str | None, code: str | None) -> tuple[str | None, str | None]:
    """With `--as`, the records that person may read, as in the console: a supervisor any,
    a team's leadership its members, an officer (also one posted away, 调离执法岗位) their
    own. Without `--as`, the operator reads them all (a machine the county controls)."""
    if not cli.user:
        return officer, code
    d = load_directory(cli.casework().store)
    if officer is not None:
        acc_rules.may_read_record(d, cli.user, officer)
        return officer, code
    person = acc_rules.reader(d, cli.user)
    if person.role is Role.SUPERVISOR and not person.away:
        return None, code
    if person.role in acc_rules.HEADS and not person.away:
        if code not in (None, person.township):
            raise NotAuthorised("只能查看本队的执法责任档案", "a team's leadership reads its own members")
        return None, person.township
    return acc_rules.may_read_record(d, cli.user, person.id).id, code


def _team_lines(code: str | None, extra: dict[str, dict[str, Any]]) -> list[str]:
    """执法责任档案 of the team: its members' findings, inquiries and grades."""
    if code is None:
        return []
    t = team_totals(extra)
    return [f"{code} 执法队: 检查发现 findings {t['findings']}; 复议诉讼纠错 overturned {t['overturned']}; "
            f"责任追究 inquiries {t['inquiries']}; "
            f"年度考核 grades {t['grades']}"]  # fmt: skip


def _township_code(cli: CliState, township: str | None) -> str | None:
    if township is None:
        return None
    with read_model(cli, "roster") as (conn, tables):
        return find_township(conn, tables, township)


def _counts(r: dict[str, Any]) -> list[str]:
    v = r["verdicts"]
    rate = f"{r['on_time_rate']:.0%}" if r["on_time_rate"] is not None else "—"
    overdue = f"{r['overdue']}" if r["overdue"] else "0"
    return [str(r["dispatched"]), f"{r['on_time']}/{r['judged']} ({rate})", overdue,
            str(r["extended"]), f"{v['qualified']}/{v['defective']}/{v['erroneous']}"]  # fmt: skip


def _officers_table(records: list[dict[str, Any]]) -> Table:
    table = Table(title=f"执法责任档案 officer accountability ({len(records)})", box=box.SIMPLE)
    table.caption = f"{ON_TIME_RATE_ZH}\n{ON_TIME_RATE_EN}\n评查 = 合格/瑕疵/错误 qualified/defective/erroneous"
    for column in ("id", "姓名", "办案", "按期", "超期", "延期", "评查", "清退", "人事"):
        table.add_column(column, no_wrap=column in ("id", "按期", "评查"), overflow="fold")
    for r in records:
        removal = f"{r['removal']['reason']}" if r["removal"] else ""
        table.add_row(r["officer_id"], r["name"] or "?", *_counts(r), removal,
                      str(len(r["personnel"])))  # fmt: skip
    return table


def _officer_detail(records: list[dict[str, Any]]) -> Table:
    r = records[0]
    table = Table(title=f"{r['name']} ({r['officer_id']}) 执法责任档案, as of {r['as_of']}",
                  caption=f"{ON_TIME_RATE_ZH}\n{ON_TIME_RATE_EN}", show_header=False)  # fmt: skip
    table.add_column("", style="bold", no_wrap=True)
    table.add_column("", overflow="fold")
    labels = ("办理案件 dispatched", "按期 on time", "超期 overdue", "延期 extended",
              "评查 合格/瑕疵/错误")  # fmt: skip
    for label, value in zip(labels, _counts(r), strict=True):
        table.add_row(label, value)
    table.add_row("超期案件 overdue cases", "\n".join(r["overdue_cases"]) or "—")
    removal = r["removal"]
    text = (
        f"{removal['on']} {removal['reason']}: {removal['details']}" if removal else "—"
    )
    table.add_row("清退 removal", text)
    away = r.get("posted_away")
    if away:
        table.add_row("调离执法岗位 posted away", f"{away['on']}: {away['details']}")
    for p in r.get("postings", []):
        table.add_row("调离记录 posting", posting_line(p))
    for p in r["personnel"]:
        stance = "" if p["agrees"] is None else (" 同意" if p["agrees"] else " 不同意")
        table.add_row(f"人事 {p['entry']}", f"{p['on']} {p['action']}{stance}: {p['text']}")
    _oversight_rows(table, r.get("oversight"))
    return table


ENDED_ZH = {"reinstated": "恢复执法岗位", "removed": "清退"}


def posting_line(p: dict[str, Any]) -> str:
    """One posting away: since when, why, the agreement to restoring, how it ended."""
    agreed = f"; {p['agreed_on']} 同意恢复" if p["agreed_on"] else ""
    end = f" → {p['ended_on']} {ENDED_ZH.get(p['ended_by'], p['ended_by'])}: {p['end_details']}" if p["ended_on"] else " → 调离中 still away"
    return f"{p['on']} {p['details']}{agreed}{end}"


def _oversight_rows(table: Table, o: dict[str, Any] | None) -> None:
    """Findings naming the officer, inquiries and outcomes, duty votes, assessment grades."""
    if not o:
        return
    for f in o["findings"]:
        table.add_row("检查发现 finding", f"{f['held_on']} {f['inspection_id']}/{f['finding_id']}: {f['text']}")
    for q in o["inquiries"]:
        outcome = (q["sanction"] or "未决定 pending") + (f" → {q['referred_to']}" if q.get("referred_to") else "")
        table.add_row("责任追究 inquiry", f"{q['opened_on']} {q['inquiry_id']} {q['ground']} → {outcome}")
    for x in o["overturned"]:
        table.add_row("复议诉讼纠错 overturned", f"{x['decided_on']} {x['case_id']} {x['remedy']} {x['outcome']}")
    for year, votes in o["duty_votes"].items():
        table.add_row(f"述职评议 {year}", "、".join(f"{g}{n}票" for g, n in votes.items()))
    for year, line in o["grades"].items():
        table.add_row(f"年度考核 {year}", f"{line['grade']} ({line['score']:g})")


def cases(
    ctx: typer.Context,
    township: Township = None,
    case_state: Annotated[
        str | None, typer.Option("--state", help="状态, e.g. 调查中 or dispatched")
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="only cases past a deadline")] = False,
    party: Annotated[
        str | None, typer.Option("--party", help="当事人 name contains this, e.g. 张")
    ] = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> None:
    """案件台账: cases with party, matter, officers, next deadline, days left and 下一步;
    overdue first."""
    cli = state(ctx)
    today = _today()
    code = _township_code(cli, township)
    sees = _sees_party(cli)
    if party and not sees:
        raise NotAuthorised(
            "按当事人查找须以办案人员或监督人员身份（--as 编号）",
            "searching by party needs --as someone who works or reviews cases",
        )
    with read_model(cli, "cases") as (conn, tables):
        views = case_list(conn, tables, today, township=code, state=_state_code(case_state),
                          overdue=overdue, party=party)  # fmt: skip
    views = views if sees else [masked(v) for v in views]
    names = _officer_names(cli)
    total = len(views)
    views = _with_next(cli, _page(views, limit, offset), names, today)
    title = f"案件台账 cases ({_counted(len(views), total, offset)}), {today}"
    _emit_all(cli, views, lambda: Group(cases_table(title, views, names),
                                        *_more("cases", len(views), total, offset)))  # fmt: skip


def _state_code(text: str | None) -> str | None:
    """A state typed as its code (dispatched) or its Chinese label (调查中)."""
    if text is None:
        return None
    code = words.state_code(text)
    if code is None:
        choices = "、".join(f"{zh} {c}" for c, zh in words.STATE_ZH.items() if c in set(CaseState))
        raise typer.BadParameter(f"--state {text!r}: 可选 choose one of {choices}")
    return code


def _sees_party(cli: CliState) -> bool:
    if not cli.user:
        return False
    from workflow.organisation.snapshot import load_directory

    return viewer_sees_party(load_directory(cli.casework().store), cli.user)


def _officer_names(cli: CliState) -> dict[str, str]:
    with read_model(cli, "roster") as (conn, tables):
        return officer_names(conn, tables)


def _with_next(
    cli: CliState, views: list[dict[str, Any]], names: dict[str, str], today: date
) -> list[dict[str, Any]]:
    """Each case with `next`: 下一步 (act, who by name, by) from its folded events, as the
    case page says it; None once closed. Never the party (`waiting.waiting_for`)."""
    from workflow.cases.next_steps import with_next

    return with_next(cli.casework().store, views, today, lambda o: names.get(o, o))


def _page(views: list[dict[str, Any]], limit: int | None, offset: int) -> list[dict[str, Any]]:
    """The cases of the page (`--offset`, `--limit`): the only ones folded for 下一步."""
    return views[offset : None if limit is None else offset + limit]


def _counted(shown: int, total: int, offset: int) -> str:
    """The title's count: N, or 第 a–b 件 of N when a page of the list is shown."""
    if shown == total:
        return str(total)
    if shown == 0:
        return f"此页无，共 {total} 件 none here of {total}"
    first, last = offset + 1, offset + shown
    return f"第 {first}–{last} 件，共 {total} 件 {first}-{last} of {total}"


def _more(command: str, shown: int, total: int, offset: int) -> list[Text]:
    """The command that lists the next page, if there is one."""
    following = offset + shown
    if shown == 0 or following >= total:
        return []
    return [Text(f"更多 more: casework {command} --offset {following} --limit {shown}", style="dim")]


def deadlines(
    ctx: typer.Context, township: Township = None, limit: Limit = None, offset: Offset = 0
) -> None:
    """The deadline board: every case with a binding deadline, overdue first, with 下一步;
    then rectifications, leads, applications and paper deadlines (on the first page only:
    --limit and --offset page the cases)."""
    cli = state(ctx)
    today = _today()
    code = _township_code(cli, township)
    with read_model(cli, "cases") as (conn, tables):
        views = deadline_board(conn, tables, today, township=code)
    views = views if _sees_party(cli) else [masked(v) for v in views]
    names = _officer_names(cli)
    total = len(views)
    views = _with_next(cli, _page(views, limit, offset), names, today)
    title = f"期限看板 deadline board ({_counted(len(views), total, offset)}), {today}"
    more = _more("deadlines", len(views), total, offset)
    if offset:  # a later page of the cases: the other tables were on the first
        _emit_all(cli, views, lambda: Group(cases_table(title, views, names), *more))
        return
    with read_model(cli, "oversight") as (conn, tables):
        fixes = open_rectifications(conn, tables, today, township=code)
    from workflow.cli.case_source import leads_table, pending_leads

    leads = pending_leads(cli, code, today)  # 立案审批 due (县规定 source_decision_days)
    from workflow.cli.board_applications import applications_table, pending_applications

    asked = pending_applications(cli, code, today, _sees_party(cli))  # 许可法 art. 32
    paper = paper_board(cli, today, code)  # service, publication, court window, 备案
    board = views + [{"rectification": r} for r in fixes] + [{"lead": v} for v in leads]
    board += [{"application": v} for v in asked] + [{"paper": p} for p in paper]
    _emit_all(cli, board, lambda: Group(
        cases_table(title, views, names), *more,
        *([inspection_table(fixes, today)] if fixes else []),
        *([leads_table(leads)] if leads else []),
        *([applications_table(asked)] if asked else []), paper_text(paper),
    ))  # fmt: skip


def paper_board(cli: CliState, today: date, township: str | None) -> list[dict[str, Any]]:
    from workflow.execution.board import paper_deadlines

    found = paper_deadlines(cli.casework().projections, today)
    return [p for p in found if township is None or p["township"] == township]


def paper_text(paper: list[dict[str, Any]]) -> Any:
    from workflow.execution.board import render_board

    return Text(render_board(paper))
