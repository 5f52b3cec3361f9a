"""Accountability pages (监督问责): inspections, inquiries, duty reports, the yearly
assessment and the officer's record (执法责任档案), for supervisors, township leadership and
officers. They read the oversight model and the streams, and post to the same command
handlers as the CLI (`acts_accountability`), so the same rules and authorisation apply.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from events import RecordedEvent
from projections import queries_oversight as oversight
from workflow import clock
from workflow.accountability import assessment as yearly
from workflow.accountability import duty, evaluators, files, inquiries, inspections, rules
from workflow.accountability.policy import load_policy
from workflow.accountability.types import SANCTION_ZH, DutyGrade, Ground, Scope
from workflow.errors import NotAuthorised, NotFound, RuleViolation
from workflow.web import acts_accountability, acts_posting, pages_policy, queries, reads
from workflow.web.auth import Visitor, member, web
from workflow.web.context import WebContext
from workflow.web.render import page

router = APIRouter(include_in_schema=False)
router.include_router(acts_accountability.router)
router.include_router(pages_policy.router)
router.include_router(acts_posting.router)
HEADS = ("leader", "deputy")
EVENT_ZH = {
    "InspectionPlanned": "计划检查", "InspectionRecorded": "检查记录", "RectificationOrdered": "责令整改",
    "RectificationReported": "整改报告", "RectificationVerified": "整改验收",
    "RectificationFileAttached": "整改材料", "InquiryOpened": "启动追究（告知）",
    "InquiryStatementRecorded": "陈述申辩", "InquiryOpinionRecorded": "乡镇意见",
    "InquiryAgreed": "同意", "InquiryDecided": "追究决定", "InquiryReferred": "移送纪检监察机关",
}  # fmt: skip
STATUS_ZH = {"planned": "已计划", "recorded": "已检查", "ordered": "整改中", "reported": "待验收",
             "accepted": "已验收", "reopened": "重新整改"}  # fmt: skip
WORDS: dict[str, Any] = {
    "SCOPES": [(s.value, s.zh) for s in Scope], "GROUNDS": [(g.value, g.zh) for g in Ground],
    "SANCTIONS": [(s.value, zh) for s, zh in SANCTION_ZH.items()],
    "DUTY_GRADES": [g.value for g in DutyGrade], "STATUS_ZH": STATUS_ZH, "EVENT_ZH": EVENT_ZH,
    "SCOPE_ZH": {s.value: s.zh for s in Scope}, "SANCTION_ZH": {s.value: z for s, z in SANCTION_ZH.items()},
    "GROUND_ZH": {g.value: g.zh for g in Ground},
}  # fmt: skip


def _today() -> date:
    return clock.local_day(clock.now())


def _own_township(v: Visitor) -> str | None:
    """The township a listing is limited to: all for supervisors, one's own for the rest."""
    return None if v.principal.role in ("supervisor", "admin") else v.principal.township


def _common(v: Visitor, **more: Any) -> dict[str, Any]:
    return {"v": v, "form_id": uuid.uuid4().hex, "today": _today().isoformat(), **WORDS, **more}


@router.get("/accountability", response_class=HTMLResponse)
def overview(request: Request, v: Visitor = Depends(member)) -> Response:
    """监督问责: the inspections and inquiries the visitor may see, and the forms to start them."""
    if v.principal.role == "officer" or v.principal.away:
        return RedirectResponse(f"/accountability/record/{v.principal.account_id}", status_code=303)
    return page(request, "accountability/overview.html", **overview_context(web(request), v))


def overview_context(ctx: WebContext, v: Visitor) -> dict[str, Any]:
    who, code = v.principal, _own_township(v)
    with reads.read_model(ctx.casework, "oversight") as (conn, tables):
        listed = oversight.inspections(conn, tables, _today(), township=code)
        rows = oversight.inquiries(conn, tables, township=code)
    seen = inquiries.visible(ctx.casework.store, who.account_id, rows)
    d = ctx.directory()
    return _common(
        v, inspections=listed if who.role != "admin" else [], inquiries=seen,
        failed=[{**n, "township_name": d.townships[n["township"]].name if n["township"] in d.townships
                 else n["township"]} for n in yearly.failed_pending(ctx.casework.store, _today(), rows)] if who.role == "supervisor" else [],
        townships=[(t.code, t.name) for t in d.townships.values()] if code is None else [(code, who.township_name)],
        may_plan=who.role in ("supervisor", *HEADS), may_open=who.role == "supervisor",
    )  # fmt: skip


KEY_ZH = {
    "township": "执法队", "scope": "范围", "planned_for": "计划日期", "planned_on": "计划于",
    "inspectors": "检查人员", "held_on": "检查日期", "checked": "检查项目", "findings": "发现问题",
    "requirement": "整改要求", "due": "期限", "ordered_on": "责令日期", "report": "整改情况",
    "reported_on": "报告日期", "outcome": "结论", "comments": "意见", "verified_on": "验收日期",
    "officer_id": "被追究人", "ground": "事由", "details": "事实与理由", "cases": "关联案件",
    "statement_due": "陈述期限", "opened_on": "启动日期", "statement": "陈述申辩", "waived": "放弃陈述",
    "stated_on": "陈述日期", "opinion": "乡镇意见", "recorded_on": "记录日期", "sanction": "追究方式",
    "agreed_on": "同意日期", "reasons": "理由", "decided_on": "决定日期", "removal_position": "清退记录",
    "organ": "移送机关", "materials": "移送材料", "referred_on": "移送日期", "file_name": "文件", "file_sha256": "SHA-256", "attached_on": "提交日期",
}  # fmt: skip


def _shown(key: str, value: Any) -> str:
    """One field for people: lists joined, findings as their id and text, sanctions in Chinese."""
    if isinstance(value, list):
        return "；".join(f"{x.get('id', '')} {x.get('text', '')}" if isinstance(x, dict)
                        else WORDS["SCOPE_ZH"].get(x, str(x)) for x in value)  # fmt: skip
    if key == "sanction":
        return WORDS["SANCTION_ZH"].get(value, str(value))
    if key == "scope" or key == "ground":
        return str(WORDS["SCOPE_ZH" if key == "scope" else "GROUND_ZH"].get(value, value))
    if key == "outcome":
        return {"accepted": "验收通过", "reopened": "重新整改"}.get(value, str(value))
    return "是" if value is True else str(value)


def _stream(ctx: WebContext, stream: str) -> list[dict[str, Any]]:
    records: list[RecordedEvent] = ctx.casework.store.read_stream(stream)
    skip = ("inquiry_id", "inspection_id")
    towns = {code: t.name for code, t in ctx.directory().townships.items()}  # 执法队：台城镇, not taicheng
    return [{"type": r.type, "zh": EVENT_ZH.get(r.type, r.type), "raw": r.data,
             "data": {KEY_ZH.get(k, k): _shown(k, towns.get(x, x) if k == "township" else x)
                      for k, x in r.data.items()
                      if k not in skip and x not in (None, "", [], False)},
             "actor": (r.metadata or {}).get("actor", ""),
             "at": clock.show(r.recorded_at)}
            for r in records]  # fmt: skip


@router.get("/accountability/inspections/{ref}", response_class=HTMLResponse)
def inspection_page(request: Request, ref: str, v: Visitor = Depends(member)) -> Response:
    """One inspection: findings, the rectification, and the act open to the visitor."""
    return page(request, "accountability/inspection.html", **inspection_context(web(request), v, ref))


def inspection_context(ctx: WebContext, v: Visitor, ref: str) -> dict[str, Any]:
    store, who = ctx.casework.store, v.principal
    found = inspections.load_inspection(store, ref)
    rules.may_inspect(ctx.directory(), who.account_id, found.township)  # who may see it
    heads = who.role in HEADS and who.township == found.township
    return _common(
        v, township_name=ctx.directory().township(found.township).name, inspection=found, history=_stream(ctx, inspections.PREFIX + found.inspection_id),
        status_zh=STATUS_ZH.get(found.status, found.status),
        may_record=found.status == "planned", may_report=heads and found.status in ("ordered", "reopened"),
        may_verify=found.status == "reported" and (who.role == "supervisor" or who.account_id in found.inspectors),
        team=ctx.directory().team(found.township),
        may_attach=heads and found.status in ("ordered", "reopened", "reported"),
        files=inspections.files(ctx.casework.store, found.inspection_id),
    )  # fmt: skip


@router.get("/accountability/inspections/{ref}/files/{sha256}")
def inspection_file(request: Request, ref: str, sha256: str, v: Visitor = Depends(member)) -> Response:
    """A rectification file, to those who may see the inspection, streamed from its hash."""
    ctx = web(request)
    found = inspections.load_inspection(ctx.casework.store, ref)
    rules.may_inspect(ctx.directory(), v.principal.account_id, found.township)
    listed = [f for f in inspections.files(ctx.casework.store, ref) if f["file_sha256"] == sha256]
    path = files.path_of(ctx.evidence_dir, sha256)
    if not listed or not path.is_file():
        raise NotFound("没有该整改材料", "no such file for this inspection")
    return FileResponse(path, filename=listed[0]["file_name"], media_type="application/octet-stream")


@router.get("/accountability/inquiries/{ref}", response_class=HTMLResponse)
def inquiry_page(request: Request, ref: str, v: Visitor = Depends(member)) -> Response:
    """One inquiry: ground, evidence, statement, opinion, decision (to those who may see it)."""
    return page(request, "accountability/inquiry.html", **inquiry_context(web(request), v, ref))


def inquiry_context(ctx: WebContext, v: Visitor, ref: str) -> dict[str, Any]:
    """The forms shown are the acts the domain's own rules let this visitor take (who may
    state, give the township's opinion, decide or agree to which sanction, and 回避: nobody
    decides an inquiry into themself or the team they lead)."""
    who = v.principal
    found = inquiries.show(ctx.casework.store, who.account_id, ref)
    events = _stream(ctx, inquiries.PREFIX + found.inquiry_id)
    d, me = ctx.directory(), who.account_id
    policy = load_policy(ctx.casework.settings.county_file)
    open_ = found.sanction is None and not who.away
    decide, agree = [], []
    for sanction, zh in SANCTION_ZH.items() if open_ else ():
        rule = policy.decisions.get(sanction)
        if _allowed(rules.may_decide, d, me, found, sanction, policy):
            waiting = rule is not None and rule.agree is not None and sanction.value not in found.agreed
            decide.append((sanction.value, zh + ("（须先经同意）" if waiting else "")))
        if sanction.value not in found.agreed and _allowed(rules.may_agree, d, me, found, sanction, policy):
            agree.append((sanction.value, zh))
    return _common(
        v, inquiry=found, history=events, opened=events[0]["raw"],
        officer=d.person(found.officer_id) if found.officer_id else None,
        township_name=d.townships[found.township].name if found.township in d.townships else found.township,
        may_state=found.sanction is None and not found.stated and _allowed(rules.may_state, d, me, found),
        may_opine=open_ and not found.opinion and _allowed(rules.may_give_opinion, d, me, found),
        decide_options=decide, agree_options=agree, may_decide=bool(decide or agree),
    )  # fmt: skip


def _allowed(rule: Any, *args: Any) -> bool:
    """Whether the domain rule lets the act through (it raises when it does not)."""
    try:
        rule(*args)
    except (NotAuthorised, RuleViolation, NotFound):
        return False
    return True


DUTY_PAGE = 50  # reports per page: a county's supervisors see some 300 members


@router.get("/accountability/duty", response_class=HTMLResponse)
def duty_page(
    request: Request, year: int | None = Query(None, ge=2000, le=2999),
    at: int = Query(1, alias="page", ge=1, le=10_000), v: Visitor = Depends(member),
) -> Response:
    """述职评议: one's own report for the year, and the reports the visitor may grade, a page
    of them at a time (by officer id)."""
    return page(request, "accountability/duty.html", **duty_context(web(request), v, year, at))


def duty_context(ctx: WebContext, v: Visitor, year: int | None, at: int = 1) -> dict[str, Any]:
    who, d = v.principal, ctx.directory()
    year = year or _today().year
    store = ctx.casework.store
    policy = load_policy(ctx.casework.settings.county_file)
    me = d.person(who.account_id)
    code = _own_township(v)
    with reads.read_model(ctx.casework, "oversight") as (conn, tables):
        reported = oversight.duty_reporters(conn, tables, year)
    people = sorted((p for p in d.people.values() if p.on_team and not p.removed
                     and (code is None or p.township == code)
                     and (p.id in reported or p.id == who.account_id)), key=lambda p: p.id)  # fmt: skip
    pages = max(1, -(-len(people) // DUTY_PAGE))
    at = min(at, pages)
    total, people = len(people), people[(at - 1) * DUTY_PAGE : at * DUTY_PAGE]
    listed = {t: evaluators.named(store, t, year)[0] for t in {p.township for p in people if p.township}}
    lines = []
    for p in people:
        result = duty.result(store, p.id, year, policy)
        if result.submitted_on is None and p.id != who.account_id:
            continue
        on_list = {e["id"]: e for e in listed.get(p.township or "", [])}
        reads_it = me is not None and duty.reads_report(me, p, set(on_list))  # 述职报告: to its readers
        lines.append({"person": p, "result": result, "graded": who.account_id in result.votes,
                      "reads": reads_it,
                      "may_grade": p.id != who.account_id and result.submitted_on is not None
                      and who.account_id in on_list,
                      "reps": [e for e in on_list.values() if e["kind"] == "representative"
                               and e["id"] not in result.votes] if who.role == "leader" else []})  # fmt: skip
    mine = duty.result(store, who.account_id, year, policy) if me is not None and me.on_team else None
    team = d.team(who.township) if who.role == "leader" and who.township else []
    if who.role == "leader" and who.township and who.township not in listed:
        listed[who.township] = evaluators.named(store, who.township, year)[0]
    try:  # the report form only while the rule takes one (it was offered in November, then refused)
        rules.check_duty_window(year, _today(), policy)
        window_open = True
    except RuleViolation:
        window_open = False
    return _common(v, year=year, lines=lines, mine=mine, window=(policy.duty_opens, policy.duty_closes),
                   window_open=window_open,
                   page=at, pages=pages, total=total,
                   named=listed.get(who.township or "", []), team=[p for p in team if p.on_team],
                   reps_allowed=policy.duty_representatives)  # fmt: skip


@router.get("/accountability/duty/{year}/{officer}/file")
def duty_file(request: Request, year: int, officer: str, v: Visitor = Depends(member)) -> Response:
    """A duty report's file, to whom may read the report (`duty.may_read`), from its hash."""
    ctx = web(request)
    report = duty.may_read(ctx.casework.store, v.principal.account_id, officer, year)
    if report.file_sha256 is None or report.file_name is None:
        raise NotFound("该述职报告没有文件", "this duty report has no file")
    path = files.path_of(ctx.evidence_dir, report.file_sha256)
    if not path.is_file():
        raise NotFound("述职报告文件不在本机（见备份）", "the report's file is not kept here")
    return FileResponse(path, filename=report.file_name, media_type="application/octet-stream")


@router.get("/accountability/assessment/{year}", response_class=HTMLResponse)
def assessment_page(request: Request, year: int, v: Visitor = Depends(member)) -> Response:
    """年度考核: the issued grades with their inputs (or none yet, and who may issue them)."""
    if v.principal.role not in ("supervisor", "admin", *HEADS):
        raise NotAuthorised("无权查看年度考核", "the assessment is for leaders and supervisors")
    grades = yearly.issued(web(request).casework.store, year)
    code = _own_township(v)
    officers = [o for o in (grades.officers if grades else []) if code is None or o["township"] == code]
    teams = [t for t in (grades.teams if grades else []) if code is None or t["township"] == code]
    commands = web(request).directory().commands
    rewarded = {o["officer_id"] for o in officers if yearly.reward_command(year, o["officer_id"]) in commands}
    return page(request, "accountability/assessment.html", **_common(
        v, year=year, grades=grades, officers=officers, teams=teams, rewarded=rewarded,
        may_reward=v.principal.role == "admin",
        may_issue=v.principal.role in ("supervisor", "admin") and grades is None))  # fmt: skip


@router.get("/accountability/record/{officer}", response_class=HTMLResponse)
def record_page(request: Request, officer: str, v: Visitor = Depends(member)) -> Response:
    """执法责任档案: today's case figures beside findings, inquiries, overturned decisions,
    duty evaluations, grades and personnel entries (an officer sees their own)."""
    return page(request, "accountability/record.html", **record_context(web(request), v, officer))


def record_context(ctx: WebContext, v: Visitor, officer: str) -> dict[str, Any]:
    who = v.principal
    person = ctx.directory().person(officer)
    if who.role == "officer" and officer != who.account_id:
        raise NotAuthorised("只能查看本人的执法责任档案", "an officer sees their own record only")
    if who.role in HEADS and (person is None or person.township != who.township):
        raise NotAuthorised("只能查看本队人员的执法责任档案", "a team's leadership sees its own members")
    if who.role == "admin":
        raise NotAuthorised("无权查看执法责任档案", "administrators do not read records")
    records = queries.accountability(ctx, who, officer, None)
    record = records[0] if records else None
    with reads.read_model(ctx.casework, "oversight") as (conn, tables):
        extra = oversight.officer_records(conn, tables, [officer])[officer]
    policy = load_policy(ctx.casework.settings.county_file)
    return _common(v, officer=officer, person=person, record=record, o=extra,
                   may_restore=_may_restore(ctx, who.account_id, person, policy),
                   may_agree_restore=_may_agree_restore(ctx, who.account_id, person, policy),
                   restore_agree=policy.reinstate_agree)  # fmt: skip


def _may_restore(ctx: WebContext, actor: str, person: Any, policy: Any) -> bool:
    """Whether the visitor may restore this officer posted away (恢复执法岗位), by the county file."""
    if person is None or not person.away:
        return False
    try:
        rules.may_reinstate(ctx.directory(), actor, person, policy)
        rules.check_reinstatement_agreed(person, policy)  # the agreement first, if required
    except (NotAuthorised, RuleViolation):
        return False
    return True


def _may_agree_restore(ctx: WebContext, actor: str, person: Any, policy: Any) -> bool:
    """Whether the visitor gives the agreement the restoration needs first (not yet given)."""
    if person is None or not person.away or policy.reinstate_agree is None:
        return False
    if policy.reinstate_agree.value in person.reinstatement_agreed:
        return False
    try:
        rules.may_agree_reinstatement(ctx.directory(), actor, person, policy)
    except NotAuthorised:
        return False
    return True



@router.get("/accountability/team/{township}", response_class=HTMLResponse)
def team_record_page(request: Request, township: str, v: Visitor = Depends(member)) -> Response:
    """The team's 执法责任档案: its members' records side by side, and the team's totals."""
    return page(request, "accountability/team.html", **team_context(web(request), v, township))


def team_context(ctx: WebContext, v: Visitor, township: str) -> dict[str, Any]:
    who = v.principal
    town = ctx.directory().township(township)
    if not (who.role == "supervisor" or (who.role in HEADS and who.township == town.code)):
        raise NotAuthorised("只能查看本队的执法责任档案", "a team's record is for its leadership and supervisors")
    members = [p.id for p in ctx.directory().people.values() if p.township == town.code]
    records = {r["officer_id"]: r for r in queries.accountability(ctx, who, None, town.code)}
    with reads.read_model(ctx.casework, "oversight") as (conn, tables):
        extra = oversight.officer_records(conn, tables, sorted(members))
    rows = [{"id": pid, "person": ctx.directory().person(pid), "record": records.get(pid), "o": extra[pid]}
            for pid in sorted(members)]  # fmt: skip
    return _common(v, town=town, rows=rows, totals=oversight.team_totals(extra))
