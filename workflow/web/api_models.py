"""Request and response models of the JSON API, generated from the command dataclasses.

Each case command's body is its own fields (not actor, case or command id: the
account, the path and the `Idempotency-Key` header give those) plus an optional
business time `at` and the `expected_version` the caller saw. A command added to the
domain gets its model, route and spec entry without a line here.
"""

from dataclasses import MISSING
from datetime import date, datetime
from typing import Any, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from workflow.cases import acts
from workflow.cases import commands as cmd

TEXT_LIMIT = 4000


class CaseOut(BaseModel):
    """What a command did."""

    case_id: str
    number: str
    state: str
    version: int
    events: list[str]
    duplicate: bool


class ErrorOut(BaseModel):
    """An error: kind, Chinese and English message; a rule refusal adds rule and statute."""

    error: str
    zh: str
    en: str
    rule: str | None = None
    statute: str | None = None
    current_version: int | None = None
    changes: list[dict[str, Any]] | None = None


def _field(tp: Any, default: Any) -> Any:
    limit = Field(default, max_length=TEXT_LIMIT) if tp in (str, str | None) else Field(default)
    return (tp, limit)


def body_model(command: type) -> type[BaseModel]:
    """The JSON body of a command: its own fields, `at` and `expected_version`."""
    hints = get_type_hints(command)
    fields: dict[str, Any] = {}
    for f in acts.fields_of(command):
        default = ... if f.default is MISSING and f.default_factory is MISSING else f.default
        fields[f.name] = _field(hints[f.name], default)
    fields["at"] = (
        datetime | None,
        Field(None, description="business time; naive = Asia/Shanghai"),
    )
    if issubclass(command, cmd.CaseCommand):
        fields["expected_version"] = (
            int | None,
            Field(None, description="the case version you saw"),
        )
    config = ConfigDict(extra="forbid")
    return create_model(f"{command.__name__}Body", __config__=config, **fields)


OPEN_BODY = body_model(cmd.OpenCase)
BODIES = {name: body_model(command) for name, command in acts.by_name().items()}
_unused = date  # violation_date is a date: keep the import visible to readers
