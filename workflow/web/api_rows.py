"""Response models of the JSON API's case list and deadline board (案件台账、期限看板): one
row per case as the read model has it (`projections.queries_cases`), with 下一步 (`next`)
from the case's events (`workflow.cases.next_steps`), the same shape as `casework cases
--json`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class NextStepOut(BaseModel):
    """下一步: the act the case waits for now, who may do it, and by when."""

    act: str = Field(description="the act, in Chinese (e.g. 作出决定)")
    who: str = Field(description="who may do it: officers by name (编号), a role, or 当事人 — "
                     "never the party's name")  # fmt: skip
    by: str | None = Field(description="YYYY-MM-DD it is due, or null (nothing due, or past "
                           "an unextended 办理期限)")  # fmt: skip


class DeadlineOut(BaseModel):
    """One deadline of the case on today's calendar."""

    name: str = Field(description="decision, hearing_request, fine_payment, licence_issue, …")
    zh: str = Field(description="its Chinese name (办理期限, …)")
    due: str = Field(description="YYYY-MM-DD")
    statute: str
    days_left: int = Field(description="calendar days left; negative once past")
    working_days_left: int
    overdue: bool
    active: bool = Field(description="it still binds the case in its state")
    calendar_estimated: bool = Field(description="working days counted on an estimated calendar")


class CaseRowOut(BaseModel):
    """A case on the list or the board. `state` is the state of the case's events: where the
    read model lags behind them, the row's own state is replaced by the folded one, so
    `state` and `next` never disagree."""

    model_config = ConfigDict(extra="allow")

    case_id: str
    number: str
    township: str
    township_name: str
    kind: str = Field(description="penalty or licensing")
    matter: str = Field(description="the catalogue item: code and name")
    party: str = Field(description="masked (surname only) for a caller who does not need it")
    party_kind: str
    state: str = Field(description="the state code (GLOSSARY)")
    state_zh: str = Field(description="its Chinese label")
    opened_on: str = Field(description="YYYY-MM-DD")
    officers: list[str] = Field(description="the officers' ids")
    amount: float | None
    extensions: int
    outcome: str | None
    verdict: str | None
    warning: str | None = Field(description="违法行为日期不详: the limitation was not checked")
    next_deadline: DeadlineOut | None = Field(description="the nearest binding deadline")
    overdue: bool
    deadlines: list[DeadlineOut]
    next: NextStepOut | None = Field(description="下一步; null once the case is closed")


TOTAL_HEADER: dict[str, Any] = {
    "X-Total-Count": {
        "description": "how many rows the whole list has (`offset` + `limit` pages through it)",
        "schema": {"type": "integer"},
    }
}
