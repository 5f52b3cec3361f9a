"""Every CLI command fuzzed (issue 13 §3), the list generated from the Typer app itself.

`fuzz.every_command` draws one of the hand-written templates (deep into the case rules) or
any leaf command of `casework`, its arguments and options filled from its own parameters:
choices, numbers, days, references, people, free text with markup, NUL and control
characters, and paths into a sandbox directory (county files and catalogues that load,
garbage, a FIFO, /dev/zero, directories, absent files) — outputs never outside it. The
log is signed and witnessed, as in production. Only `fuzz.EXCLUDED` is not run, each with
its reason. Invariants, per example: no internal error or traceback; an exit code the CLI
documents (0, 2, 3, 4, 5); a refusal is one line on stderr and appends nothing. After the
run: every read command answers and `verify --witness` finds the log intact and matching.
CASEWORK_FUZZ_EXAMPLES overrides the count."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e import fuzz
from tests.integration.backends import settle
from tests.integration.case_db import database_url

EXAMPLES = {"sqlite": 2500, "postgres": 300}


def test_the_command_list_is_the_apps_and_exclusions_are_real() -> None:
    paths = {p for p, _ in fuzz.leaves()}
    for known in [("account", "create"), ("keys", "rotate"), ("backup",), ("restore",),
                  ("export",), ("catalogue", "load"), ("calendar", "load"), ("publish",),
                  ("case", "application", "accept"), ("document", "receipt"), ("db", "init"),
                  ("inquiry", "reinstate"), ("duty", "evaluate"), ("case", "on-the-spot")]:  # fmt: skip
        assert known in paths, known
    assert len(paths) >= 100, len(paths)
    assert set(fuzz.EXCLUDED) <= paths, "an exclusion names no command"
    assert all(reason.strip() for reason in fuzz.EXCLUDED.values())
    for (path, name), _ in fuzz.PINNED.items():
        command = dict(fuzz.leaves())[path]
        assert name in {p.name for p in command.params}, (path, name)


@pytest.mark.parametrize("backend", [pytest.param("sqlite"),
                                     pytest.param("postgres", marks=pytest.mark.postgres),
                                     pytest.param("service", marks=pytest.mark.postgres)])  # fmt: skip
def test_every_command_fuzzed_never_crashes(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """"service": PostgreSQL as the least-privilege service role (SELECT and INSERT on the
    log, no more), the schema made by the owner role: every command works with it."""
    if backend == "service":
        from tests import pg

        with pg.least_privilege() as roles:
            db = roles.url(roles.service)
            granted = fuzz.run(db, None, ["db", "init", "--owner-url", roles.url(roles.owner)])
            assert granted.code == 0, granted
            fuzz_every_command(db, EXAMPLES["postgres"], tmp_path, monkeypatch)
        return
    db = database_url(backend, tmp_path)
    fuzz_every_command(db, EXAMPLES[backend], tmp_path, monkeypatch)


def fuzz_every_command(db: str, default: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "sandbox"
    root.mkdir()
    sandbox = fuzz.make_sandbox(str(root), db)
    monkeypatch.chdir(root)  # relative output paths land in the sandbox
    examples = int(os.environ.get("CASEWORK_FUZZ_EXAMPLES") or default)
    codes: dict[int, int] = {}
    commands: set[tuple[str, ...]] = set()
    leaves = {p for p, _ in fuzz.leaves()}
    with fuzz.sandboxed(fuzz.sandbox_env(sandbox)):
        fuzz.prepare(db)
        with fuzz.shared_casework(db) as cw:

            def check(line: tuple[str, list[str]]) -> None:
                user, args = line
                before = cw.store.status().last_position
                result = fuzz.run(db, user, args)
                codes[result.code] = codes.get(result.code, 0) + 1
                words = fuzz.command_words(args)
                commands.update(p for p in leaves if tuple(words[: len(p)]) == p)
                assert result.sound(), (args, result)
                if result.code != 0:
                    assert fuzz.one_clear_line(result, args), (args, result)
                    after = cw.store.status().last_position
                    assert after == before, ("a refused command appended", args, result)

            def fuzzed(strategy: st.SearchStrategy[tuple[str, list[str]]], count: int) -> None:
                @settings(max_examples=count, deadline=None, derandomize=True, database=None,
                          suppress_health_check=list(HealthCheck))  # fmt: skip
                @given(strategy)
                def one(line: tuple[str, list[str]]) -> None:
                    check(line)

                one()

            fuzzed(fuzz.every_command(sandbox), examples)
            if examples >= 2000:  # a leaf the derandomised draw never reached gets its own run
                by_path = dict(fuzz.leaves())
                for path in sorted(leaves - commands - set(fuzz.EXCLUDED)):
                    fuzzed(fuzz.leaf_invocation(path, by_path[path], sandbox), 25)
            settle(cw.store)
            finals = [*fuzz.READS, ("ad-001", ["checkpoint"]),
                      ("sv-001", ["verify", "--witness", str(root / "witness.jsonl")])]  # fmt: skip
            for user, args in finals:
                after = fuzz.run(db, user, args)
                assert after.code == 0 and after.sound(), (args, after)
    assert sum(codes.values()) >= examples * 0.9, codes
    assert codes.get(0, 0) > 0 and len(codes) >= 3, codes
    if examples >= 2000:  # the full run reaches every command but the excluded
        missed = leaves - commands - set(fuzz.EXCLUDED)
        assert not missed, sorted(missed)


def test_sandbox_outputs_stay_inside(tmp_path: Path) -> None:
    sandbox = fuzz.Sandbox(str(tmp_path), "sqlite://")

    @settings(max_examples=300, derandomize=True, database=None)
    @given(st.one_of(sandbox.strategy("output"), sandbox.strategy("unwritable")))
    def inside(path: str) -> None:
        if path in ("", "\x00", "/dev/null"):
            return
        full = Path(tmp_path, path) if not path.startswith("/") else Path(path)
        assert str(full).startswith(str(tmp_path)), path

    inside()
