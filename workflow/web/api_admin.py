"""The JSON API of the county's records and the log's integrity: 执法人员/执法事项清单 listings
(`casework officer list`, `catalogue list`), 节假日安排 (`calendar load|show`), 月度封存
(`seal`), 检查点 (`checkpoint`) and 案卷评查导出 (`export`), through the CLI's own functions.

Sealing is for county supervisors, checkpoints for county administrators and supervisors,
as on the CLI (workflow.integrity.operators; the scheduler runs both too: a retry, or a
second caller, records nothing twice); the calendar is loaded by an administrator (the
rule of `calendar load`).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from workflow import clock
from workflow.accounts.service import Principal
from workflow.errors import NotAuthorised, NotFound
from workflow.organisation.types import Kind, Role
from workflow.origin import stamped
from workflow.web import reads
from workflow.web.api import ERRORS, IDEMPOTENCY
from workflow.web.auth import api_principal, bearer, web
from workflow.web.context import WebContext

router = APIRouter(prefix="/api", tags=["county"], responses=ERRORS)
Credentials = HTTPAuthorizationCredentials | None
STRICT = ConfigDict(extra="forbid")
MONTH = "^[0-9]{4}-(0[1-9]|1[0-2])$"


class SealIn(BaseModel):
    model_config = STRICT
    month: str | None = Field(None, pattern=MONTH, description="YYYY-MM (default: last month)")


class CalendarIn(BaseModel):
    model_config = STRICT
    toml: str = Field(..., max_length=100_000,
                      description="the year's arrangement, as the file `calendar load` reads")  # fmt: skip


async def _call(request: Request, credentials: Credentials, write: bool, work: Any) -> Any:
    def run() -> Any:
        return work(web(request), api_principal(request, credentials, write=write))

    return await run_in_threadpool(run)


@router.get("/officers", summary="执法人员 everyone casework knows")
async def officers(request: Request, township: str | None = Query(None, max_length=50),
                   role: Role | None = None,
                   credentials: Credentials = Depends(bearer)) -> list[dict[str, Any]]:  # fmt: skip
    """`casework officer list`: id, name, township, origin, role, certificate validity (a
    township's team sees its own township; supervisors and administrators every one)."""
    from workflow.cli.org import person_row

    def work(ctx: WebContext, who: Principal) -> list[dict[str, Any]]:
        d = ctx.directory()
        code = d.township(township).code if township else None
        if who.role not in ("supervisor", "admin"):
            code = reads.scope(who, code)
        today = clock.local_day(clock.now())
        return [person_row(p, today) for p in d.people.values()
                if (code is None or p.township == code) and (role is None or p.role is role)]  # fmt: skip

    return await _call(request, credentials, False, work)


@router.get("/catalogue", summary="执法事项清单 the items in force")
async def catalogue(request: Request, kind: Kind | None = None, on: date | None = None,
                    credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework catalogue list`: the version in force today (or on a day) and its items."""

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        day = on or clock.local_day(clock.now())
        version = ctx.directory().catalogue_on(day)
        if version is None:
            raise NotFound(f"{day} 没有生效的执法事项清单", f"no catalogue in force on {day}")
        items = [m.to_data() for m in version.items.values() if kind is None or m.kind is kind]
        return {"version": version.version, "effective": str(version.effective), "items": items}

    return await _call(request, credentials, False, work)


@router.get("/calendar/{year}", summary="节假日安排 a year's holidays and make-up workdays")
async def calendar(request: Request, year: int,
                   credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework calendar show`: weekday holidays, weekend workdays, and where they come from."""
    from workflow.cases import holidays

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        if not 2000 <= year <= 2100:
            raise NotFound(f"没有 {year} 年", f"no year {year}")
        holidays.install_from(ctx.casework.store)
        return {**holidays.show(year), "source": holidays.loaded_source(ctx.casework.store, year)}

    return await _call(request, credentials, False, work)


@router.post("/calendar", status_code=201, summary="载入节假日安排 (county administrator)")
async def load_calendar(request: Request, body: CalendarIn, key: str | None = IDEMPOTENCY,
                        credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework calendar load`: the same arrangement twice appends nothing (so a retried
    key does too)."""
    from workflow.cases import holidays

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        if who.role != "admin":
            raise NotAuthorised("载入节假日安排只能由县级系统管理员执行",
                                f"{who.account_id} is not a county administrator")  # fmt: skip
        store = stamped(ctx.casework.store, "api", who.account_id)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "calendar.toml"
            path.write_text(body.toml, encoding="utf-8")
            return holidays.load_file(store, path, who.account_id, who.role, clock.now().isoformat())

    return await _call(request, credentials, True, work)


@router.post("/seals", status_code=201, summary="月度封存 seal a month that has ended")
async def seal(request: Request, body: SealIn, key: str | None = IDEMPOTENCY,
               credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework seal`: the month's Merkle root, recorded once (sealing again returns it);
    a county supervisor only (workflow.integrity.operators)."""
    from workflow.integrity.checkpoints import checkpoint_now, witness_seal
    from workflow.integrity.operators import may_seal
    from workflow.reports.seals import previous_month, seal_month

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        by = may_seal(who.account_id, who.role)
        store, witness = stamped(ctx.casework.store, "api", who.account_id), ctx.casework.settings.witness_file
        today = clock.local_day(clock.now())
        found, sealed = seal_month(store, body.month or previous_month(today), today, by)
        if sealed:
            witness_seal(store, witness, found.month, found.root, found.count)
            checkpoint_now(store, witness, clock.now(), by)
        return {"month": found.month, "root": found.root, "count": found.count,
                "first_position": found.first_position, "last_position": found.last_position,
                "sealed_now": sealed}  # fmt: skip

    return await _call(request, credentials, True, work)


@router.post("/checkpoints", status_code=201, summary="检查点 record a signed checkpoint")
async def checkpoint(request: Request, key: str | None = IDEMPOTENCY,
                     credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework checkpoint`: folds the log into the global chain (nothing, when nothing was
    written since the last one); a county administrator or supervisor."""
    from workflow.integrity.checkpoints import checkpoint_now
    from workflow.integrity.operators import may_checkpoint

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        by = may_checkpoint(who.account_id, who.role)
        store = stamped(ctx.casework.store, "api", who.account_id)
        found = checkpoint_now(store, ctx.casework.settings.witness_file, clock.now(), by)
        return {"recorded": False} if found is None else {"recorded": True, **found.as_dict()}

    return await _call(request, credentials, True, work)


@router.get("/cases/{case}/bundle.zip", summary="案卷评查导出 the review bundle (the case's team or a supervisor)",
            response_class=Response,
            responses={200: {"content": {"application/zip": {}}, "description": "the zip"}})  # fmt: skip
async def export(request: Request, case: str, credentials: Credentials = Depends(bearer)) -> Response:
    """`casework export`: events, hash chain, summary and evidence digests in one zip."""
    from workflow.cases.numbering import parse_case_ref
    from workflow.reports.export import authorise_export, export_case

    def work(ctx: WebContext, who: Principal) -> Response:
        stream_id = parse_case_ref(case, ctx.directory()).stream_id
        authorise_export(ctx.casework.store, ctx.directory(), stream_id, who.account_id)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "bundle.zip"
            result = export_case(ctx.casework.store, stream_id, out, clock.now(), who.account_id)
            body = out.read_bytes()
        return Response(body, media_type="application/zip",
                        headers={"content-disposition": f'attachment; filename="{result.stream_id}.zip"'})  # fmt: skip

    return await _call(request, credentials, False, work)
