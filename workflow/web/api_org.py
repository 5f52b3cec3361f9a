"""The JSON API's organisation writes (`/api/officers…`, `/api/catalogue`), the same
commands as `casework officer enlist|certify|remove`, `personnel opinion|action` and
`catalogue load`, through `workflow.organisation.service` (no rule is copied here).

A token with the `write` scope; `Idempotency-Key` becomes the command id; every event
carries the channel `api` and the account.
"""

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from events import AppendResult, ConcurrencyError
from workflow.errors import CaseworkError, NotFound
from workflow.organisation import service as org
from workflow.organisation.events import roster_stream
from workflow.organisation.types import (
    CertificateChange,
    Domain,
    Origin,
    PersonnelAction,
    RemovalReason,
)
from workflow.origin import stamped
from workflow.web.api import ERRORS, IDEMPOTENCY, command_id
from workflow.web.auth import api_principal, bearer, web

router = APIRouter(prefix="/api", tags=["organisation"], responses=ERRORS)
Credentials = HTTPAuthorizationCredentials | None
STRICT = ConfigDict(extra="forbid")
TEXT = 4000
ROSTER_MATCH = Header(None, alias="If-Match", max_length=40,
                      description="the team's roster version you saw: if the roster moved on "
                                  "since, 409 with its current version")  # fmt: skip


class AppendOut(BaseModel):
    """What an organisation command appended (nothing, on a retried key: duplicate)."""

    stream: str
    version: int
    duplicate: bool


class EnlistIn(BaseModel):
    model_config = STRICT
    officer_id: str = Field(..., max_length=64, description="new id, e.g. tc-031")
    name: str = Field(..., max_length=100, description="姓名")
    township: str = Field(..., max_length=50, description="乡镇 code or name")
    origin: Origin
    domain: Domain | None = Field(None, description="the county team of a seconded officer")


class CertifyIn(BaseModel):
    model_config = STRICT
    change: CertificateChange
    number: str | None = Field(None, max_length=100, description="certificate number")
    valid_until: date | None = None
    reason: str = Field("", max_length=TEXT, description="why a certificate is revoked")


class RemoveIn(BaseModel):
    model_config = STRICT
    reason: RemovalReason
    details: str = Field(..., max_length=TEXT, description="what happened")


class OpinionIn(BaseModel):
    model_config = STRICT
    action: PersonnelAction
    opinion: str = Field(..., max_length=TEXT, description="the township's opinion")
    agrees: bool = True


class ActionIn(BaseModel):
    model_config = STRICT
    action: PersonnelAction
    details: str = Field(..., max_length=TEXT, description="情况说明 what was decided and why")


class CatalogueIn(BaseModel):
    model_config = STRICT
    effective: date = Field(..., description="today or later")
    csv: str = Field(..., max_length=2_000_000, description="the catalogue CSV, as a file would hold it")


async def _run(request: Request, credentials: Credentials, key: str | None, fn: Any,
               **fields: Any) -> dict[str, Any]:  # fmt: skip
    """The command as the caller, stamped `api` + account; AppendResult as JSON. With
    `If-Match: <roster version>`, a roster changed since the caller read it is a 409."""
    who = await run_in_threadpool(api_principal, request, credentials, write=True)
    store = stamped(web(request).casework.store, "api", who.account_id)
    if (expected := _if_match(request)) is not None:
        await run_in_threadpool(_check_version, request, expected, command_id(who, key), fields)
    result: AppendResult = await run_in_threadpool(
        lambda: fn(store, who.account_id, command_id=command_id(who, key), **fields)
    )
    return {"stream": result.stream_id, "version": result.version, "duplicate": result.duplicate}


def _if_match(request: Request) -> int | None:
    raw = request.headers.get("if-match", "").strip().strip('"')
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 12:
        raise CaseworkError("If-Match 应为名册版本号（整数）", "If-Match: the roster version")
    return int(raw)


def _check_version(
    request: Request, expected: int, command: str | None, fields: dict[str, Any]
) -> None:
    """409 (with the current version) when the team's roster moved past `expected`; a
    retried command is not stale (it returns its first result)."""
    directory = web(request).directory()
    if (command is not None and command in directory.commands) or not (
        {"township", "officer_id"} & set(fields)
    ):
        return  # a retry; or not a roster command (the catalogue)
    if "township" in fields:  # enlisting: the team named
        code = directory.township(str(fields["township"])).code
    else:
        person = directory.person(fields["officer_id"])
        if person is None or person.township is None:
            raise NotFound(f"队伍中没有 {fields['officer_id']}", "no such officer on a team")
        code = person.township
    stream = roster_stream(code)
    actual = web(request).casework.store.stream_version(stream)
    if actual != expected:
        raise ConcurrencyError(stream, expected, actual)


@router.post("/officers", response_model=AppendOut, status_code=201, summary="入队 enlist")
async def enlist(request: Request, body: EnlistIn, key: str | None = IDEMPOTENCY,
                 credentials: Credentials = Depends(bearer), _v: str | None = ROSTER_MATCH) -> dict[str, Any]:  # fmt: skip
    """Put a person on a township team: an administrator or the team leader."""
    return await _run(request, credentials, key, org.enlist, **body.model_dump())


@router.post("/officers/{officer_id}/certificates", response_model=AppendOut,
             summary="执法资格证 issue, renew or revoke a certificate")  # fmt: skip
async def certify(request: Request, officer_id: str, body: CertifyIn,
                  key: str | None = IDEMPOTENCY, credentials: Credentials = Depends(bearer),
                  _v: str | None = ROSTER_MATCH) -> dict[str, Any]:  # fmt: skip
    """Administrators only."""
    return await _run(request, credentials, key, org.certify, officer_id=officer_id,
                      **body.model_dump())  # fmt: skip


@router.post("/officers/{officer_id}/removal", response_model=AppendOut, summary="清退 remove")
async def remove(request: Request, officer_id: str, body: RemoveIn,
                 key: str | None = IDEMPOTENCY, credentials: Credentials = Depends(bearer),
                  _v: str | None = ROSTER_MATCH) -> dict[str, Any]:  # fmt: skip
    """Take an officer off the team for good: an administrator or the team leader."""
    return await _run(request, credentials, key, org.remove_officer, officer_id=officer_id,
                      **body.model_dump())  # fmt: skip


@router.post("/officers/{officer_id}/personnel-opinions", response_model=AppendOut,
             summary="乡镇意见 the township's opinion on a personnel action")  # fmt: skip
async def opinion(request: Request, officer_id: str, body: OpinionIn,
                  key: str | None = IDEMPOTENCY, credentials: Credentials = Depends(bearer),
                  _v: str | None = ROSTER_MATCH) -> dict[str, Any]:  # fmt: skip
    """The team leader."""
    return await _run(request, credentials, key, org.record_opinion, officer_id=officer_id,
                      **body.model_dump())  # fmt: skip


@router.post("/officers/{officer_id}/personnel-actions", response_model=AppendOut,
             summary="人事 a promotion, transfer or award")  # fmt: skip
async def personnel(request: Request, officer_id: str, body: ActionIn,
                    key: str | None = IDEMPOTENCY, credentials: Credentials = Depends(bearer),
                  _v: str | None = ROSTER_MATCH) -> dict[str, Any]:  # fmt: skip
    """Administrators, with the township's opinion on record."""
    return await _run(request, credentials, key, org.record_personnel_action,
                      officer_id=officer_id, **body.model_dump())  # fmt: skip


@router.post("/catalogue", response_model=AppendOut, status_code=201,
             summary="执法事项清单 publish a catalogue version")  # fmt: skip
async def catalogue(request: Request, body: CatalogueIn, key: str | None = IDEMPOTENCY,
                    credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """Administrators; effective today or later. The CSV is read as `catalogue load` reads a file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalogue.csv"
        path.write_text(body.csv, encoding="utf-8")
        return await _run(request, credentials, key, _load_catalogue, path=path,
                          effective=body.effective)  # fmt: skip


def _load_catalogue(store: Any, actor: str, *, command_id: str | None, path: Path,
                    effective: date) -> AppendResult:  # fmt: skip
    return org.load_catalogue(store, actor, path, effective, command_id=command_id)
