"""The CLI fuzz (issue 13 §3): 2,000 command lines on SQLite, a smaller run on PostgreSQL.

Invariants, for every example: no internal error and no traceback; an exit code the CLI
documents; a refused command appends nothing. After the run, every read command answers
and `verify` finds the log intact. CASEWORK_FUZZ_EXAMPLES overrides the count."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.e2e import fuzz
from tests.integration.backends import settle
from tests.integration.case_db import database_url

EXAMPLES = {"sqlite": 2000, "postgres": 300}


@pytest.mark.parametrize("backend", [pytest.param("sqlite"),
                                     pytest.param("postgres", marks=pytest.mark.postgres)])  # fmt: skip
def test_fuzzed_command_lines_never_crash(backend: str, tmp_path: Path) -> None:
    db = database_url(backend, tmp_path)
    fuzz.prepare(db)
    examples = int(os.environ.get("CASEWORK_FUZZ_EXAMPLES") or EXAMPLES[backend])
    seen: dict[int, int] = {}
    with fuzz.shared_casework(db) as cw:

        @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(fuzz.invocation())
        def one(line: tuple[str, list[str]]) -> None:
            user, args = line
            before = cw.store.status().last_position
            result = fuzz.run(db, user, args)
            seen[result.code] = seen.get(result.code, 0) + 1
            assert result.sound(), (args, result)
            if result.code != 0:
                assert cw.store.status().last_position == before, ("a refused command appended", args)

        one()
        settle(cw.store)
        for user, args in fuzz.READS:
            after = fuzz.run(db, user, args)
            assert after.code == 0 and after.sound(), (args, after)
    assert sum(seen.values()) >= examples * 0.9  # Hypothesis ran (nearly) every example
    assert seen.get(0, 0) > 0 and len(seen) >= 3, seen  # it reached accepted and refused paths
