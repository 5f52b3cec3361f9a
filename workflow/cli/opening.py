"""Which database a command opens, and refusing the wrong one before it is used.

A relative SQLite path resolves against the working directory, so the same command
run from another directory silently created an empty database and showed `cases (0)`.
Now every command except the ones that build a county (`init`, `demo`) and the
long-running workers refuses a SQLite file that does not exist (without creating it);
store-level commands (`verify`, `seal`, `status`, `rebuild`) refuse an empty log, and
everything else a log without a county. The message names the resolved path.
"""

from __future__ import annotations

from pathlib import Path

from events import EventStore
from workflow.errors import CaseworkError

CREATES = frozenset({"init", "demo", "worker", "scheduler"})
STORE_LEVEL = frozenset({"verify", "seal", "status", "rebuild"})
INIT_HINT_ZH = "请先运行 casework init，或检查 CASEWORK_DATABASE_URL（相对路径以当前目录为准）"
INIT_HINT_EN = "run `casework init` first, or check CASEWORK_DATABASE_URL (a relative path is read from the current directory)"


class NoCounty(CaseworkError):
    """The database is missing, empty, or holds no county (没有县的数据)."""

    exit_code = 1


def sqlite_path(url: str) -> Path | None:
    """The absolute path of a SQLite URL's file (also `file:` URIs); None for others."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # an unparsable URL is open_store's to report
        return None
    name = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or name in ("", ":memory:"):
        return None
    if parsed.query.get("uri") == "true":
        name = name.removeprefix("file:").split("?", 1)[0]
    return Path(name).expanduser().resolve()


def shown(url: str) -> str:
    """The database as a person reads it: a SQLite file's absolute path, a URL without password."""
    from sqlalchemy.engine import make_url

    path = sqlite_path(url)
    return str(path) if path else make_url(url).render_as_string(hide_password=True)


def missing_sqlite_file(url: str) -> Path | None:
    """The resolved path of a SQLite file that does not exist yet, else None."""
    path = sqlite_path(url)
    return path if path is not None and not path.exists() else None


def check_before_open(url: str, command: str | None) -> None:
    """Refuse a SQLite file that does not exist, unless the command creates one."""
    if command in CREATES or command is None:
        return
    path = missing_sqlite_file(url)
    if path is not None:
        raise NoCounty(f"无法打开数据库：文件 {path} 不存在；{INIT_HINT_ZH}",
                       f"cannot open the database: no file {path}; {INIT_HINT_EN}")  # fmt: skip


def check_opened(store: EventStore, url: str, command: str | None) -> None:
    """Refuse an empty log (store-level commands) or a log without a county (all others)."""
    from workflow.organisation.streams import COUNTY_STREAM

    if command in CREATES or command is None:
        return
    if command in STORE_LEVEL:
        if store.head() == 0:
            raise NoCounty(f"数据库 {shown(url)} 中没有任何事件；{INIT_HINT_ZH}",
                           f"the database {shown(url)} holds no events; {INIT_HINT_EN}")  # fmt: skip
        return
    if store.stream_version(COUNTY_STREAM) == 0:
        raise NoCounty(f"数据库 {shown(url)} 中没有县的数据；{INIT_HINT_ZH}",
                       f"no county in the database {shown(url)}; {INIT_HINT_EN}")  # fmt: skip
