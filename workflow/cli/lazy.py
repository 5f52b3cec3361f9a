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

Entry = tuple[str, str, str]  # (command name, module, one-line help)

_loaded: dict[str, TyperGroup] = {}


def module_commands(module: str) -> TyperGroup:
    """The commands `module.register` adds, as a click group (built once per process)."""
    if module not in _loaded:
        sub = typer.Typer()
        importlib.import_module(module).register(sub)
        _loaded[module] = typer.main.get_group(sub)
    return _loaded[module]


class LazyGroup(TyperGroup):
    """The root group: commands from the table in `app.py`, imported when invoked."""

    entries: tuple[Entry, ...] = ()
    _listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        listed = [name for name, _, _ in self.entries]
        return listed + [n for n in super().list_commands(ctx) if n not in listed]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        entry = next((e for e in self.entries if e[0] == cmd_name), None)
        if entry is None:
            return super().get_command(ctx, cmd_name)
        name, module, help_text = entry
        if self._listing:  # --help: the table's line, nothing imported
            return TyperCommand(name, help=help_text, short_help=help_text)
        return module_commands(module).commands.get(name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False
