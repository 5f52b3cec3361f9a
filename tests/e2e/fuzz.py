"""The CLI fuzz (issue 13 §3): Hypothesis strategies over every command's arguments, run
in-process against one bootstrapped store per run.

Each `casework` invocation normally bootstraps (open the store, check the schema, load
the read models) and parses the county file's procedure: ~0.1 s, which made 2,000
examples cost minutes. `shared_casework` builds the `Casework` once and hands the same
one to every invocation of the block (`close()` only flushes), and parses the procedure
once, so an example costs what its command's own work costs.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, replace
from typing import Any

from hypothesis import strategies as st

from tests.e2e.inproc import environment
from workflow import bootstrap as composition
from workflow.cases import config
from workflow.cli.app import main

NOW = "2026-06-01T09:00"
KNOWN_EXITS = {0, 2, 3, 4, 5}  # 1 is the environment only: never from what was typed
CASE = "taicheng-P-2026-1"  # opened and dispatched by `prepare`


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    def sound(self) -> bool:
        """No internal error, no traceback, an exit code the CLI documents."""
        return (self.code in KNOWN_EXITS and "internal error" not in self.err
                and "Traceback" not in self.err)  # fmt: skip


@contextmanager
def shared_casework(db: str) -> Iterator[composition.Casework]:
    """One Casework for every in-process command of the block, whatever user acts."""
    from workflow.settings import from_env

    with environment({"CASEWORK_DATABASE_URL": db, "CASEWORK_REDIS_URL": None}):
        shared = composition.bootstrap(from_env())
    original_bootstrap = composition.bootstrap
    original_close = composition.Casework.close

    def reuse(settings: Any, **_: Any) -> composition.Casework:
        shared.settings = replace(settings, database_url=db)
        return shared

    def close(self: composition.Casework) -> None:
        if self is shared:
            self.flush()
        else:
            original_close(self)

    original_procedure = config.load_procedure
    composition.bootstrap = reuse  # type: ignore[assignment]
    composition.Casework.close = close  # type: ignore[method-assign]
    config.load_procedure = functools.lru_cache(maxsize=4)(original_procedure)  # type: ignore[assignment]
    try:
        yield shared
    finally:
        composition.bootstrap = original_bootstrap  # type: ignore[assignment]
        composition.Casework.close = original_close  # type: ignore[method-assign]
        config.load_procedure = original_procedure  # type: ignore[assignment]
        original_close(shared)


def run(db: str, user: str | None, args: list[str]) -> Outcome:
    """`casework ARGS` as `user` in this process; never raises on exit."""
    out, err = io.StringIO(), io.StringIO()
    env = {"CASEWORK_DATABASE_URL": db, "CASEWORK_USER": user or None, "CASEWORK_REDIS_URL": None,
           "CASEWORK_NOW": NOW}  # fmt: skip
    code = 0
    with environment(env), redirect_stdout(out), redirect_stderr(err):
        try:
            main(args)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
    return Outcome(code, out.getvalue(), err.getvalue())


def prepare(db: str) -> None:
    """A county with one case opened and dispatched, so case commands reach their rules."""
    steps = [
        (None, ["init"]),
        ("tc-004", ["case", "open", "--township", "台城镇", "--matter", "SC-CF-001", "--party",
                    "张三", "--summary", "无照经营", "--violation-date", "2026-05-20"]),
        ("tc-001", ["case", "dispatch", CASE, "--officers", "tc-004,tc-005"]),
    ]  # fmt: skip
    from events import open_store
    from tests.integration.backends import settle

    store = open_store(db)
    try:
        for user, args in steps:
            done = run(db, user, args)
            assert done.code == 0, (args, done.err)
            settle(store)  # a write elsewhere on a shared PostgreSQL server holds readers back
    finally:
        store.close()


TEXT = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from("[]/\\\x00\x1b\n\t\r<>&'\"%;$*_`#|~{}\u202e\ufeff"), max_size=12),
    st.sampled_from([
        "[/]", "[bold]x", "[link=http://e]y[/link]", "../../etc/passwd", "/dev/zero", "/tmp",
        "'; DROP TABLE events; --", "<script>alert(1)</script>", "9999-12-31", "0000-00-00",
        "2026-02-30", "-1", "0", "nan", "inf", "1e309", "-0", "99999999999999999999", "長" * 5000,
        "x" * 301, "", " ", CASE, "台城镇", "taicheng", "tc-004", "sv-001", "SC-CF-001", "罚款:5000",
        "--help", "-", "\x00", "2026-06-01T09:00", "T", "%s%s%n", "{0}", "$(id)", "🙂" * 50,
    ]),
)  # fmt: skip
NUMBER = st.one_of(st.integers(-10, 10**7).map(str), st.floats(allow_nan=True).map(str), TEXT)
DAY = st.one_of(st.dates().map(str), st.sampled_from(["2026-06-01", "2026-06-10", "2026-05-20"]), TEXT)
CASE_ID = st.one_of(st.just(CASE), st.just("台城镇综执罚〔2026〕1号"), TEXT)
FIELDS = {"{}": TEXT, "{n}": NUMBER, "{d}": DAY, "{c}": CASE_ID}


def field(placeholder: str) -> st.SearchStrategy[str]:
    """The strategy of a placeholder; "{a|b}" is one of a, b (sometimes garbage)."""
    if placeholder in FIELDS:
        return FIELDS[placeholder]
    if placeholder.startswith("{") and "|" in placeholder:
        return st.one_of(st.sampled_from(placeholder[1:-1].split("|")), TEXT)
    return st.just(placeholder)
# (who acts, argv with a placeholder per fuzzed value): every command people type, reads
# and writes; "{}" text, "{n}" a number, "{d}" a day, "{c}" a case (each sometimes garbage)
COMMANDS: list[tuple[str, list[str]]] = [
    ("tc-004", ["case", "open", "--township", "{}", "--matter", "{}", "--party", "{}", "--summary", "{}"]),
    ("tc-004", ["case", "open", "--township", "台城镇", "--matter", "SC-CF-001", "--party", "{}",
                "--summary", "{}", "--violation-date", "{d}", "--id-number", "{}", "--address", "{}"]),
    ("tc-004", ["case", "open", "--township", "{台城镇|taicheng|耿镇镇}", "--matter", "{SC-CF-001|SC-CF-003}",
                "--party", "{}", "--summary", "{}", "--party-type", "{个人|单位}"]),
    ("tc-001", ["case", "dispatch", "{c}", "--officers", "{}"]),
    ("tc-004", ["case", "evidence", "{c}", "--kind", "{}", "--text", "{}", "--file", "{}"]),
    ("tc-005", ["case", "evidence", "{c}", "--kind", "{}", "--text", "{}", "--at", "{}"]),
    ("tc-004", ["case", "notify", "{c}", "--amount", "{n}", "--basis", "{}", "--facts", "{}"]),
    ("tc-004", ["case", "notify", "{c}", "--sanction", "{罚款:5000|警告|罚款:x|没收违法所得:-1}", "--basis", "{}", "--circumstance", "{}"]),
    ("tc-002", ["case", "decide", "{c}", "--amount", "{n}", "--basis", "{}", "--reason", "{}"]),
    ("tc-004", ["case", "close", "{c}", "--outcome", "{executed|no_penalty|withdrawn|dropped}", "--reason", "{}"]),
    ("sv-001", ["case", "review", "{c}", "--verdict", "{qualified|defective|erroneous}", "--findings", "{}"]),
    ("tc-001", ["case", "extend", "{c}", "--days", "{n}", "--reason", "{}"]),
    ("tc-004", ["case", "hearing", "{c}", "{request|schedule|held|no-show|waive}", "--on", "{d}", "--place", "{}", "--chair", "{}"]),
    ("tc-004", ["case", "pay", "{c}", "--amount", "{n}", "--receipt", "{}", "--on", "{d}"]),
    ("tc-004", ["document", "issue", "{c}", "--kind", "{decision|notice|filing|行政处罚决定书}"]),
    ("sv-001", ["case", "show", "{c}"]),
    ("sv-001", ["case", "history", "{c}"]),
    ("tc-001", ["officer", "enlist", "{}", "--name", "{}", "--township", "{}", "--origin", "{township_staff|seconded|leader|deputy|county}"]),
    ("tc-001", ["officer", "enlist", "{}", "--name", "{}", "--township", "台城镇",
                "--origin", "township_staff"]),
    ("tc-001", ["officer", "certify", "{}", "{issue|renew|revoke}", "--number", "{}", "--valid-until", "{d}"]),
    ("tc-001", ["officer", "remove", "{}", "--reason", "{不担当|不作为|乱作为|other}", "--details", "{}"]),
    ("sv-001", ["officer", "list", "--township", "{}"]),
    ("tc-001", ["personnel", "opinion", "{}", "--action", "{promotion|transfer|award}", "--opinion", "{}"]),
    ("sv-001", ["roster", "{}", "--as-of", "{d}"]),
    ("sv-001", ["accountability", "{}", "--township", "{}"]),
    ("sv-001", ["cases", "--township", "{}"]),
    ("sv-001", ["deadlines", "--township", "{}"]),
    ("sv-001", ["history", "--actor", "{}", "--from", "{d}", "--to", "{d}"]),
    ("sv-001", ["circular", "{}", "--format", "md"]),
    ("sv-001", ["inspection", "plan", "--township", "{}", "--date", "{d}", "--scope", "{case_files|on_site|equipment|roster}"]),
    ("sv-001", ["inquiry", "open", "--ground", "{不担当|乱作为|repeated_overdue|finding}", "--details", "{}", "--officer", "{}"]),
    ("tc-004", ["duty", "report", "--year", "{n}", "--text", "{}"]),
    ("sv-001", ["catalogue", "list", "--kind", "{penalty|licensing}", "--on", "{d}"]),
    ("sv-001", ["{}", "{}"]),
    ("{}", ["case", "open", "--township", "台城镇", "--matter", "SC-CF-001", "--party", "{}",
            "--summary", "s", "--command-id", "{}"]),
]  # fmt: skip
READS: list[tuple[str, list[str]]] = [
    ("sv-001", ["officer", "list", "--township", "台城镇"]), ("sv-001", ["roster", "台城镇"]),
    ("sv-001", ["accountability"]), ("sv-001", ["cases"]), ("sv-001", ["deadlines"]),
    ("sv-001", ["case", "show", CASE]), ("sv-001", ["case", "history", CASE]),
    ("sv-001", ["status"]), ("sv-001", ["verify"]),
]  # fmt: skip


def invocation() -> st.SearchStrategy[tuple[str, list[str]]]:
    """One command line: a template with every "{}" filled by a fuzzed value."""

    def filled(template: tuple[str, list[str]]) -> st.SearchStrategy[tuple[str, list[str]]]:
        user, argv = template
        parts = [field(a) for a in argv]
        line = st.tuples(*parts).map(list)
        if user == "{}":  # a fuzzed acting user comes by --as (an environment holds no NUL)
            return st.tuples(st.just(""), st.tuples(TEXT, line).map(lambda u: ["--as", u[0], *u[1]]))
        return st.tuples(st.just(user), line)

    return st.sampled_from(COMMANDS).flatmap(filled)
