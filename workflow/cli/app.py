"""The `casework` command line: one entry for officers, leaders, supervisors and workers.

Sub-commands live in the other modules of `workflow/cli/`, each exposing `register(app)`,
and are listed in `COMMANDS` below: a command's module is imported only when it runs
(`lazy.py`), so `casework --help` starts at once. Errors become one line on stderr (Chinese / English) and an exit code: 0 done, 2 usage (also not found, invalid input,
a value the database refuses), 3 rule refused, 4 not authorised, 5 concurrency conflict
(retry), 1 the environment only (database unreachable or missing, Redis down).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
from typing import Any

import typer

from events.errors import ConcurrencyError, EventStoreError, StoreUnavailable, UnknownBackend
from workflow.cli.context import CliState, state
from workflow.cli.lazy import Entry, LazyGroup
from workflow.errors import CaseworkError
from workflow.settings import from_env

__all__ = ["CliState", "app", "fail", "main", "state"]  # CliState, state: see context.py

EXIT_USAGE = 2
# what an OSError says of a path the user typed (usage, exit 2); others (disk full, I/O) are 1
PATH_ERRORS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.ENAMETOOLONG,
                         errno.ELOOP, errno.EINVAL, errno.EEXIST, errno.EACCES, errno.EFBIG,
                         errno.ENXIO})  # fmt: skip
EXIT_CONCURRENCY = 5

# A new command: add (its name, the module whose register(app) adds it, its one-line help);
# a module that adds sub-commands to another's group: (that group's name, module, "").
COMMANDS: tuple[Entry, ...] = (
    ("verify", "workflow.cli.store", "Recompute every hash chain and every month's seal; name the first broken event (验证)."),
    ("seal", "workflow.cli.store", "Seal a month that has ended: its Merkle root, recorded once as MonthSealed (月度封存)."),
    ("status", "workflow.cli.store", "Where the log stands: last position, safe head, read models, and what holds readers back."),
    ("worker", "workflow.cli.workers", "Run a worker: an RQ worker on casework's queue, or an in-process poller (--inline)."),
    ("scheduler", "workflow.cli.workers", "Run the cron schedule (RQ CronScheduler): the periodic catch-up sweep."),
    ("rebuild", "workflow.cli.workers", "Rebuild read models from position 0 into fresh tables, then swap them in (重建读模型)."),
    ("sweep", "workflow.cli.workers", "Run the deadline sweep now: 80% warnings and overdue notices, each issued once (期限巡查)."),
    ("init", "workflow.cli.org", "Record the county file and the catalogue as events (idempotent: twice appends nothing)."),
    ("officer", "workflow.cli.org", "执法人员: list, enlist, certify, remove"),
    ("personnel", "workflow.cli.org", "人事: the township's opinion, then the action"),
    ("catalogue", "workflow.cli.org", "执法事项清单: load a version, list the items in force"),
    ("lifecycle", "workflow.cli.case", "Draw the case lifecycle from the machine's definition."),
    ("demo", "workflow.cli.case", "Build a fresh database with the wutai county and simulate 2 May 2026 to today."),
    ("case", "workflow.cli.case", "案件办理 cases: open, dispatch, evidence, notify, decide, close, review"),
    ("case", "workflow.cli.execution", ""),  # adds service, payment, execution to `case`
    ("case", "workflow.cli.publicity", ""),  # adds publish, withdraw-publication to `case`
    ("roster", "workflow.cli.reports", "Team rosters (7+9+N): members, missing domains, certificates, removals, compliance."),
    ("accountability", "workflow.cli.reports", "Per officer: cases dispatched, on time, overdue, extended, review verdicts, removal."),
    ("cases", "workflow.cli.reports", "案件台账: cases with party, matter, officers, next deadline and days left; overdue first."),
    ("deadlines", "workflow.cli.reports", "The deadline board: every case with a binding deadline, overdue first."),
    ("notices", "workflow.cli.notices", "提醒: deadline warnings, overdue notices, limitation, rectification and assessment notices; newest first."),
    ("history", "workflow.cli.audit", "审计 history: both times, actor, role, type, data and hash; backdated events flagged."),
    ("export", "workflow.cli.audit", "案卷评查导出: events, hash chain, summary and evidence digests in one zip."),
    ("verify-bundle", "workflow.cli.audit", "校验案卷包 without the database: recompute every hash; name the first broken event."),
    ("circular", "workflow.cli.circular", "月度通报: county and township figures, overdue cases, reviews, teams, charts, seal."),
    ("document", "workflow.cli.document", "文书 documents: issue, list, render (byte-identical from the log), verify"),
    ("backup", "workflow.cli.backup", "Back up the database online: a consistent snapshot, compressed, with a manifest (备份)."),
    ("restore", "workflow.cli.backup", "Restore a backup into an empty database; verify it, rebuild the read models (恢复)."),
    ("inspection", "workflow.cli.inspection", "监督检查: plan, record (with 整改), rectify, attach, verify, list"),
    ("serve", "workflow.cli.web", "Run the web console and JSON API (uvicorn); the database from CASEWORK_DATABASE_URL."),
    ("account", "workflow.cli.web", "账户 accounts of the web console (administrators)"),
    ("inquiry", "workflow.cli.inquiry", "责任追究: open, statement, opinion, agree, decide, show, list"),
    ("duty", "workflow.cli.duty", "述职评议: report, evaluators, evaluate, show"),
    ("assessment", "workflow.cli.assessment", "The yearly assessment: every officer's and team's grade, explained by its inputs."),
    ("assessment-policy", "workflow.cli.policy_history", "The county's [accountability] policy versions: when recorded, what changed."),
    ("reward", "workflow.cli.assessment", "评优评先 for an officer graded 优秀 (an administrator)."),
    ("keys", "workflow.cli.keys", "签名密钥: init, rotate, list the keys that sign every event"),
    ("db", "workflow.cli.db", "数据库结构 the database schema (Alembic revisions)"),
    ("checkpoint", "workflow.cli.integrity", "Fold the log into the global chain and record a signed checkpoint (检查点)."),
    ("calendar", "workflow.cli.calendar", "节假日安排 holiday calendar: load a year's official arrangement, show a year"),
    ("publish", "workflow.cli.publicity", "执法公示网站: write the static public site (index, pages, feed.json, search)."),
)  # fmt: skip
EAGER: tuple[str, ...] = ()  # modules still registered the old way, at start-up (slower)


class RootGroup(LazyGroup):
    entries = COMMANDS


app = typer.Typer(
    cls=RootGroup,
    help="casework: 乡镇综合行政执法案件办理 (event-sourced case workflow)",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    as_user: str = typer.Option(None, "--as", help="acting officer id (or CASEWORK_USER)"),
    json_output: bool = typer.Option(False, "--json", help="print JSON objects, for scripts"),
) -> None:
    """casework: 乡镇综合行政执法案件办理."""
    command = ctx.invoked_subcommand
    ctx.obj = CliState(settings=from_env(user=as_user), json=json_output, command=command)
    ctx.call_on_close(ctx.obj.close)


def _register_subcommands() -> None:
    import importlib

    for name in EAGER:
        if name not in _EAGER_DONE:
            importlib.import_module(name).register(app)
            _EAGER_DONE.add(name)


_EAGER_DONE: set[str] = set()


def fail(message: str, code: int) -> None:
    """Print one line on stderr (the first line of the message) and exit with the code."""
    first = message.strip().splitlines()[0] if message.strip() else "error"
    print(f"casework: {first}", file=sys.stderr)
    raise SystemExit(code)


def _flags_without_types() -> None:
    """`--json` reads as a flag, not `--json <bool>`: typer names every option's type in
    the help, flags included; a flag takes no value, so its type column stays empty."""
    from typer.core import TyperOption

    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "casework", False):  # older typer: no type column
        return

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    display_type_rich.casework = True  # type: ignore[attr-defined]
    setattr(TyperOption, "display_type_rich", display_type_rich)  # noqa: B010 (not in every typer)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; map every known error to one line and its exit code."""
    _register_subcommands()
    _flags_without_types()
    try:
        code = app(args=argv, prog_name="casework", standalone_mode=False)
    except typer.Abort:
        fail("已中止 / aborted", 1)
    except typer.TyperException as exc:  # click's usage errors, as vendored by typer
        usage_error(exc)
    except CaseworkError as exc:
        fail(f"{exc.zh} / {exc.en}", exc.exit_code)
    except ConcurrencyError as exc:
        fail(f"并发冲突，请重试 / concurrency conflict: {exc}", EXIT_CONCURRENCY)
    except (StoreUnavailable, UnknownBackend) as exc:  # the environment's URL: exit 1
        fail(f"无法打开数据库 / cannot open the database {exc}", 1)
    except (EventStoreError, ValueError) as exc:
        fail(f"输入有误 / invalid input: {exc}", EXIT_USAGE)
    except OSError as exc:
        if exc.errno in PATH_ERRORS:  # the path typed: absent, a directory, too long, ...
            fail(f"无法使用该文件 / cannot use the file: {exc}", EXIT_USAGE)
        fail(f"系统错误 / system error: {exc}", 1)
    except Exception as exc:
        if os.environ.get("CASEWORK_DEBUG"):
            raise
        if (field := refused_value(exc)) is not None:
            fail(f"数据库拒绝了输入的值{field} / the database refused a value{field}: "
                 f"{getattr(exc, 'orig', None) or exc}", EXIT_USAGE)  # fmt: skip
        if redis_unreachable(exc):
            fail(f"无法连接 Redis / cannot reach Redis (CASEWORK_REDIS_URL): {exc}", 1)
        if refused_by_database(exc):
            fail(f"数据库拒绝了操作 / the database refused: {getattr(exc, 'orig', None) or exc}", 1)
        fail(f"内部错误 / internal error ({type(exc).__name__}): {exc}", 1)
    if isinstance(code, int) and code:
        raise SystemExit(code)


def refused_by_database(exc: Exception) -> bool:
    """The database refused or went away: read-only, locked, disk full, connection lost."""
    from sqlalchemy.exc import OperationalError

    psycopg = sys.modules.get("psycopg")
    raw: tuple[type[Exception], ...] = (sqlite3.OperationalError,)
    if psycopg is not None:
        raw += (psycopg.OperationalError,)
    return isinstance(exc, (OperationalError, *raw))


def refused_value(exc: Exception) -> str | None:
    """A value the database refused (too long, NUL, out of range): " (column NAME)" when the
    database names it, "" when not; None for any other error. Commands validate first
    (workflow/limits.py), so this is the last line, never the plan."""
    from sqlalchemy.exc import DataError

    psycopg = sys.modules.get("psycopg")
    raw: tuple[type[Exception], ...] = (DataError, sqlite3.DataError)
    if psycopg is not None:
        raw += (psycopg.DataError,)
    if not isinstance(exc, raw):
        return None
    diag = getattr(getattr(exc, "orig", exc), "diag", None)
    column = getattr(diag, "column_name", None)
    return f" (column {column})" if column else ""


def redis_unreachable(exc: Exception) -> bool:
    """Redis (the workers' queue) did not answer, or stopped answering (a timeout)."""
    redis = sys.modules.get("redis")
    lost = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) if redis else ()
    return bool(lost) and isinstance(exc, lost)


def usage_error(exc: typer.TyperException) -> None:
    """A usage error in one line (exit 2); a bare group has printed its help already."""
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    code = int(getattr(exc, "exit_code", 2))
    if not message.strip():
        raise SystemExit(code)
    ctx = getattr(exc, "ctx", None)
    where = f" ({ctx.command_path}; see --help)" if ctx is not None else ""
    fail(f"用法错误 / usage error{where}: {' '.join(message.split())}", code)
