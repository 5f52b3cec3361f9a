"""The JSON API for case commands (`/api/cases…`): one route per command of the domain.

Every write needs a token with the `write` scope; `Idempotency-Key` becomes the
command id (scoped to the account), so a retried request records nothing twice; a
body's `expected_version` older than the case gets 409 with what changed since.
"""

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from events import ConcurrencyError
from workflow import clock
from workflow.accounts.service import Principal
from workflow.cases import acts
from workflow.cases import commands as cmd
from workflow.errors import CaseworkError
from workflow.web.api_models import BODIES, OPEN_BODY, CaseOut, ErrorOut
from workflow.web.auth import api_principal, bearer, web
from workflow.web.context import WebContext

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 422)
}
router = APIRouter(prefix="/api", tags=["cases"], responses=ERRORS)
IDEMPOTENCY = Header(None, alias="Idempotency-Key", max_length=100,
                     description="the command id: a retry with the same key records nothing "
                                 "twice and answers as the first time")  # fmt: skip
IF_MATCH = Header(None, alias="If-Match", max_length=40,
                  description="the case version you saw (as GET /api/cases/{case} gives it, "
                              "or `expected_version` in the body): if the case moved on since, "
                              "409 with its current version and what changed")  # fmt: skip


def if_match(raw: str | None, body_version: int | None) -> int | None:
    """The version the caller saw: `If-Match` (a number, quoted or not) or the body's."""
    if raw is None or not raw.strip():
        return body_version
    value = raw.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise CaseworkError("If-Match 应为案件版本号（整数）", "If-Match: the case version (a number)")
    if body_version is not None and body_version != int(value):
        raise CaseworkError("If-Match 与 expected_version 不一致",
                            "If-Match and expected_version disagree")  # fmt: skip
    return int(value)


def command_id(who: Principal, key: str | None) -> str | None:
    return f"{who.account_id}:{key}" if key else None


def business_time(at: datetime | None) -> datetime | None:
    if at is None:
        return None
    return clock.parse_time(at.isoformat())


def execute(
    ctx: WebContext, who: Principal, command: cmd.Command, expected: int | None, channel: str
) -> dict[str, Any]:
    """Run a command through the case handlers; on a stale version say what changed."""
    service = ctx.cases(channel, who.account_id)
    try:
        return service.execute(command, expected_version=expected).as_dict()
    except ConcurrencyError as exc:
        exc.changes = changes_since(ctx, exc.stream_id, exc.expected or 0)  # type: ignore[attr-defined]
        raise


def changes_since(ctx: WebContext, stream_id: str, version: int) -> list[dict[str, Any]]:
    records = ctx.casework.store.read_stream(stream_id)
    return [
        {"version": r.version, "type": r.type, "actor": r.metadata.get("actor"),
         "recorded_at": clock.show(r.recorded_at)}
        for r in records if r.version > version
    ]  # fmt: skip


def fields_of(body: BaseModel) -> dict[str, Any]:
    """The body's fields as validated (a sanction stays a Sanction, not a dict)."""
    names = type(body).model_fields
    return {k: getattr(body, k) for k in names if k not in ("at", "expected_version")}


@router.post("/cases", response_model=CaseOut, status_code=201, summary="立案/受理 open a case")
async def open_case(
    request: Request,
    body: OPEN_BODY,  # type: ignore[valid-type]
    key: str | None = IDEMPOTENCY,
    credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
) -> dict[str, Any]:
    who = await run_in_threadpool(api_principal, request, credentials, write=True)
    command = cmd.OpenCase(actor=who.account_id, at=business_time(body.at),  # type: ignore[attr-defined]
                           command_id=command_id(who, key), **fields_of(body))  # fmt: skip
    return await run_in_threadpool(execute, web(request), who, command, None, "api")


def _route(name: str, command: type[cmd.CaseCommand], model: type[BaseModel]) -> None:
    async def act(
        request: Request,
        case: str,
        body: model,  # type: ignore[valid-type]
        key: str | None = IDEMPOTENCY,
        version: str | None = IF_MATCH,
        credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
    ) -> dict[str, Any]:
        def work() -> dict[str, Any]:  # one thread hop: the token check and the command
            who = api_principal(request, credentials, write=True)
            built = command(actor=who.account_id, at=business_time(body.at),  # type: ignore[attr-defined]
                            command_id=command_id(who, key), case=case, **fields_of(body))  # fmt: skip
            expected = if_match(version, body.expected_version)  # type: ignore[attr-defined]
            return execute(web(request), who, built, expected, "api")

        return await run_in_threadpool(work)

    act.__name__ = name.replace("-", "_")
    router.post(f"/cases/{{case}}/{name}", response_model=CaseOut,
                summary=f"{command.__name__}", description=command.__doc__ or "")(act)  # fmt: skip


for _name, _command in acts.by_name().items():
    _route(_name, _command, BODIES[_name])
