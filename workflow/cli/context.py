"""What every command module shares: the per-invocation `CliState` and how results print.

Command modules import this (never `app.py`, which imports them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer

from workflow.errors import WHO_CAN_ACT_EN, WHO_CAN_ACT_ZH, UsageError
from workflow.settings import Settings

if TYPE_CHECKING:
    from workflow.bootstrap import Casework


@dataclass
class CliState:
    """Per-invocation state: settings, acting user, output mode, the lazily opened app."""

    settings: Settings
    json: bool = False
    command: str | None = None  # the sub-command invoked (for the database checks)
    _casework: Casework | None = field(default=None, repr=False)

    @property
    def user(self) -> str | None:
        return self.settings.user

    def casework(self) -> Casework:
        if self._casework is None:
            from workflow.bootstrap import bootstrap  # the store and read models, on first use
            from workflow.cli import opening

            opening.check_before_open(self.settings.database_url, self.command)
            casework = bootstrap(self.settings)
            opening.check_opened(casework.store, self.settings.database_url, self.command)
            self._casework = casework
        return self._casework

    def close(self) -> None:
        """Send pending notifications and release the database (at the end of a command)."""
        if self._casework is not None:
            self._casework.close()
            self._casework = None

    def require_user(self) -> str:
        if not self.settings.user:
            raise UsageError(
                f"请用 --as 编号 指定操作人员；{WHO_CAN_ACT_ZH}",
                f"say who acts with --as ID (or CASEWORK_USER); {WHO_CAN_ACT_EN}",
            )
        return self.settings.user

    def emit(self, result: dict[str, Any], human: Any = None) -> None:
        """Print one result: a JSON object with --json, else the human rendering."""
        if self.json:
            print(json.dumps(result, ensure_ascii=False, default=str))
            return
        from rich.console import Console

        # data is never markup: a name like "[/]" is printed as typed (issue 13 §3)
        console = Console(markup=False)
        if human is None:
            for key, value in result.items():
                console.print(f"{key}: {value}", highlight=False)
        else:
            console.print(human, highlight=False)


def state(ctx: typer.Context) -> CliState:
    """The CliState of this invocation (set by the root callback)."""
    root = ctx.find_root()
    assert isinstance(root.obj, CliState)
    return root.obj


def emit_plain(st: CliState, result: dict[str, Any], human: str) -> None:
    """One JSON object with --json, else plain text (no rich markup: brackets are data)."""
    if st.json:
        st.emit(result)
    else:
        print(human)
