"""Signing cost benchmark (签名成本): appends with and without Ed25519 signatures, and
the checkpoint job that keeps the global chain, same run, same machine.

    PYTHONPATH=. .venv/bin/python benchmarks/signing_bench.py            # ~2 min
    PYTHONPATH=. .venv/bin/python benchmarks/signing_bench.py --commands 3000 --backends sqlite

PostgreSQL: a fresh schema per round in CASEWORK_TEST_PG_URL's database (tests/pg.py).

Workload per backend: N commands, each reading one case stream and appending one event
(~300 bytes of Chinese JSON) at the loaded version, one transaction per command, over
100 streams. Each repeat opens two fresh logs, one unsigned and one signed, and runs
the commands on both in interleaved blocks of 50 (A B, then B A, ...), so that a burst
of load from other processes falls on both alike; the repeat's cost is signed time /
unsigned time - 1 over its whole run, and the figure is the median of the repeats (at
least 5). The global chain is not on the write path: its cost is the checkpoint job,
timed separately as microseconds per event folded.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from events import EventStore, NewEvent, open_store
from events.checkpoint import record_checkpoint
from events.signing import Signer

DATA = {"当事人": "张三", "摘要": "未经许可从事经营活动，现场检查发现无照经营" * 3, "金额": 500}


BLOCK = 50  # commands on one log before switching to the other


def commands(store: EventStore, n: int, first: int = 0) -> float:
    """Seconds for n read-then-append commands (numbered from `first`)."""
    start = time.perf_counter()
    for i in range(first, first + n):
        stream = f"case-{i % 100}"
        version = len(store.read_stream(stream))
        store.append(stream, [NewEvent("Noted", {**DATA, "i": i})], expected_version=version,
                     metadata={"actor": "tc-004"})  # fmt: skip
    return time.perf_counter() - start


def fresh(backend: str, workdir: Path, signer: Signer | None, round_: int) -> EventStore:
    if backend == "sqlite":
        return open_store(f"sqlite:///{workdir / f'r{round_}-{bool(signer)}.db'}", signer=signer)
    from tests import pg

    url, _ = pg.new_schema()
    return open_store(url, signer=signer)


def _drop_schemas() -> None:
    import sys

    pg = sys.modules.get("tests.pg")
    if pg is not None:
        for schema in list(pg.LEFT_OVER):
            pg.drop_schema(schema)


def run(backend: str, n: int, rounds: int) -> dict[str, float]:
    plain, signed, costs, fold = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            signer = Signer.generate()
            stores = {False: fresh(backend, Path(tmp), None, r), True: fresh(backend, Path(tmp), signer, r)}
            spent = {False: 0.0, True: 0.0}
            for b, first in enumerate(range(0, n, BLOCK)):
                for key in ((False, True) if b % 2 == 0 else (True, False)):
                    spent[key] += commands(stores[key], min(BLOCK, n - first), first)
            plain.append(spent[False] / n * 1e6)
            signed.append(spent[True] / n * 1e6)
            costs.append(spent[True] / spent[False] - 1)
            start = time.perf_counter()
            record_checkpoint(stores[True], datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
            fold.append((time.perf_counter() - start) / n * 1e6)
            for store in stores.values():
                store.close()
            _drop_schemas()
    return {"plain_us": statistics.median(plain), "signed_us": statistics.median(signed),
            "cost": statistics.median(costs), "costs": costs,
            "checkpoint_us": statistics.median(fold)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    print("| backend | commands × repeats | unsigned µs/cmd | signed µs/cmd | signing cost,"
          " median (≤15%) | each repeat | checkpoint job µs/event |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---|---:|")
    sign_us, verify_us = primitives()
    for backend in args.backends.split(","):
        r = run(backend, args.commands, args.rounds)
        verdict = "pass" if r["cost"] <= 0.15 else "FAIL"
        each = ", ".join(f"{c:+.0%}" for c in r["costs"])
        print(f"| {backend} | {args.commands} × {args.rounds} | {r['plain_us']:.0f} |"
              f" {r['signed_us']:.0f} | {r['cost']:+.1%} {verdict} | {each} |"
              f" {r['checkpoint_us']:.1f} |")  # fmt: skip
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    print(f"\nEd25519 alone: sign {sign_us:.0f} µs, verify {verify_us:.0f} µs per event")


def primitives(n: int = 5000) -> tuple[float, float]:
    """Microseconds to sign and to check one event hash (what append and verify add)."""
    from events.signing import check_signature

    signer, digest = Signer.generate(), "ab" * 32
    start = time.perf_counter()
    for _ in range(n):
        signature = signer.sign(digest)
    sign = (time.perf_counter() - start) / n * 1e6
    start = time.perf_counter()
    for _ in range(n):
        check_signature(signer.public, digest, signature)
    return sign, (time.perf_counter() - start) / n * 1e6


if __name__ == "__main__":
    main()
