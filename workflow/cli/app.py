"""The `casework` command line: one entry for officers, leaders, supervisors and workers.

Sub-commands live in the other modules of `workflow/cli/`, each exposing `register(app)`. Errors become one
line on stderr (Chinese / English) and an exit code: 0 done, 2 usage, 3 rule refused,
4 not authorised, 5 concurrency conflict (retry), 1 anything else.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from dataclasses import dataclass, field
from typing import Any

import typer
from rich.console import Console

from events import ConcurrencyError, EventStoreError, StoreUnavailable
from workflow.bootstrap import Casework, bootstrap
from workflow.errors import CaseworkError
from workflow.settings import Settings, from_env

EXIT_CONCURRENCY = 5

app = typer.Typer(
    help="casework: 乡镇综合行政执法案件办理 (event-sourced case workflow)",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@dataclass
class CliState:
    """Per-invocation state: settings, acting user, output mode, the lazily opened app."""

    settings: Settings
    json: bool = False
    _casework: Casework | None = field(default=None, repr=False)

    @property
    def user(self) -> str | None:
        return self.settings.user

    def casework(self) -> Casework:
        if self._casework is None:
            self._casework = bootstrap(self.settings)
        return self._casework

    def require_user(self) -> str:
        if not self.settings.user:
            raise CaseworkError("请用 --as 指定操作人员", "say who acts with --as ID or CASEWORK_USER")
        return self.settings.user

    def emit(self, result: dict[str, Any], human: Any = None) -> None:
        """Print one result: a JSON object with --json, else the human rendering."""
        if self.json:
            print(json.dumps(result, ensure_ascii=False, default=str))
            return
        console = Console()
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


@app.callback()
def root(
    ctx: typer.Context,
    as_user: str = typer.Option(None, "--as", help="acting officer id (or CASEWORK_USER)"),
    json_output: bool = typer.Option(False, "--json", help="print JSON objects, for scripts"),
) -> None:
    """casework: 乡镇综合行政执法案件办理."""
    ctx.obj = CliState(settings=from_env(user=as_user), json=json_output)


def _register_subcommands() -> None:
    import importlib

    for name in ("workflow.cli.store", "workflow.cli.workers", "workflow.cli.org", "workflow.cli.case", "workflow.cli.reports", "workflow.cli.audit", "workflow.cli.circular", "workflow.cli.document", "workflow.cli.backup", "workflow.cli.inspection", "workflow.cli.web", "workflow.cli.inquiry", "workflow.cli.duty", "workflow.cli.assessment", "workflow.cli.keys"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(app)


def fail(message: str, code: int) -> None:
    """Print one line on stderr (the first line of the message) and exit with the code."""
    first = message.strip().splitlines()[0] if message.strip() else "error"
    print(f"casework: {first}", file=sys.stderr)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; map every known error to one line and its exit code."""
    _register_subcommands()
    try:
        code = app(args=argv, standalone_mode=False)
    except typer.Abort:
        fail("已中止 / aborted", 1)
    except typer.TyperException as exc:  # click's usage errors, as vendored by typer
        usage_error(exc)
    except CaseworkError as exc:
        fail(f"{exc.zh} / {exc.en}", exc.exit_code)
    except ConcurrencyError as exc:
        fail(f"并发冲突，请重试 / concurrency conflict: {exc}", EXIT_CONCURRENCY)
    except StoreUnavailable as exc:
        fail(f"无法打开数据库 / cannot open the database {exc}", 1)
    except (EventStoreError, ValueError) as exc:
        fail(f"输入有误 / invalid input: {exc}", 1)
    except OSError as exc:
        fail(f"系统错误 / system error: {exc}", 1)
    except Exception as exc:
        if os.environ.get("CASEWORK_DEBUG"):
            raise
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


def redis_unreachable(exc: Exception) -> bool:
    """Redis (the workers' queue) did not answer."""
    redis = sys.modules.get("redis")
    return redis is not None and isinstance(exc, redis.exceptions.ConnectionError)


def usage_error(exc: typer.TyperException) -> None:
    """A usage error in one line (exit 2); a bare group has printed its help already."""
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    code = int(getattr(exc, "exit_code", 2))
    if not message.strip():
        raise SystemExit(code)
    ctx = getattr(exc, "ctx", None)
    where = f" ({ctx.command_path}; see --help)" if ctx is not None else ""
    fail(f"用法错误 / usage error{where}: {' '.join(message.split())}", code)
