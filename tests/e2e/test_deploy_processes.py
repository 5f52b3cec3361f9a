"""The single-machine set-up of docs/deploy.md, run as processes from the units' ExecStart.

The web service, one worker and the scheduler start exactly as their systemd units
say (the binary path swapped for this venv's, and the scheduler's sweep shortened from
60 s to 1 s), with the county environment file's settings pointed at a scratch SQLite
file and the test Redis. Then: the console answers /health and /ready; events written
behind every process's back (no notification) reach the read models, which only the
scheduler's sweep run by the worker can do; and each process stops on SIGTERM as
systemd stops it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from redis import Redis

from events import NewEvent
from tests.redis_server import free_port, shared_url
from workflow.bootstrap import bootstrap
from workflow.cli.app import main
from workflow.settings import from_env

pytestmark = [pytest.mark.slow, pytest.mark.redis]
ROOT = Path(__file__).resolve().parents[2]
CASEWORK = str(Path(sys.executable).with_name("casework"))


def exec_start(unit: str) -> list[str]:
    for line in (ROOT / "deploy" / "systemd" / unit).read_text().splitlines():
        if line.startswith("ExecStart="):
            program, *args = line.removeprefix("ExecStart=").split()
            assert program == "/opt/casework/venv/bin/casework"
            return [CASEWORK, *args]
    raise AssertionError(f"{unit} has no ExecStart")


def county_env(tmp_path: Path, redis_url: str) -> dict[str, str]:
    """deploy/county/casework.env with its paths and Redis moved into the test's reach."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
    for line in (ROOT / "deploy" / "county" / "casework.env").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            for path, here in (("/var/lib/casework", tmp_path), ("/etc/casework/keys", tmp_path / "keys"),
                               ("/mnt/witness", tmp_path / "witness")):  # fmt: skip
                value = value.replace(path, str(here))
            env[key] = value
    env.pop("CASEWORK_COUNTY")  # the shipped demo county
    env["CASEWORK_REDIS_URL"] = redis_url
    env["CASEWORK_QUEUE"] = f"deploy-{uuid.uuid4().hex[:8]}"
    return env


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own server
            return int(response.status)
    except OSError:
        return 0


def wait_until(check: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def test_service_worker_and_scheduler_run_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    redis_url = shared_url()
    env = county_env(tmp_path, redis_url)
    for key, value in env.items():
        if key.startswith("CASEWORK_"):
            monkeypatch.setenv(key, value)
    monkeypatch.delenv("CASEWORK_REDIS_URL")
    (tmp_path / "keys").mkdir()
    (tmp_path / "witness").mkdir()
    monkeypatch.delenv("CASEWORK_SIGNING_KEY_FILE")  # as the guide's install steps do:
    main(["init"])  # the county first (no key yet), then the key that signs from now on
    monkeypatch.setenv("CASEWORK_SIGNING_KEY_FILE", env["CASEWORK_SIGNING_KEY_FILE"])
    main(["keys", "init"])
    capsys.readouterr()
    assert (tmp_path / "keys" / "signing.key").stat().st_mode & 0o077 == 0
    port = free_port()
    web = [a.replace("8000", str(port)) for a in exec_start("casework-web.service")]
    scheduler = [*exec_start("casework-scheduler.service"), "--sweep-seconds", "1"]
    commands = {
        "web": web,
        "worker": exec_start("casework-worker@.service"),
        "scheduler": scheduler,
    }
    logs = {name: open(tmp_path / f"{name}.log", "wb") for name in commands}  # noqa: SIM115
    procs = {
        name: subprocess.Popen(
            cmd, env=env, cwd=tmp_path, stdout=logs[name], stderr=subprocess.STDOUT
        )
        for name, cmd in commands.items()
    }
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: get(f"{base}/health") == 200, 60, "the console's /health")
        assert get(f"{base}/ready") == 200

        cw = bootstrap(from_env(), project=False)  # signed, but no listener: nobody is told
        cw.store.append("ops-deploy", [NewEvent("DrillRecorded", {"n": k}) for k in range(3)])
        head = cw.store.head()
        cw.close()
        wait_until(
            lambda: lagging(capsys) == 0 and head > 0, 90, "the read models to reach the head"
        )
        for name, proc in procs.items():
            assert proc.poll() is None, f"{name} died: {(tmp_path / f'{name}.log').read_text()}"
    finally:
        for proc in procs.values():
            proc.send_signal(signal.SIGTERM)
        codes = {name: proc.wait(timeout=60) for name, proc in procs.items()}
        for log in logs.values():
            log.close()
        Redis.from_url(redis_url).delete(f"rq:queue:{env['CASEWORK_QUEUE']}")
    # systemd counts an exit on SIGTERM as a clean stop
    assert all(code in (0, -signal.SIGTERM, 128 + signal.SIGTERM) for code in codes.values()), codes


def lagging(capsys: pytest.CaptureFixture[str]) -> int:
    """The largest read-model lag behind the head, as `casework status --json` reports it."""
    main(["--json", "status"])
    status = json.loads(capsys.readouterr().out)
    return max(m["lag"] for m in status["projections"]) if status["head"] else -1
