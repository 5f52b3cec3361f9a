"""Worker-side commands: `worker`, `scheduler`, `rebuild` (后台任务与读模型重建)."""

from __future__ import annotations

import time

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from workflow.cli.context import state
from workflow.errors import CaseworkError, EnvironmentFault


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
    app.command("scheduler")(scheduler)
    app.command("rebuild")(rebuild)
    app.command("sweep")(sweep)


def _redis_url(ctx: typer.Context) -> str:
    url = state(ctx).settings.redis_url
    if not url:
        raise EnvironmentFault(
            "未配置 Redis（CASEWORK_REDIS_URL）；嵌入模式请用 --inline",
            "no Redis configured (CASEWORK_REDIS_URL); in embedded mode use --inline",
        )
    return url


def worker(
    ctx: typer.Context,
    burst: bool = typer.Option(False, "--burst", help="work until the queues are empty, then exit"),
    inline: bool = typer.Option(False, "--inline", help="no Redis: poll the store and project in-process"),
    interval: float = typer.Option(2.0, help="seconds between polls with --inline"),
) -> None:
    """Run a worker: an RQ worker on casework's queue, or an in-process poller (--inline)."""
    cli = state(ctx)
    if inline:
        engine = cli.casework().projections
        while True:
            applied = engine.catch_up_all()
            if burst:
                cli.emit({"caught_up": applied})
                return
            time.sleep(interval)
    from workers.connection import resume
    from workers.connection import worker as rq_worker

    cli.casework()  # a database schema this casework does not know: refuse before taking jobs
    found = rq_worker(_redis_url(ctx), cli.settings.queue)
    resume(found.connection, cli.settings.queue, cli.settings.database_url)
    found.work(burst=burst)


def scheduler(
    ctx: typer.Context,
    sweep_seconds: int = typer.Option(60, help="interval of the catch-up sweep"),
) -> None:
    """Run the cron schedule (RQ CronScheduler): the periodic catch-up sweep."""
    from workers.schedule import build_scheduler
    from workflow.notify import connect

    cli = state(ctx)
    cli.casework()  # a database schema this casework does not know: refuse before scheduling
    redis = connect(_redis_url(ctx))  # the scheduler never blocks on Redis: short reads
    build_scheduler(redis, cli.settings, sweep_seconds=sweep_seconds).start()


def rebuild(
    ctx: typer.Context,
    name: str = typer.Argument(None, help="projection to rebuild"),
    all_: bool = typer.Option(False, "--all", help="rebuild every projection"),
    processes: int | None = typer.Option(
        None, "--processes", help="load the models in up to N processes at once (a log of"
        " 50,000 events or more; SQLite: each into a scratch file; default: one per CPU up to 4)"
        "; pays off with idle cores only", show_default=False,
    ),
) -> None:
    """Rebuild read models from position 0 into fresh tables, then swap them in (重建读模型)."""
    if processes is not None and processes < 1:
        raise CaseworkError(f"--processes 至少为 1（收到 {processes}）",
                            f"--processes must be at least 1 (got {processes})")  # fmt: skip
    cli = state(ctx)
    engine = cli.casework().projections
    engine.processes = processes
    names = list(engine.projections) if all_ else [name] if name else []
    if not names:
        raise CaseworkError("请指定读模型名称或 --all", "name a projection or use --all")
    for n in names:
        if n not in engine.projections:
            raise CaseworkError(f"没有读模型 {n}", f"no projection {n!r}; known: {', '.join(engine.projections)}")
    # drawn from this thread (no auto-refresh): a process with another thread running
    # forks nothing, and the models would load in one group whatever --processes says
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), disable=cli.json, auto_refresh=False) as bar:  # fmt: skip
        task = bar.add_task(f"rebuild {', '.join(names)}", total=None)
        drawn = [0.0]

        def show(pos: int, head: int) -> None:
            bar.update(task, completed=pos, total=head)
            if time.monotonic() - drawn[0] >= 0.25 or pos >= head:
                drawn[0] = time.monotonic()
                bar.refresh()

        done = engine.rebuild_many(names, progress=show)
    results = {n: {"generation": s.generation, "position": s.position} for n, s in done.items()}
    human = "\n".join(f"已重建 rebuilt {n}: 第 {r['generation']} 代 generation, 至位置 up to "
                       f"position {r['position']}" for n, r in results.items())  # fmt: skip
    cli.emit({"rebuilt": results}, human)


def sweep(
    ctx: typer.Context,
    day: str = typer.Option(None, "--date", help="the day to sweep for (default: today, Asia/Shanghai)"),
) -> None:
    """Run the deadline sweep now: 80% warnings and overdue notices, each issued once (期限巡查)."""
    from dataclasses import asdict

    from workflow.clock import local_day, now
    from workflow.datafile import as_date
    from workflow.reports.notices import sweep_deadlines

    cli = state(ctx)
    cw = cli.casework()
    today = as_date(day, "--date") if day else local_day(now())
    report = sweep_deadlines(cw.store, cw.projections, today)
    from workers.oversight import daily
    from workflow.accountability.policy import load_policy

    more = daily(cw.store, cw.projections, load_policy(cli.settings.county_file), today)
    cli.emit({"date": today.isoformat(), **asdict(report), **more},
             f"{today}: 预警 warnings {report.warnings}, 超期 overdue {report.overdue}, "
             f"已发出 already issued {report.already_issued}; "
             f"整改超期通知 rectification notices {more['rectification_notices']}")  # fmt: skip
