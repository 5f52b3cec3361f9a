"""Commands loaded on first use: `casework --help` lists them without importing them.

`app.py` names each top-level command, the module whose `register(app)` adds it, and its
one-line help. Running a command imports only its module; listing them imports none.
Inside a group (`case` has ~50 commands), a command is turned from its Typer definition
into a click command only when it is looked up: `case show` builds `show`, not the rest.
`tests/unit/test_cli_commands.py` checks that the listed help is the command's own.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup
from typer.models import TyperInfo

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
        _loaded[modules] = deferred_group(TyperInfo(sub), sub)
    return _loaded[modules]


def deferred_group(info: TyperInfo, root: typer.Typer) -> TyperGroup:
    """`typer.main.get_group_from_info`, but each command and sub-group is converted when
    first looked up (a click group's `commands` may be any mutable mapping)."""
    instance = info.typer_instance
    assert instance is not None
    commands, groups = instance.registered_commands, instance.registered_groups
    instance.registered_commands, instance.registered_groups = [], []
    try:  # the group itself (callback, help, settings) as typer builds it
        group = typer.main.get_group_from_info(
            info, pretty_exceptions_short=root.pretty_exceptions_short,
            rich_markup_mode=root.rich_markup_mode, suggest_commands=root.suggest_commands,
        )  # fmt: skip
    finally:
        instance.registered_commands, instance.registered_groups = commands, groups
    pending: dict[str, Callable[[], Any]] = {}
    for command in commands:
        assert command.callback is not None
        name = command.name or typer.main.get_command_name(command.callback.__name__)
        pending[name] = functools.partial(
            typer.main.get_command_from_info, command,
            pretty_exceptions_short=root.pretty_exceptions_short,
            rich_markup_mode=root.rich_markup_mode,
        )  # fmt: skip
    for sub in groups:
        if not isinstance(sub.name, str):  # merged into this group by typer: build it now
            return typer.main.get_group_from_info(
                info, pretty_exceptions_short=root.pretty_exceptions_short,
                rich_markup_mode=root.rich_markup_mode, suggest_commands=root.suggest_commands,
            )  # fmt: skip
        pending[sub.name] = functools.partial(deferred_group, sub, root)
    group.commands = Deferred(pending)
    return group


class Deferred(MutableMapping[str, Any]):
    """A group's commands by name, in the order they were registered, each made once on
    first lookup."""

    def __init__(self, pending: dict[str, Callable[[], Any]]) -> None:
        self._pending = pending
        self._made: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._made:
            self._made[name] = self._pending[name]()  # KeyError: no such command
        return self._made[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._pending[name] = lambda: command
        self._made[name] = command

    def __delitem__(self, name: str) -> None:
        del self._pending[name]
        self._made.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._pending)

    def __len__(self) -> int:
        return len(self._pending)


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
