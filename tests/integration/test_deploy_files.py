"""The deployment files under deploy/ are valid: units, scripts, nginx, cron, env, PostgreSQL.

Each file is checked by the tool that will read it where that tool is on the machine
(`systemd-analyze verify`, `sh -n`, `nginx -t`, the PostgreSQL server's own list of
settings) and by a parser here in any case, so a typo fails CI rather than a county.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests import pg
from workflow.cli.app import main

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
CASEWORK = Path(sys.executable).with_name("casework")
UNITS = sorted((DEPLOY / "systemd").iterdir())
SCRIPTS = sorted((DEPLOY / "bin").iterdir()) + [
    DEPLOY / "postgres" / "base-backup", DEPLOY / "postgres" / "restore-drill",
]  # fmt: skip
ENV_FILES = [DEPLOY / "county" / "casework.env", DEPLOY / "province" / "casework.env"]
SECTIONS = {"Unit", "Service", "Install", "Timer"}
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None
)


def unit_sections(path: Path) -> dict[str, dict[str, list[str]]]:
    """A systemd unit file as {section: {key: [values]}}; anything else is an error."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith(("#", ";")):
            continue
        if m := re.fullmatch(r"\[(\w+)\]", line):
            assert m[1] in SECTIONS, f"{path.name}:{number}: unknown section {m[1]}"
            current = sections.setdefault(m[1], {})
            continue
        key, sep, value = line.partition("=")
        assert current is not None and sep and re.fullmatch(r"[A-Z]\w+", key), (
            f"{path.name}:{number}: not a Key=value line: {line!r}"
        )
        current.setdefault(key, []).append(value)
    return sections


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_unit_files_parse_and_run_casework_commands_that_exist(unit: Path) -> None:
    sections = unit_sections(unit)
    assert "Description" in sections["Unit"]
    if unit.suffix == ".timer":
        assert "OnCalendar" in sections["Timer"] and "Install" in sections
        assert (DEPLOY / "systemd" / unit.name.replace(".timer", ".service")).exists()
        return
    service = sections["Service"]
    assert service["User"] == ["casework"] and service["EnvironmentFile"] == [
        "/etc/casework/casework.env"
    ]
    (command,) = service["ExecStart"]
    program, *args = command.split()
    if program == "/opt/casework/venv/bin/casework":
        parse_cli(args)
    else:
        assert program.startswith("/opt/casework/bin/")
        assert (DEPLOY / "bin" / Path(program).name).is_file()


def parse_cli(args: list[str]) -> None:
    """Parse a casework command line as the CLI does: an unknown command or option exits 2
    before `--help` (eager) would print the command's help and exit 0."""
    try:
        main([*args, "--help"])
    except SystemExit as exit_:
        assert not exit_.code, f"casework {' '.join(args)}: usage error"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_analyze_verifies_every_unit(tmp_path: Path) -> None:
    """Point the units at this machine's casework and scripts, then ask systemd itself."""
    for unit in UNITS:
        text = unit.read_text().replace("/opt/casework/venv/bin/casework", str(CASEWORK))
        text = text.replace("/opt/casework/bin/", f"{DEPLOY / 'bin'}/")
        (tmp_path / unit.name).write_text(text)
    units = [str(tmp_path / u.name) for u in UNITS]
    done = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_shell_scripts_parse_and_are_executable(script: Path) -> None:
    assert os.access(script, os.X_OK), f"{script.name} is not executable"
    assert script.read_text().startswith("#!/bin/sh\n")
    done = subprocess.run(["sh", "-n", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    if shutil.which("shellcheck"):
        check = subprocess.run(["shellcheck", str(script)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout


@pytest.mark.parametrize("env_file", ENV_FILES, ids=lambda p: p.parent.name)
def test_environment_files_name_only_settings_casework_reads(env_file: Path) -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "workflow").rglob("*.py"))
    source += "\n".join(p.read_text() for p in (DEPLOY / "bin").iterdir())
    values = {}
    for line in env_file.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep and re.fullmatch(r"CASEWORK_[A-Z_]+", key), line
        assert key in source, f"{key} is read by nothing"
        assert "password" not in value.lower() and not re.search(r"://[^/@]*:[^/@]*@", value)
        values[key] = value
    assert values["CASEWORK_DATABASE_URL"].startswith(("sqlite:////", "postgresql+psycopg://"))


def test_cron_file_runs_the_backup_script_at_a_valid_time() -> None:
    entries = [
        line.split(None, 6)
        for line in (DEPLOY / "cron" / "casework-backup").read_text().splitlines()
        if line.strip() and not line.startswith("#") and "=" not in line.split()[0]
    ]
    assert len(entries) == 1
    minute, hour, dom, month, dow, user, command = entries[0]
    assert 0 <= int(minute) < 60 and 0 <= int(hour) < 24 and (dom, month, dow) == ("*", "*", "*")
    assert user == "casework"
    for word in command.split():
        if word.startswith("/opt/casework/bin/"):
            assert (DEPLOY / "bin" / Path(word).name).is_file()


def test_nginx_site_is_well_formed(tmp_path: Path) -> None:
    text = (DEPLOY / "nginx" / "casework.conf").read_text()
    body = re.sub(r"#[^\n]*", "", text)
    depth = 0
    for token in re.findall(r"[{};]|[^\s{};]+", body):
        depth += {"{": 1, "}": -1}.get(token, 0)
        assert depth >= 0
    assert depth == 0
    statements = [s.strip() for s in re.split(r"[{};]", body) if s.strip()]
    assert "proxy_pass http://casework_web" in statements
    if NGINX is None:
        pytest.skip("nginx not installed: the parser above is the check")
    nginx_t(tmp_path, text)


def nginx_t(tmp_path: Path, site: str) -> None:
    """`nginx -t` on the site inside a minimal main config, with a throw-away certificate."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=casework.example.gov.cn", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)  # fmt: skip
    site = site.replace("/etc/casework/tls/fullchain.pem", str(cert))
    site = site.replace("/etc/casework/tls/privkey.pem", str(key))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n include {tmp_path}/site.conf;\n}}\n"
    )
    assert NGINX is not None
    done = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.mark.postgres
def test_postgresql_settings_are_settings_the_server_knows() -> None:
    pg.ensure_database()
    with psycopg.connect(pg.conninfo()) as conn:
        known = {r[0] for r in conn.execute("SELECT name FROM pg_settings").fetchall()}
    for name in ("archiving.conf", "recovery.conf"):
        for line in (DEPLOY / "postgres" / name).read_text().splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            m = re.fullmatch(r"(\w+) = ('[^']*'|[\w.]+)", line)
            assert m, f"{name}: not a `name = value` line: {line!r}"
            assert m[1] in known, f"{name}: PostgreSQL has no setting {m[1]}"


def test_the_nightly_backup_script_backs_up_drills_and_prunes(tmp_path: Path) -> None:
    from events import NewEvent, open_store

    db = tmp_path / "casework.db"
    store = open_store(f"sqlite:///{db}")
    store.append("drill-x", [NewEvent("DrillRecorded", {"当事人": "王五"})])
    store.close()
    backups = tmp_path / "backups"
    backups.mkdir()
    old = backups / "casework-20200101T000000Z.cwbak"
    old.write_bytes(b"old")
    os.utime(old, (time.time() - 50 * 86400,) * 2)
    env = {**os.environ, "CASEWORK_BIN": str(CASEWORK), "CASEWORK_DATABASE_URL": f"sqlite:///{db}",
           "CASEWORK_BACKUP_DIR": str(backups), "CASEWORK_BACKUP_KEEP_DAYS": "35",
           "TMPDIR": str(tmp_path)}  # fmt: skip
    done = subprocess.run([str(DEPLOY / "bin" / "casework-backup")], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "restored and verified in a drill" in done.stdout
    made = list(backups.glob("casework-2*.cwbak"))
    assert len(made) == 1 and not old.exists()
    assert list(tmp_path.glob("casework-drill.*")) == []  # the scratch copy is gone
