"""The case page (案件页面): state, deadlines, timeline and one form per act open to the
visitor now; the act posts; opening a new case."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from events import ConcurrencyError
from workflow import clock
from workflow.cases import acts
from workflow.cases import commands as cmd
from workflow.cases.words import PAPER_ACTS
from workflow.errors import CaseworkError, NotAuthorised
from workflow.web import evidence, forms, paper, queries, reads
from workflow.web.act_hints import (
    BY_CASE_OFFICERS,
    BY_DECIDER,
    BY_LEADER,
    moot_today,
)
from workflow.web.act_hints import applies as _applies
from workflow.web.api import changes_since
from workflow.web.auth import Visitor, check_csrf, member, web
from workflow.web.context import WebContext
from workflow.web.errors import problem
from workflow.web.render import page

router = APIRouter(include_in_schema=False)
# the redirect after 立案 (this page, a lead's acceptance, an application's 受理) says ?done=open
OPENED = {"open": "立案"}


def case_context(ctx: WebContext, v: Visitor, ref: str, as_of: str | None) -> dict[str, Any]:
    """Everything the case page shows."""
    who = v.principal
    folded, records = queries.load(ctx, who, ref, as_of)
    person = ctx.directory().person(who.account_id)
    open_now = [] if as_of else _at_hearing(queries.visible_acts(ctx, who, folded, person), folded, who)
    staff = ctx.directory().team(folded.township)
    team = [p for p in staff if p.role.value == "officer"]
    today = clock.local_day(clock.now())
    moot = moot_today(folded, today)  # e.g. 处罚决定 past an unextended 办理期限
    # 执法证件 (art. 42): an officer without a valid one is listed but not offered (the
    # dispatch rule refuses them: the leader ticked one and was refused)
    uncertified = {p.id for p in team if not p.certificate_valid_on(today)}
    return {
        "v": v, "ref": ref, "as_of": as_of,
        "case": reads.case_view(who, folded, audit_moment(as_of)),
        "timeline": [{**row, "actor_name": _name(ctx, row.get("actor"))}  # 姓名（编号，角色）
                     for row in reads.history(who, folded.township, records)],
        "acts": [_fit(_act(c), folded) for c in open_now],
        "waiting": [(forms.ACT_ZH.get(acts.act_name(c), acts.act_name(c)), NAMED_BY_RULE.get(c, sorted(roles)))
                    for c, roles in ([] if as_of else acts.possible(folded))
                    if _applies(c, folded) and c not in moot],
        # what the case waits for now, who and by when: the domain's answer (as `case show`)
        "next": None if as_of else _next(ctx, folded),
        "team": team, "uncertified": uncertified, "form_id": uuid.uuid4().hex,
        # the people a form offers: the case's officers (回避), a hearing chair who did not
        # investigate (art. 64), the team's leadership (集体讨论, art. 57)
        "case_officers": [p for p in staff if p.id in folded.officers],
        "chairs": [p for p in staff if p.id not in folded.officers],
        "leadership": [p for p in staff if p.role.value in ("leader", "deputy")],
        "officer_names": "、".join(_named(ctx, o) for o in folded.officers),
        "can_verify": who.role == "supervisor" or reads.sees_personal_data(who, folded.township),
        "paper": {} if as_of else paper.paper_context(ctx, who, ref, folded.township),
    }  # fmt: skip


def _at_hearing(found: list[type], folded: Any, who: Any) -> list[type]:
    """A hint, as `queries.visible_acts` for 法制审核: 举行听证 is recorded by its chair
    only, 当事人未出席 by the chair or the case's officers, both on the hearing's day or
    after (《行政处罚法》第六十四条; the handler refuses anyone else or an earlier day, so the
    form was shown to the leader and the investigators only to be refused)."""
    on = folded.hearing_on
    due = on is not None and clock.local_day(clock.now()) >= on
    chair = who.account_id == folded.hearing_chair
    keep = {cmd.HoldHearing: due and chair,
            cmd.AbandonHearing: due and (chair or who.account_id in folded.officers)}
    return [c for c in found if keep.get(c, True)]


def _next(ctx: WebContext, folded: Any) -> dict[str, Any]:
    from workflow.cases.next_steps import named
    from workflow.cases.waiting import waiting_for

    wait = waiting_for(folded, clock.local_day(clock.now()))
    return named(wait, folded, lambda officer: _named(ctx, officer))  # as the lists (web/steps.py)


def _name(ctx: WebContext, person_id: str | None) -> str:
    """The person's name, or "" for an id the roster does not know (系统, a county account)."""
    person = ctx.directory().person(person_id) if person_id else None
    return person.name if person else ""


def _named(ctx: WebContext, officer_id: str) -> str:
    person = ctx.directory().person(officer_id)
    return f"{person.name}（{officer_id}）" if person else officer_id


# acts whose rule names the person, not the role: the list read 法制审核（副队长/队长/执法人员）
# and 举行听证（…/执法人员）, who are refused unless designated / the chair (arts. 58, 64)
NAMED_BY_RULE: dict[type, list[str]] = {
    cmd.RecordLegalReview: ["本乡镇指定的法制审核人员"], cmd.HoldHearing: ["听证主持人"],
    cmd.ExtendDeadline: ["leader"],  # 延期只能由队长批准 (处罚法 60, 许可法 42)
    **{c: ["本案执法人员"] for c in BY_CASE_OFFICERS},  # rules.check_dispatched
    **{c: ["leader"] for c in BY_LEADER},  # 回避, 集体讨论 (处罚法 43, 57)
    **{c: ["队长或经授权的副队长"] for c in BY_DECIDER},  # rules_review.check_decider
}  # fmt: skip


def audit_moment(as_of: str | None) -> Any:
    from workflow.reports import audit

    return audit.end_of(as_of) if as_of else None


def _act(command: type) -> dict[str, Any]:
    name = acts.act_name(command)
    return {"name": name, "zh": forms.ACT_ZH.get(name, name), "inputs": forms.spec(command),
            "file": forms.takes_file(command), "file_label": forms.file_label(command)}  # fmt: skip


def _fit(act: dict[str, Any], folded: Any) -> dict[str, Any]:
    """结案方式: only the outcomes the case's state closes with (the list offered every
    outcome — 许可证件已送达 on a penalty case — and the rule refused all but one)."""
    if act["name"] != "close":
        return act
    from workflow.cases.rules_decision import closing_outcomes

    fits = closing_outcomes(folded)
    inputs = [{**i, "choices": [c for c in i["choices"] if c[0] in fits]} if i["name"] == "outcome" else i
              for i in act["inputs"]]  # fmt: skip
    return {**act, "inputs": inputs}


@router.get("/cases/new", response_class=HTMLResponse)
def new_case_form(request: Request, v: Visitor = Depends(member)) -> Response:
    return page(request, "case_new.html", **_new_context(web(request), v))


def _new_context(ctx: WebContext, v: Visitor) -> dict[str, Any]:
    if v.principal.role not in ("officer", "leader", "deputy"):
        raise NotAuthorised("只有乡镇执法队成员可以立案", "only team members open cases")
    catalogue = ctx.directory().catalogue_on(clock.local_day(clock.now()))
    # a licensing case opens by 受理 of an application (/applications), never here (the rule
    # refuses it, 《行政许可法》第三十二条): the list holds the penalty matters
    matters = sorted((m for m in catalogue.items.values() if str(getattr(m.kind, "value", m.kind)) == "penalty"),
                     key=lambda m: m.code) if catalogue else []  # fmt: skip
    return {"v": v, "matters": matters, "form_id": uuid.uuid4().hex, "filled": {},
            "inputs": [i for i in forms.spec(cmd.OpenCase) if i["name"] not in ("township", "matter")]}  # fmt: skip


@router.post("/cases/new", response_class=HTMLResponse)
async def open_case(request: Request) -> Response:
    v = await run_in_threadpool(member, request)
    form = await request.form()
    check_csrf(form.get("csrf"), v.session)
    ctx = web(request)
    try:
        values = forms.parse(cmd.OpenCase, form)
        values["township"] = v.principal.township or ""
        command = cmd.OpenCase(actor=v.principal.account_id, command_id=_cid(v, form), **values)
        result = await run_in_threadpool(ctx.cases("web", v.principal.account_id).execute, command)
    except (CaseworkError, ValueError) as exc:
        status, body = problem(exc)
        context = await run_in_threadpool(_new_context, ctx, v)
        # the refused form comes back as it was typed (on a phone, retyping it all is the cost)
        context["filled"] = {k: val for k, val in form.items() if isinstance(val, str) and k not in ("csrf", "form_id")}
        return page(request, "case_new.html", status, error=body, **context)
    return RedirectResponse(f"/cases/{result.case_id}?done=open", status_code=303)


@router.get("/cases/{ref}", response_class=HTMLResponse)
def case_page(request: Request, ref: str, as_of: str | None = None, done: str | None = None,
              v: Visitor = Depends(member)) -> Response:  # fmt: skip
    context = case_context(web(request), v, ref, as_of)
    said = forms.ACT_ZH.get(done or "") or OPENED.get(done or "") or PAPER_ACTS.get(done or "", done)
    return page(request, "case.html", done=said, **context)


@router.post("/cases/{ref}/acts/{act}", response_class=HTMLResponse)
async def do_act(request: Request, ref: str, act: str) -> Response:
    v = await run_in_threadpool(member, request)
    form = await request.form()
    check_csrf(form.get("csrf"), v.session)
    ctx = web(request)
    command = acts.by_name().get(act)
    try:
        if command is None:
            raise CaseworkError(f"没有“{act}”这项操作", f"no act {act!r}")
        values = forms.parse(command, form)
        if forms.takes_file(command) and (kept := await _upload(ctx, form.get("upload"))):
            values.update(forms.upload_fields(command, kept["file_name"], kept["file_sha256"]))
        built = command(actor=v.principal.account_id, command_id=_cid(v, form), case=ref, **values)
        expected = _version(form.get("expected_version"))
        await run_in_threadpool(ctx.cases("web", v.principal.account_id).execute, built,
                                expected_version=expected)  # fmt: skip
    except (CaseworkError, ConcurrencyError, ValueError) as exc:
        typed = {k: [x for x in form.getlist(k) if isinstance(x, str)] for k in form
                 if k not in ("csrf", "form_id", "expected_version")}  # fmt: skip
        return await run_in_threadpool(_refused, request, ctx, v, ref, exc, (act, typed))
    return RedirectResponse(f"/cases/{ref}?done={act}", status_code=303)


def _refused(request: Request, ctx: WebContext, v: Visitor, ref: str, exc: Exception,
             typed: tuple[str, dict[str, list[str]]] | None = None) -> Response:  # fmt: skip
    """The case page with the refusal; the refused form open again as it was typed (on a
    phone, typing a 违法事实 twice is the cost of a refusal otherwise)."""
    status, body = problem(exc)
    if isinstance(exc, ConcurrencyError):
        body["changes"] = changes_since(ctx, exc.stream_id, exc.expected or 0)
    context = case_context(ctx, v, ref, None)
    if typed:
        context["refused_act"], context["typed"] = typed
    return page(request, "case.html", status, error=body, **context)


async def _upload(ctx: WebContext, upload: Any) -> dict[str, Any]:
    if not isinstance(upload, UploadFile) or not upload.filename:
        return {}
    name, digest = await run_in_threadpool(evidence.keep, ctx.evidence_dir, upload.filename,
                                           evidence.upload_chunks(upload.file),
                                           evidence.most(ctx.casework.settings))  # fmt: skip
    return {"file_name": name, "file_sha256": digest}


def _cid(v: Visitor, form: Any) -> str | None:
    """The form's one-time id: submitting the same form twice records nothing twice."""
    raw = form.get("form_id")
    return (
        f"{v.principal.account_id}:{raw}" if isinstance(raw, str) and 0 < len(raw) <= 64 else None
    )


def _version(raw: Any) -> int | None:
    try:
        return int(raw) if isinstance(raw, str) and raw else None
    except ValueError:
        raise CaseworkError("表单版本号有误", "bad expected_version") from None
