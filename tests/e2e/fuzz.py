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


EXTRA_ENV: dict[str, str | None] = {}  # set by `sandboxed`: every command's environment


@contextmanager
def sandboxed(extra: dict[str, str | None]) -> Iterator[None]:
    """Every `run`, `prepare` and `shared_casework` of the block with these variables."""
    EXTRA_ENV.update(extra)
    try:
        yield
    finally:
        EXTRA_ENV.clear()


@contextmanager
def shared_casework(db: str) -> Iterator[composition.Casework]:
    """One Casework for every in-process command of the block, whatever user acts."""
    from workflow.settings import from_env

    with environment({"CASEWORK_DATABASE_URL": db, "CASEWORK_REDIS_URL": None, **EXTRA_ENV}):
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
           "CASEWORK_NOW": NOW, **EXTRA_ENV}  # fmt: skip
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
        *([(None, ["keys", "init"])] if EXTRA_ENV.get("CASEWORK_SIGNING_KEY_FILE") else []),
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


# --- every command, from the Typer app itself -------------------------------------------
# The templates above reach deep into the case rules with plausible values; the leaves
# below are generated from the click tree of `casework` (workflow/cli/app.py COMMANDS), so
# a new command is fuzzed the day it is added. Only these are not run, each for a reason:
EXCLUDED: dict[tuple[str, ...], str] = {
    ("serve",): "runs the web server until stopped; the API has its own fuzz (tests/web/test_api_fuzz.py)",
    ("scheduler",): "runs until stopped and needs Redis; tests/integration/test_redis_frozen.py",
    ("demo",): "builds a fresh database of months of simulated work (minutes an example); test_demo.py",
}
# Values that are pinned rather than free, so that the fuzz cannot reach outside its
# sandbox directory (a database URL names another database; a successful key rotation
# would change the key every later command needs: tests/integration/test_signing.py):
# (command path, parameter name) -> "omit", or a strategy name of `Sandbox.strategy`
PINNED: dict[tuple[tuple[str, ...], str], str] = {
    (("db", "upgrade"), "url"): "omit",
    (("db", "init"), "owner_url"): "omit",
    (("restore",), "to"): "target",
    (("keys", "rotate"), "new_key_file"): "unwritable",
    (("worker",), "burst"): "on",  # else it polls (or waits on Redis) for ever
    (("worker",), "inline"): "on",
}
USERS = ["tc-004", "tc-001", "tc-002", "tc-006", "sv-001", "ad-001", "nobody"]
OUTPUT = {"out", "html", "evidence_to", "new_key_file"}  # parameters naming a file to write
INPUT = {"file", "bundle", "path", "county", "catalogue", "proof", "record", "witness"}
REFERENCE = {"case", "ref", "application", "source", "number"}
PERSON = {"officer", "officer_id", "person", "chair", "inspector", "evaluator", "for_",
          "representative", "applicant", "participants", "officers"}  # fmt: skip
DAYS = {"as_of", "on", "date", "from_", "to", "valid_until", "effective", "due", "held_on",
        "rectify_by", "discovered", "violation_date", "violation_end", "published_on",
        "month", "at", "until"}  # fmt: skip


def leaves() -> list[tuple[tuple[str, ...], Any]]:
    """Every runnable `casework` command (path, click command), groups walked to their leaves."""
    from workflow.cli.app import COMMANDS
    from workflow.cli.lazy import module_commands

    found: list[tuple[tuple[str, ...], Any]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        else:
            found.append((path, command))

    for name in dict.fromkeys(n for n, _, _ in COMMANDS):
        group = module_commands(*(m for n, m, _ in COMMANDS if n == name))
        walk(group.commands[name], (name,))
    return found


@dataclass(frozen=True)
class Sandbox:
    """The directory every fuzzed path points into, with files of every kind to read."""

    root: str
    db: str

    def strategy(self, kind: str) -> st.SearchStrategy[str]:
        r = self.root
        if kind == "input":
            return st.one_of(st.sampled_from([
                f"{r}/county.toml", f"{r}/catalogue.csv", f"{r}/garbage.bin", f"{r}/empty.txt",
                f"{r}/calendar.toml", f"{r}/fifo", f"{r}/absent.pdf", r, "/dev/zero", "/dev/null",
                f"{r}/out", f"{r}/witness.jsonl", "../../etc/passwd", "\x00", "", f"{r}/长" * 3,
            ]), TEXT)  # fmt: skip
        if kind == "output":  # never outside the sandbox (the fuzz runs from inside it)
            name = st.text(alphabet="abc长-_.", min_size=1, max_size=8)
            return st.one_of(
                name.map(lambda n: f"{r}/out/{n}"), name.map(lambda n: f"out/{n}.zip"),
                st.sampled_from([f"{r}/out", f"{r}/absent/x.zip", f"{r}/empty.txt", "", "\x00",
                                 f"{r}/out/" + "长" * 300, "/dev/null"]),
            )  # fmt: skip
        if kind == "unwritable":
            return st.sampled_from([f"{r}/out", f"{r}/empty.txt", f"{r}/absent/key", "", "\x00"])
        if kind == "target":
            return st.one_of(st.sampled_from([self.db, f"sqlite:///{r}/absent/x.db", "sqlite://",
                                              "postgresql://nobody@127.0.0.1:1/x"]), TEXT)  # fmt: skip
        raise KeyError(kind)


def _param_strategy(
    path: tuple[str, ...], param: Any, sandbox: Sandbox
) -> st.SearchStrategy[list[str]] | None:
    """The argv pieces of one parameter ([] when an optional one is left out); None: omit."""
    pinned = PINNED.get((path, param.name or ""))
    if pinned == "omit":
        return None
    is_option = param.param_type_name == "option"
    if is_option and param.is_flag:
        flag = st.just([param.opts[0]])
        return flag if pinned == "on" else st.one_of(st.just([]), flag)
    kind = pinned or ""
    name = param.name or ""
    choices = getattr(param.type, "choices", None)
    if kind:
        value = sandbox.strategy(kind)
    elif choices:
        value = st.one_of(st.sampled_from([str(c) for c in choices]), TEXT)
    elif name in OUTPUT:
        value = sandbox.strategy("output")
    elif name in INPUT or name == "file":
        value = sandbox.strategy("input")
    elif param.type.name in ("integer", "float") or "range" in param.type.name or name in ("year", "days", "amount"):
        value = st.one_of(NUMBER, st.sampled_from(["2026", "2025", "1", "0"]))
    elif name in REFERENCE:
        value = st.one_of(CASE_ID, st.sampled_from(["1", "INS-taicheng-2026-1", "2026-1"]))
    elif name in PERSON:
        value = st.one_of(st.sampled_from(["tc-004", "tc-005", "tc-006", "tc-099", "sv-001",
                                           "tc-004,tc-005"]), TEXT)  # fmt: skip
    elif name in DAYS:
        value = st.one_of(DAY, st.sampled_from(["2026-05", "2026-06-01T09:00", "2026-13"]))
    else:
        value = TEXT
    if param.nargs != 1 and not is_option:  # a variadic argument: zero or more values
        return st.lists(value, max_size=3)
    piece = value.map(lambda v: [param.opts[0], v]) if is_option else value.map(lambda v: [v])
    if param.required:
        return piece
    return st.one_of(st.just([]), piece)


def leaf_invocation(
    path: tuple[str, ...], command: Any, sandbox: Sandbox
) -> st.SearchStrategy[tuple[str, list[str]]]:
    """A command line for one leaf: its arguments in order, then some of its options."""
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    options = [p for p in command.params if p.param_type_name == "option"]
    parts = [s for p in arguments + options if (s := _param_strategy(path, p, sandbox)) is not None]
    argv = st.tuples(*parts).map(lambda pieces: [*path, *(x for piece in pieces for x in piece)])
    as_env = st.tuples(st.sampled_from(USERS), argv)
    as_flag = st.tuples(st.just(""), st.tuples(TEXT, argv).map(lambda u: ["--as", u[0], *u[1]]))
    return st.one_of(as_env, as_flag)


def every_command(sandbox: Sandbox) -> st.SearchStrategy[tuple[str, list[str]]]:
    """One command line: a template above, or any leaf of the app (excluded ones aside)."""
    runnable = [(p, c) for p, c in leaves() if p not in EXCLUDED]
    generated = [leaf_invocation(p, c, sandbox) for p, c in runnable]
    return st.one_of(invocation(), *generated)


def make_sandbox(root: str, db: str) -> Sandbox:
    """The sandbox's files: a county file and catalogue that load, garbage, a FIFO, a key."""
    import os
    import shutil
    from importlib import resources

    data = resources.files("workflow.data")
    shutil.copyfile(str(data.joinpath("wutai.toml")), f"{root}/county.toml")
    shutil.copyfile(str(data.joinpath("catalogue-sample.csv")), f"{root}/catalogue.csv")
    with open(f"{root}/garbage.bin", "wb") as out:
        out.write(bytes(range(256)) * 4)
    open(f"{root}/empty.txt", "w").close()
    with open(f"{root}/calendar.toml", "w", encoding="utf-8") as out:
        out.write('year = 2027\nsource = "国务院办公厅通知"\nholidays = ["2027-01-01"]\nworkdays = []\n')
    from events.signing import Signer, write_key_file

    write_key_file(f"{root}/signing.key", Signer.generate())  # `keys init` in `prepare` uses it
    os.mkfifo(f"{root}/fifo")
    os.makedirs(f"{root}/out", exist_ok=True)
    return Sandbox(root, db)


def sandbox_env(sandbox: Sandbox) -> dict[str, str | None]:
    """The environment of every fuzzed command: a signed log, a witness file, the sandbox's
    evidence directory (nothing written outside it)."""
    return {"CASEWORK_SIGNING_KEY_FILE": f"{sandbox.root}/signing.key",
            "CASEWORK_WITNESS_FILE": f"{sandbox.root}/witness.jsonl",
            "CASEWORK_EVIDENCE_DIR": f"{sandbox.root}/evidence"}  # fmt: skip


def command_words(args: list[str]) -> list[str]:
    """The command line without the root options (`--as USER`, `--json`): the command's
    path comes first."""
    words = list(args)
    while words[:1] in (["--as"], ["--json"]):
        words = words[2:] if words[0] == "--as" else words[1:]
    return words


# commands whose exit code is their answer (genuine / altered / unknown), given on stdout
VERDICTS = {("verify",), ("verify-bundle",), ("document", "verify")}


def one_clear_line(outcome: Outcome, args: list[str]) -> bool:
    """A refusal says so in one line on stderr (besides the county's unconfirmed-values
    warning); a bare group prints its help instead; a verdict is printed on stdout."""
    lines = [x for x in outcome.err.splitlines() if x.strip() and not x.startswith("警告 warning")]
    if not lines:
        words = tuple(command_words(args))
        verdict = any(words[: len(v)] == v for v in VERDICTS) and outcome.out.strip()
        return "Usage" in outcome.out or bool(verdict)
    return len(lines) == 1 and lines[0].startswith("casework: ")
