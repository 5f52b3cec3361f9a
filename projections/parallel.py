"""A big rebuild's load split across processes, and on SQLite done in scratch files (issue 16).

A rebuild's CPU is in the models' folds, and each model only reads the log and writes its
own tables, so independent models can be loaded at the same time. `load` splits the
models into groups of about equal cost, as many as `engine.processes` (`casework rebuild
--processes N`; default below), and loads every group but the first in a forked process
of its own (the first in this process). Each process reads the log: all of it if one of
its models reads every event type, else only its models' types (the store skips the
other rows undecoded). A group's cost is its models' `Projection.cost` plus its share of
reading the log (`groups`; shares of the types from a sample of the log), so with two
processes the models that read everything go together and the others read less: on the
demo county's mix, 60% of the log instead of all of it.

PostgreSQL: each process fills its group's shadow tables on its own connection.

SQLite: a process loading into the store's file would hold the write lock that the other
processes (and every append) wait for, so each group is loaded into a scratch file of its
own, next to the store (`synchronous=OFF`, journal in memory: nobody else reads it, and a
crash only leaves a file the next rebuild does not use), then copied into the shadow
tables in the store's file by `INSERT … SELECT` from the ATTACHed scratch file, in
transactions paced to the lock budget like the load itself (a copy is SQLite's own C
loop: a fraction of the fold). Each process copies its own group in and builds that
group's indexes as soon as its load is done, while the other groups still load: the
copies and index builds (a quarter of a one-process rebuild) overlap the other loads
instead of following all of them. With one process too (`--processes 1`, or one CPU): a big SQLite rebuild
(and a catch-up of models at 0, which loads like one) fills one scratch file in this
process, without the lock gaps and the batch sizes a load in the store's file keeps to.

How many by default (`processes` None): one per CPU, up to `AUTO_MOST`, on both backends.
On SQLite, with the scratch files no process waits for another's lock, and on an idle
2-core machine two processes took a 100k-event catch-up from 0 from 0.28x to 0.41x the
fold's speed (rebuild 3.45x -> 2.80x its time), for about a third more CPU (each process
reads and decodes the whole log); see BENCHMARKS.md. On PostgreSQL two processes were
slower while the server was the bottleneck (a7a1619); after the read fixes of 2b0a306 and
448c22c one process misses the 1M catch-up target (0.42x, one run) and two pass (1M,
median of 3: 0.65x / 1.77x; 100k, median of 5: 0.56x / 1.91x; BENCHMARKS.md, eighth
round). `casework rebuild --processes N` overrides.

Afterwards, as before: indexes after the load, then each model's swap applies the events
that came since its group's last position in the transaction that saves its checkpoint.
Forking needs a single-threaded process (the CLI, a worker's job, the benchmark): with
other threads running, the models load as one group in this process (groups one after
another read the log once each: a benchmark whose notifier thread was left running
measured PostgreSQL's 100k catch-up at 0.38x instead of 0.52x that way).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, create_engine, event
from sqlalchemy.pool import NullPool

from projections import quarantine, shadow
from projections.catchup import Pace

# the engine and its models, by what this module uses of them: importing
# projections.engine here would close a circle (the engine imports this module)
Projection = Any
ProjectionEngine = Any

Tables = dict[str, Table]
log = logging.getLogger("projections.engine")
Loaded = tuple[int, dict[str, int], int]  # position reached, events read per model, quarantined
# a group's models, everyone's shadow tables and generations, its scratch file, the head
Job = tuple["list[Projection]", dict[str, Tables], dict[str, int], "Path | None", int]
PARALLEL_FROM = 50_000  # events in the log: below this a rebuild loads in one pass, in place
AUTO_MOST = 4  # processes a SQLite rebuild uses by default (one per CPU up to this)
COPY_ROWS = 20_000  # rows in the first copy transaction (paced: grown or halved)
COPY_WHOLE = 100_000  # a scratch table of at most this many rows is copied in one statement


DECODE = 1.6  # CPU s to read and decode 100k events, measured beside the models' `cost`
SAMPLE = 2_000  # positions looked at to estimate the log's share of each event type
EXACT_UP_TO = 4_096  # splits into two groups tried one by one up to this many (12 models)
# copying a group's rows in and indexing them, relative to its models' cost (SQLite,
# 100k events: 1.2 s against 3.6 s of the models' CPU); one group's copy overlaps the
# other's load only if it finishes first, so the best split is a little uneven
TAIL = 0.3


def types_of(models: list[Projection]) -> frozenset[str] | None:
    """The event types a group of models reads (None: every type, some model reads all)."""
    found: set[str] = set()
    for p in models:
        if p.event_types is None:
            return None
        found |= p.event_types
    return frozenset(found)


def groups(
    chosen: list[Projection], count: int, shares: dict[str, float] | None = None
) -> list[list[Projection]]:
    """The models in `count` groups of about equal cost; empty groups left out.

    A group's process reads the log and folds its models, so its cost is its models'
    `cost` plus reading its share of the log: all of it if some model reads every type,
    else only the events of its types (`shares`: each type's fraction of the log; the
    store skips the rest). Two groups: every split is tried and the one whose costlier
    group costs least is taken (models that read every type end up together, the others
    read less), counting the copy-in and indexes after each load (`TAIL`): the group that
    finishes first copies while the other still loads. Otherwise, or without `shares`:
    the costliest model first, each to the cheapest group so far."""
    count = max(1, min(count, len(chosen)))
    ordered = sorted(chosen, key=lambda p: (-p.cost, p.name))
    if shares is not None and count == 2 and 2 ** (len(ordered) - 1) <= EXACT_UP_TO:

        def cost(group: list[Projection]) -> float:
            types = types_of(group)
            read = 1.0 if types is None else sum(shares.get(t, 0.0) for t in types)
            return sum(p.cost for p in group) + DECODE * min(1.0, read)

        def wall(first: list[Projection], last: list[Projection]) -> float:
            """`first` loads, copies in and indexes while `last` still loads; then `last`
            copies and indexes (one writer at a time in the store's file)."""
            tail = TAIL * sum(p.cost for p in first), TAIL * sum(p.cost for p in last)
            return max(cost(first) + tail[0], cost(last)) + tail[1]

        best: tuple[float, list[list[Projection]]] | None = None
        for mask in range(2 ** (len(ordered) - 1)):  # the first model always in group 0
            split: list[list[Projection]] = [[], []]
            for i, p in enumerate(ordered):
                split[i > 0 and bool(mask >> (i - 1) & 1)].append(p)
            if split[1]:
                worst = min(wall(*split), wall(*split[::-1]))
                if best is None or worst < best[0] - 1e-9:
                    best = (worst, split)
        if best is not None:
            return best[1]
    found: list[list[Projection]] = [[] for _ in range(count)]
    for p in ordered:
        min(found, key=lambda g: (sum(q.cost for q in g), len(g))).append(p)
    return [g for g in found if g]


def type_shares(engine: ProjectionEngine, head: int) -> dict[str, float]:
    """Each event type's share of the log, from `SAMPLE` evenly spaced positions (primary
    key lookups: no scan of the log)."""
    step = max(1, head // SAMPLE)
    positions = list(range(step, head + 1, step))
    found: dict[str, int] = {}
    with engine.engine.connect() as conn:
        for i in range(0, len(positions), 500):
            chunk = positions[i : i + 500]
            marks = ", ".join(str(int(n)) for n in chunk)  # integers made here, not data
            for (kind,) in conn.exec_driver_sql(
                f"SELECT event_type FROM events WHERE position IN ({marks})"
            ):
                found[kind] = found.get(kind, 0) + 1
    total = sum(found.values()) or 1
    return {kind: n / total for kind, n in found.items()}


def processes(engine: ProjectionEngine, chosen: list[Projection]) -> int:
    """`engine.processes`, or by default one per CPU (at most `AUTO_MOST`), on SQLite and
    PostgreSQL alike; never more than there are models."""
    count = engine.processes
    if count is None:
        count = min(AUTO_MOST, os.cpu_count() or 1)
    return max(1, min(len(chosen), count))


def wanted(engine: ProjectionEngine, chosen: list[Projection], head: int) -> bool:
    """A log of `engine.parallel_from` events or more, and more than one group; on SQLite
    even one group: loaded into a scratch file, it holds no lock, so it needs neither the
    gaps between batches nor their size limit (the copy in is SQLite's own C loop)."""
    if head < engine.parallel_from:
        return False
    return engine.engine.dialect.name == "sqlite" or processes(engine, chosen) > 1


def load(
    engine: ProjectionEngine,
    chosen: list[Projection],
    tables: dict[str, Tables],
    generation: dict[str, int],
    read: dict[str, int] | None,
    progress: Callable[[int, int], None] | None,
) -> dict[str, int]:
    """Load the shadow tables of `chosen` from position 0; returns each model's position.
    In a process with other threads (a web server, a process whose notifier's sender
    thread runs) nothing is forked, and the models load as one group: groups one after
    another would read the log once each."""
    forked = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    count = processes(engine, chosen) if forked else 1
    head = engine.store.head()
    split = groups(chosen, count, type_shares(engine, head) if count > 1 else None)
    sqlite = engine.engine.dialect.name == "sqlite"
    with _folder(engine, sqlite) as folder:
        paths = [folder / f"group{i}.db" if folder else None for i in range(len(split))]
        jobs: list[Job] = [(g, tables, generation, paths[i], head) for i, g in enumerate(split)]
        children = [_fork(engine, job) for job in jobs[1:]]
        log.info("rebuild: %d group(s), %d in forked processes, %s", len(jobs), len(children),
                 "each into a scratch file" if folder else "in place")  # fmt: skip
        try:
            results = [_run(engine, *jobs[0], progress)]
            results += [_receive(child) for child in children]
        except BaseException:  # one group failed: the others' work is thrown away too
            for _, process in children:
                process.kill()
            raise
        finally:
            for _, process in children:
                process.join()
        positions: dict[str, int] = {}
        for group, (position, counts, set_aside) in zip(split, results, strict=True):
            positions.update((p.name, position) for p in group)
            if read is not None:
                for name, count in counts.items():
                    read[name] = read.get(name, 0) + count
            engine.quarantines += set_aside
    return positions


def _run(
    engine: ProjectionEngine,
    group: list[Projection],
    tables: dict[str, Tables],
    generation: dict[str, int],
    path: Path | None,
    head: int,
    progress: Callable[[int, int], None] | None,
) -> Loaded:
    """Load one group: into its scratch file (SQLite) or in place (PostgreSQL)."""
    store = engine.engine
    target = store if path is None else scratch(path, getattr(store.dialect, "_json_serializer", None))
    try:
        if path is not None:
            with target.begin() as conn:
                shadow.create(conn, {n: t for p in group for n, t in _named(tables, p)})
                conn.exec_driver_sql(quarantine.QUARANTINE_DDL)
        counts: dict[str, int] = {}
        before = engine.quarantines
        began = time.perf_counter()
        position = engine._load(  # noqa: SLF001 - the engine's own load loop
            target, group, tables, generation, counts, progress, head, paced=path is None
        )
        loaded = time.perf_counter()
        if path is not None:  # this group's rows into the store's file, then their indexes,
            target.dispose()  # while the other groups still load (SQLite: one writer at a time)
            mine = [t for p in group for t in tables[p.name].values()]
            copy_in(engine, path, mine)
            copied = time.perf_counter()
            engine._finish(mine, engine.lock_budget())  # noqa: SLF001 - the engine's indexing
            log.info("rebuild: %s loaded in %.2f s, copied in %.2f s, indexed in %.2f s",
                     ", ".join(p.name for p in group), loaded - began, copied - loaded,
                     time.perf_counter() - copied)  # fmt: skip
        return position, counts, engine.quarantines - before
    finally:
        if path is not None:
            target.dispose()


def _named(tables: dict[str, Tables], p: Projection) -> Iterator[tuple[str, Table]]:
    for table in tables[p.name].values():
        yield table.name, table


def _fork(engine: ProjectionEngine, job: Job) -> tuple[Pipe, Any]:
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(engine, job, send), daemon=True)
    process.start()
    send.close()
    return receive, process


def _child(engine: ProjectionEngine, job: Job, send: Pipe) -> None:
    """In the forked process: fresh connections (the parent's stay the parent's), load
    the group, send back what `_run` returns or the error."""
    try:
        engine.engine.dispose(close=False)
        send.send(("ok", _run(engine, *job, None)))
    except BaseException as err:  # noqa: BLE001 - reported to the parent, which raises
        send.send(("failed", f"{type(err).__name__}: {err}"))
    finally:
        send.close()


def _receive(child: tuple[Pipe, Any]) -> Loaded:
    pipe, process = child
    try:
        kind, value = pipe.recv()
    except EOFError:
        raise RuntimeError(f"a rebuild process died (exit code {process.exitcode})") from None
    finally:
        pipe.close()
    if kind != "ok":
        raise RuntimeError(f"a rebuild process failed: {value}")
    loaded: Loaded = value
    return loaded


@contextmanager
def _folder(engine: ProjectionEngine, sqlite: bool) -> Iterator[Path | None]:
    """SQLite: a scratch folder beside the store's file (same disk), removed afterwards."""
    if not sqlite:
        yield None
        return
    database = engine.engine.url.database
    assert database
    folder = Path(tempfile.mkdtemp(prefix=".rebuild-", dir=Path(database).resolve().parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def scratch(path: Path, json_serializer: Callable[[Any], str] | None = None) -> Engine:
    """A SQLite file only this load uses: no fsync, its rollback journal in memory (a
    savepoint still rolls back: the quarantine's retries need that). JSON columns written
    with the store's serializer (Chinese kept readable: the rows are copied in as text)."""
    options: dict[str, Any] = {"poolclass": NullPool}
    if json_serializer is not None:
        options["json_serializer"] = json_serializer
    engine = create_engine(f"sqlite:///{path}", **options)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA journal_mode=MEMORY")
        dbapi_conn.execute("PRAGMA synchronous=OFF")

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        conn.info.pop("immediate", None)
        conn.exec_driver_sql("BEGIN")

    return engine


def copy_in(engine: ProjectionEngine, path: Path, tables: list[Table]) -> None:
    """Copy a scratch file's tables (and quarantined events) into the same-named shadow
    tables of the store's file: slices of rows, as many a transaction as the pace allows
    (appends wait for the write lock meanwhile), committed without an fsync each
    (`shadow.loading`: the swap's own transaction syncs)."""
    names = [t.name for t in tables] + ["projection_quarantine"]
    with shadow.loading(engine.engine) as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("ATTACH DATABASE ? AS scratch", (str(path),))
        try:
            slices = list(_slices(raw, conn.dialect.identifier_preparer.quote, names))
            pace = Pace(COPY_ROWS, 64 * COPY_ROWS, engine.lock_budget())
            while slices:
                pace.start()
                copied = 0
                with shadow.batch(conn).begin():
                    while slices and copied < pace.limit:
                        q, after, last, rows = slices.pop(0)
                        sql = f"INSERT INTO main.{q} SELECT * FROM scratch.{q}"
                        if after is None:  # the whole table: SQLite's transfer optimisation
                            conn.exec_driver_sql(sql)
                        else:
                            conn.exec_driver_sql(sql + " WHERE rowid > ? AND rowid <= ?",
                                                 (after, last))  # fmt: skip
                        copied += rows
                pace.done(copied)
        finally:
            raw.execute("DETACH DATABASE scratch")


def _slices(
    raw: Any, quote: Callable[[str], str], names: list[str]
) -> Iterator[tuple[str, int | None, int, int]]:
    """Each table's rows in rowid ranges of about `COPY_ROWS` rows: (table, after, last,
    rows). The ranges are cut by value from the table's count and rowid span (one cheap
    statement a table; was: a window over every row, ~0.35 s of 1.5 s of the copy per
    100k events): deletes leave gaps, so a range holds about, at most, its share.
    A table of at most `COPY_WHOLE` rows is one slice without a range (after None): a plain
    `INSERT … SELECT *` into an empty table without indexes is SQLite's transfer
    optimisation, which copies records without decoding them (~30% faster than ranges)."""
    for name in names:
        q = quote(name)
        count, low, high = raw.execute(
            f"SELECT count(*), min(rowid), max(rowid) FROM scratch.{q}"
        ).fetchone()
        if not count:
            continue
        if count <= COPY_WHOLE:
            yield q, None, high, count
            continue
        span = high - low + 1
        width = max(1, -(-COPY_ROWS * span // count))  # rowids a slice of ~COPY_ROWS rows
        for after in range(low - 1, high, width):
            last = min(high, after + width)
            yield q, after, last, max(1, count * (last - after) // span)
