"""Commands loaded on first use: `casework --help` lists them without importing them.

`app.py` names each top-level command, the module whose `register(app)` adds it, and its
one-line help. Running a command imports only its module; listing them imports none.
`tests/e2e/test_cli_startup.py` checks that the listed help is the command's own.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

Entry = tuple[str, str, str]  # (command name, module, one-line help; "" = adds to it)

_loaded: dict[tuple[str, ...], TyperGroup] = {}


def module_commands(*modules: str) -> TyperGroup:
    """The commands the modules' `register` add, as a click group (built once per process).

    Several modules when one adds sub-commands to another's group (`execution.py` adds
    to `case`): all are imported before the group is built."""
    if modules not in _loaded:
        sub = typer.Typer()
        for module in modules:
            importlib.import_module(module).register(sub)
        _loaded[modules] = typer.main.get_group(sub)
    return _loaded[modules]


class LazyGroup(TyperGroup):
    """The root group: commands from the table in `app.py`, imported when invoked."""

    entries: tuple[Entry, ...] = ()
    _listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        listed = [name for name, _, help_text in self.entries if help_text]
        return listed + [n for n in super().list_commands(ctx) if n not in listed]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        rows = [e for e in self.entries if e[0] == cmd_name]
        if not rows:
            return super().get_command(ctx, cmd_name)
        if self._listing:  # --help: the table's line, nothing imported
            help_text = next(h for _, _, h in rows if h)
            return TyperCommand(cmd_name, help=help_text, short_help=help_text)
        return module_commands(*(m for _, m, _ in rows)).commands.get(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False
