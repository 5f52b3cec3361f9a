"""Credentials before the body (issue 11 §4: unauthenticated -> 401 on every endpoint).

FastAPI reads and validates a request's body before the endpoint runs, so an API call with
no (or no valid) credentials and a body it cannot use would be answered 400, telling a
stranger about the body before asking who they are. When a body is refused on an `/api/`
path, `refused_body_status` first checks the caller's credentials, exactly as the endpoint
would (`api_principal`): without valid ones the answer is 401. The check runs only on that
error path, so a well-formed request pays for its token check once, as before.
"""

from __future__ import annotations

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from workflow.errors import CaseworkError
from workflow.web.auth import api_principal, bearer
from workflow.web.errors import Unauthenticated


async def unauthenticated(request: Request) -> bool:
    """True when the caller has no valid credentials for this method (a write needs a
    token; a read takes a token or a console session). A valid credential whose scope or
    role does not allow the call is not this: the body's own error is answered first."""
    credentials = await bearer(request)
    write = request.method not in ("GET", "HEAD")
    try:
        await run_in_threadpool(api_principal, request, credentials, write=write)
    except Unauthenticated:
        return True
    except CaseworkError:  # forbidden (scope, posted away, removed): authenticated
        return False
    return False
