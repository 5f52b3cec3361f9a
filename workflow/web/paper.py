"""The paper side of a case in the console (文书、送达、缴款、公示), over the same services as
`casework document issue`, `case serve`, `case pay` and `case publish`: no rule is copied
here. What a visitor may do is asked of those services (their `authorise`, `check_issuable`,
the execution state); appends carry the channel `web` and the account (`workflow.origin`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from workflow import clock
from workflow.accounts.service import Principal
from workflow.cases.words import PAPER_ACTS
from workflow.documents import rules as doc_rules
from workflow.documents.kinds import DocumentKind, parse_kind
from workflow.documents.service import DocumentService
from workflow.errors import CaseworkError, NotAuthorised
from workflow.execution.events import Method
from workflow.execution.service import ExecutionService, Loaded
from workflow.execution.view import execution_view
from workflow.origin import stamped
from workflow.procedure import procedure
from workflow.publicity.service import Publication, PublicityService
from workflow.reports.export import may_export
from workflow.web import paper_open, reads
from workflow.web.context import WebContext


@dataclass(frozen=True)
class Services:
    documents: DocumentService
    execution: ExecutionService
    publicity: PublicityService


def services(
    ctx: WebContext, who: Principal, channel: str = "web", command: str | None = None
) -> Services:
    store = stamped(ctx.casework.store, channel, who.account_id, command)
    return Services(DocumentService(store, ctx.directory), ExecutionService(store, ctx.directory),
                    PublicityService(store, ctx.directory))  # fmt: skip


def may_read_papers(who: Principal, township: str) -> bool:
    """Documents name the party in full: the township's team and the county supervisors."""
    return who.role == "supervisor" or reads.sees_personal_data(who, township)


def _may_act(ctx: WebContext, who: Principal, x: Loaded) -> bool:
    person = ctx.directory().person(who.account_id)
    try:
        doc_rules.authorise(person, who.account_id, x.records[0].data["township"], x.records)
    except NotAuthorised:
        return False
    return True


def _issuable(x: Loaded) -> list[tuple[str, str]]:
    kinds = []
    for kind in DocumentKind:
        try:
            doc_rules.check_issuable(kind, x.records, x.documents)
        except CaseworkError:
            continue
        kinds.append((kind.value, kind.spec.title))
    return kinds


def publication(s: Services, x: Loaded) -> Publication | None:
    township = x.records[0].data["township"]
    return next((p for p in s.publicity.publications(township)
                 if p.published.case_id == x.case_id), None)  # fmt: skip


def paper_context(ctx: WebContext, who: Principal, ref: str, township: str) -> dict[str, Any]:
    """The case's documents, service and payments, and the paper acts open to the visitor."""
    if not may_read_papers(who, township):
        return {}
    s = services(ctx, who)
    x = s.execution.load(ref)
    view = execution_view(x, clock.local_day(clock.now()))
    titles = {d.event.number: DocumentKind(d.event.kind).spec.title for d in x.documents}
    for d in view["documents"]:
        d["title"] = titles.get(d["number"], d["kind"])
        served = x.execution.served.get(d["number"])
        d["proof"] = getattr(served, "proof_sha256", "") if served else ""
    published = publication(s, x)
    state = execution_state(s, x)
    acts: dict[str, Any] = {}
    if _may_act(ctx, who, x):
        acts = {**_open_acts(x, view, published), **paper_open.execution_acts(who.role, x, view)}
    return {"view": view, "acts": acts, "words": PAPER_ACTS, "methods": Method.ALL,
            "published": published, "state": state,
            "may_export": may_export(ctx.directory(), who.account_id, township)}  # fmt: skip


REMEDY_ZH = {"review": "行政复议", "suit": "行政诉讼"}


def execution_state(s: Services, x: Loaded) -> dict[str, Any]:
    """What was done after the decision, as state to read (not forms): the consent to
    e-service and its signed confirmation, the approved payment plan, the court application
    and its result, each performed sanction with its proof, each 复议/诉讼 and its outcome.
    A proof's name is the uploaded file's own name (shown escaped; the link is its SHA-256)."""
    e = x.execution
    consent = None
    if e.consent:
        found = [r.data for r in s.execution.store.read_stream(x.stream_id)
                 if r.type == "ElectronicServiceConsented"]  # fmt: skip
        if found:
            consent = {"channel": found[-1].get("channel", ""), "proof": found[-1].get("proof_sha256", ""),
                       "proof_name": found[-1].get("proof_name") or "确认书"}  # fmt: skip
    court = None
    if e.court is not None:
        court = {"court": e.court.court, "applied_on": e.court.applied_on, "amount": e.court.amount,
                 "result": None}  # fmt: skip
        if e.court_result is not None:
            court["result"] = {"enforced": "已强制执行", "ended": "终结执行"}.get(
                e.court_result.result, e.court_result.result)
            court["concluded_on"] = e.court_result.concluded_on
            court["amount_enforced"] = e.court_result.amount
    performed = [{"sanction": p.sanction, "on": p.performed_on, "proof": p.proof_sha256,
                  "proof_name": p.proof_name or "执行凭证", "note": p.note}
                 for p in e.performed.values()]  # fmt: skip
    remedies = [{**r, "zh": REMEDY_ZH.get(str(r["remedy"]), r["remedy"])} for r in e.remedies]
    plan = [{"due": d.isoformat(), "amount": a} for d, a in (e.instalments or [])]
    return {"consent": consent, "plan": plan, "court": court, "performed": performed,
            "remedies": remedies, "spot_filed": e.spot_filed}


def _open_acts(x: Loaded, view: dict[str, Any], published: Publication | None) -> dict[str, Any]:
    acts: dict[str, Any] = {}
    if kinds := _issuable(x):
        acts["issue"] = kinds
    unserved = [d["number"] for d in view["documents"] if not d["served_on"]]
    if unserved:
        acts["serve"] = unserved
    if view.get("fine") and view.get("owed", 0) > 0:
        acts["pay"] = view["owed"]
    public = procedure().publish_kinds  # the kinds the county file publishes
    if published is None and x.facts.get("decision") and any(d.event.kind in public for d in x.documents):
        acts["publish"] = True
    if published is not None and published.withdrawn is None:
        acts["withdraw-publication"] = True
    return acts


def text(form: Any, name: str, limit: int = 200) -> str:
    raw = form.get(name)
    return raw.strip()[:limit] if isinstance(raw, str) else ""


def day(form: Any, name: str) -> date | None:
    raw = text(form, name, 10)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CaseworkError("日期格式应为 YYYY-MM-DD", f"{name}: not a date (YYYY-MM-DD)") from None


def amount(form: Any) -> float:
    try:
        return float(text(form, "amount", 20))
    except ValueError:
        raise CaseworkError("“金额（元）”的格式不正确", "amount: not a number") from None


def issue(s: Services, who: str, ref: str, form: Any, cid: str | None) -> None:
    try:
        kind = parse_kind(text(form, "kind"))
    except ValueError as exc:
        raise CaseworkError("不认识的文书种类", str(exc)) from None
    issue_kind(s, who, ref, kind, cid)


def issue_kind(s: Services, who: str, ref: str, kind: DocumentKind, cid: str | None) -> Any:
    """签发文书 as the CLI does: the 催告书 and the 结案报告 state what the execution stream
    knows (what is owed, how the decision was executed), so the execution service issues
    them; every other kind the document service. Returns what was issued."""
    if kind is DocumentKind.DEMAND:
        from workflow.execution.demand import issue_demand

        return issue_demand(s.execution, ref, who, command_id=cid)[0]
    if kind is DocumentKind.CLOSING:
        from workflow.execution.closing import issue_closing

        return issue_closing(s.execution, ref, who, command_id=cid)[0]
    return s.documents.issue(ref, kind, who, command_id=cid)[0]


def serve(s: Services, who: str, ref: str, form: Any, cid: str | None, proof: str,
          proof_name: str = "") -> None:  # fmt: skip
    document, method = text(form, "document"), text(form, "method")
    failed = text(form, "failed", 500)
    if failed:
        s.execution.service_failed(ref, document, method, day(form, "on"), failed, who)
        return
    witnesses = [w.strip() for w in text(form, "witnesses", 500).splitlines() if w.strip()]
    s.execution.serve(ref, document, method, day(form, "on"), who, witnesses=witnesses,
                      tracking=text(form, "tracking"), proof_sha256=proof,
                      published_on=day(form, "published_on"), command_id=cid,
                      proof_name=proof_name)  # fmt: skip
