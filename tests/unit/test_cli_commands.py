"""The command table in `workflow/cli/app.py`: every command listed, each with its own help,
and `casework --help` answers without importing a command module or SQLAlchemy."""

from __future__ import annotations

import ast
import subprocess
import sys

from workflow.cli.app import COMMANDS
from workflow.cli.lazy import module_commands


def test_every_registered_command_is_in_the_table_with_its_own_help() -> None:
    listed = {name: (module, help_text) for name, module, help_text in COMMANDS if help_text}
    assert len(listed) == len([c for c in COMMANDS if c[2]]), "a command is listed twice"
    for module in {m for _, m, h in COMMANDS if h}:
        for name, command in module_commands(module).commands.items():
            assert name in listed, f"{module} registers `{name}` but app.COMMANDS does not list it"
            assert listed[name][0] == module
            own = " ".join((command.help or command.short_help or "").split())
            assert own.startswith(listed[name][1][:24]), (name, own, listed[name][1])
    for name, (module, _) in listed.items():
        assert name in module_commands(module).commands, f"{module} does not register `{name}`"


def test_a_module_that_extends_a_group_adds_its_commands_to_it() -> None:
    # one fresh interpreter per extending module: importing it adds its commands to the
    # group's module-level Typer, so in a process that ran `case` they would be there already
    probe = (
        "import importlib, sys, typer, typer.main\n"
        "name, base, ext = sys.argv[1:]\n"
        "def names(mods):\n"
        "    sub = typer.Typer()\n"
        "    for m in mods:\n"
        "        importlib.import_module(m).register(sub)\n"
        "    return set(typer.main.get_group(sub).commands[name].commands)\n"
        "before = names([base])\n"
        "print(len(names([base, ext]) - before))\n"
    )
    extensions = [(name, module) for name, module, help_text in COMMANDS if not help_text]
    assert extensions, "no module extends a group"
    for name, module in extensions:
        base = next(m for n, m, h in COMMANDS if n == name and h)
        run = subprocess.run([sys.executable, "-c", probe, name, base, module],
                             capture_output=True, text=True, check=True)  # fmt: skip
        assert int(run.stdout.strip()) > 0, f"{module} adds nothing to `{name}`"


def test_help_lists_every_command_without_importing_them() -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from workflow.cli.app import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    main(['--help'])\n"
        "loaded = [m for m in sys.modules if m.startswith(('workflow.cli.', 'sqlalchemy'))]\n"
        "print(out.getvalue()); print('LOADED', sorted(loaded))\n"
    )  # a fresh interpreter: this one has imported everything already
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    help_text, loaded = run.stdout.rsplit("LOADED", 1)
    for name, _, _ in COMMANDS:
        assert f" {name} " in help_text, name
    assert ast.literal_eval(loaded.strip()) == ["workflow.cli.app", "workflow.cli.context", "workflow.cli.lazy"]


def test_every_command_module_is_in_the_table() -> None:
    from pathlib import Path

    cli = Path(__file__).resolve().parents[2] / "workflow" / "cli"
    modules = {f"workflow.cli.{p.stem}" for p in cli.glob("*.py") if "\ndef register(" in p.read_text()}
    registered_by_another = {"workflow.cli.catalogue"}  # org.register adds `catalogue`
    missing = modules - {m for _, m, _ in COMMANDS} - registered_by_another
    assert not missing, f"add these to workflow/cli/app.py COMMANDS: {sorted(missing)}"
