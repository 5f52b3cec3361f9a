"""CLI start-up benchmark (命令行启动): whole processes, against `python -c "import sqlalchemy"`.

    .venv/bin/python benchmarks/cli_startup.py                         # builds /tmp demo db once
    .venv/bin/python benchmarks/cli_startup.py --db /tmp/demo.db --rounds 15

The floor is the one library every command needs, imported by a bare interpreter. In
the same run, interleaved round by round (so a busy machine slows all three alike):
`casework --help`, and `casework --json case show X` on the demo database (X = the
first case the demo opened). Bytecode is cached by a warm-up round. Reported: the
median wall time of each, and its ratio to the floor's median. Targets (issue 8):
help <= 1.3x, case show <= 2.0x.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PYTHON = sys.executable
CASEWORK = str(Path(PYTHON).with_name("casework"))
NOW = "2026-11-26T10:00"
PACKAGES = ("events", "workflow", "projections", "workers")


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def demo_db(path: Path) -> str:
    url = f"sqlite:///{path}"
    env = {**os.environ, "CASEWORK_DATABASE_URL": url, "CASEWORK_NOW": NOW}
    if not path.exists():
        subprocess.run([CASEWORK, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run(
        [CASEWORK, "--json", "cases"], env=env, check=True, capture_output=True, text=True
    ).stdout
    return str(json.loads(out.splitlines()[0])["case_id"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path("/tmp/casework-bench-demo.db"))
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args()
    case = demo_db(args.db)
    env = {**os.environ, "CASEWORK_DATABASE_URL": f"sqlite:///{args.db}", "CASEWORK_NOW": NOW}
    env.pop("CASEWORK_REDIS_URL", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # "bytecode cached" must hold: some shells set it
    root = Path(__file__).resolve().parents[1]
    subprocess.run([PYTHON, "-m", "compileall", "-q", *(str(root / p) for p in PACKAGES)],
                   env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    runs = {
        "floor: python -c 'import sqlalchemy'": [PYTHON, "-c", "import sqlalchemy"],
        "casework --help": [CASEWORK, "--help"],
        f"casework --json case show {case}": [CASEWORK, "--json", "case", "show", case],
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    for argv in runs.values():  # warm-up: bytecode cached, files in the page cache
        timed(argv, env)
    for _ in range(args.rounds):
        for name, argv in runs.items():
            times[name].append(timed(argv, env))
    floor = statistics.median(next(iter(times.values())))
    print("| command | median (s) | x floor |\n|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| `{name}` | {median:.3f} | {median / floor:.2f} |")
    print(f"\n{args.rounds} rounds, load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
