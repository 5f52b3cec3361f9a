"""Each read model's own CPU, alone: the events held in memory, the model's tables in a
fresh scratch SQLite file (or PostgreSQL), batches applied as a rebuild applies them.

    python benchmarks/model_bench.py --store big.db                    # every model
    python benchmarks/model_bench.py --store big.db --models circular,paper --repeat 5
    python benchmarks/model_bench.py --store big.db --save before.json   # then, after a change:
    python benchmarks/model_bench.py --store big.db --compare before.json

`--store` is a SQLite event store (`benchmarks/generate.py`, or the `big.db` that
`projection_bench.py` leaves in its `--workdir`). The log is read once; then per model
and repeat: fresh tables (no secondary indexes, as a rebuild loads them), the events in
batches of `--batch` through `quarantine.apply` (the model's type filter, a savepoint),
one transaction a batch, the garbage collector off as in the engine. Reported: the
process CPU of the applies (median of the repeats), the rows written, and a digest of
every table's rows in a fixed order, so a change that makes a model faster can show its
tables hold exactly what they held before (`--compare`: same digests, CPU before → after).
CPU, not wall time: it moves much less on a shared machine.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, MetaData, create_engine, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from events import open_store  # noqa: E402
from projections import parallel, quarantine, shadow  # noqa: E402
from projections.registry import all_projections  # noqa: E402


def events_of(store_path: Path) -> tuple[list[Any], Any]:
    """The log's events, and the store's JSON serializer (Chinese kept readable)."""
    store = open_store(f"sqlite:///{store_path}")
    try:
        serializer = getattr(store.engine.dialect, "_json_serializer", None)
        return list(store.iter_all(batch=5000)), serializer
    finally:
        store.close()


def target(pg_url: str | None, folder: Path, name: str, serializer: Any = None) -> Engine:
    """A scratch SQLite file as a rebuild's loader makes it (JSON written with the store's
    serializer, as a rebuild writes it), or the PostgreSQL database."""
    if pg_url is None:
        return parallel.scratch(folder / f"{name}.db", serializer)
    return create_engine(pg_url, poolclass=NullPool, json_serializer=serializer)


def digest(conn: Any, tables: dict[str, Any]) -> tuple[int, str]:
    """Rows in all the model's tables and a SHA-256 of them, ordered by every column."""
    h, rows = hashlib.sha256(), 0
    for key in sorted(tables):
        t = tables[key]
        found = conn.execute(t.select()).all()
        lines = sorted(json.dumps([_plain(v) for v in r], ensure_ascii=False) for r in found)
        h.update(f"{key}:{len(lines)}\n".encode())
        for line in lines:
            h.update(line.encode() + b"\n")
        rows += len(lines)
    return rows, h.hexdigest()[:16]


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, type(None), bool)):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def run_model(
    projection: Any, events: list[Any], engine: Engine, batch: int
) -> tuple[float, int, str]:
    tables = projection.define(MetaData(), f"rm_{projection.name}_g1_")
    with engine.begin() as conn:
        for t in tables.values():
            conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{t.name}"')
        shadow.create(conn, tables)
        conn.exec_driver_sql(quarantine.QUARANTINE_DDL)
        conn.execute(text("DELETE FROM projection_quarantine"))
    took = 0.0
    with engine.connect() as conn:
        for i in range(0, len(events), batch):
            chunk = events[i : i + batch]
            gc.disable()
            started = time.process_time()
            with conn.begin():
                quarantine.apply(conn, projection, tables, chunk, 1)
            took += time.process_time() - started
            gc.enable()
        rows, sha = digest(conn, tables)
    return took, rows, sha


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a SQLite event store")
    parser.add_argument("--models", default="", help="comma-separated names (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch", type=int, default=20_000, help="events per transaction")
    parser.add_argument("--pg-url", default=None, help="load into PostgreSQL instead")
    parser.add_argument("--save", type=Path, help="write the results as JSON")
    parser.add_argument("--compare", type=Path, help="JSON of an earlier run to compare with")
    args = parser.parse_args()
    events, serializer = events_of(args.store)
    chosen = [p for p in all_projections() if not args.models or p.name in args.models.split(",")]
    before = json.loads(args.compare.read_text()) if args.compare else {}
    results: dict[str, dict[str, Any]] = {}
    print(f"{len(events):,} events; batches of {args.batch:,}; median of {args.repeat}")
    with tempfile.TemporaryDirectory(prefix="cw-model-") as folder:
        for p in chosen:
            times, rows, sha = [], 0, ""
            for r in range(args.repeat):
                engine = target(args.pg_url, Path(folder), f"{p.name}{r}", serializer)
                try:
                    took, rows, sha = run_model(p, events, engine, args.batch)
                finally:
                    engine.dispose()
                times.append(took)
            cpu = statistics.median(times)
            results[p.name] = {"cpu": cpu, "rows": rows, "digest": sha}
            line = f"{p.name:15s} {cpu:6.3f} s CPU  {rows:8,d} rows  {sha}"
            if p.name in before:
                old = before[p.name]
                same = "same rows" if old["digest"] == sha else "ROWS DIFFER"
                line += f"   before {old['cpu']:.3f} s ({cpu / old['cpu'] - 1:+.0%}), {same}"
            print(line, flush=True)
    total = sum(r["cpu"] for r in results.values())
    print(f"{'all':15s} {total:6.3f} s CPU")
    if args.save:
        args.save.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
