"""The case CLI as a user runs it: a subprocess against SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.e2e.cli import Run, casework
from tests.integration.case_db import BACKENDS, database_url

DAY = "2026-06-01"


def at(db: str, user: str, time: str, *args: str) -> Run:
    """Run a case command with the clock set to DAY at the given local time."""
    return casework("--json", *args, db=db, user=user, CASEWORK_NOW=f"{DAY}T{time}")


def later(db: str, user: str, when: str, *args: str) -> Run:
    """Run a case command with the clock set to a given local time."""
    return casework("--json", *args, db=db, user=user, CASEWORK_NOW=when)


def ok(run: Run) -> dict[str, object]:
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("backend", BACKENDS)
def test_full_penalty_path(backend: str, tmp_path: Path) -> None:
    db = database_url(backend, tmp_path)
    assert casework("init", db=db).code == 0
    opened = ok(
        at(
            db,
            "tc-004",
            "09:00",
            "case",
            "open",
            "--township",
            "台城镇",
            "--matter",
            "SC-CF-001",
            "--party",
            "张三",
            "--summary",
            "无照经营",
            "--violation-date",
            "2026-05-20",
            "--id-number",
            "140922198503120018",
            "--address",
            "台城镇东街1号",
        )
    )
    case = str(opened["case_id"])
    assert (case, opened["number"]) == ("taicheng-P-2026-1", "台城镇综执罚〔2026〕1号")
    ok(at(db, "tc-001", "09:30", "case", "dispatch", case, "--officers", "tc-004,tc-005"))
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8 photo bytes")
    ok(
        at(
            db,
            "tc-004",
            "10:00",
            "case",
            "evidence",
            case,
            "--kind",
            "照片",
            "--text",
            "现场照片",
            "--file",
            str(photo),
        )
    )
    ok(
        at(
            db,
            "tc-005",
            "11:00",
            "case",
            "notify",
            case,
            "--amount",
            "20000",
            "--basis",
            "第十三条",
            "--circumstance",
            "一般",
        )
    )
    assert ok(at(db, "tc-004", "11:30", "case", "hearing", case, "request"))["state"] == "hearing"
    for person, duty in (("tc-003", "legal_reviewer"), ("tc-002", "decider")):
        ok(at(db, "tc-001", "11:40", "case", "duty", "--township", "taicheng",
              "--person", person, "--duty", duty))  # fmt: skip
    ok(at(db, "tc-001", "12:00", "case", "hearing", case, "schedule", "--on", "2026-06-10",
          "--place", "台城镇执法队听证室", "--chair", "tc-006"))  # fmt: skip
    record = tmp_path / "听证笔录.pdf"
    record.write_bytes(b"%PDF hearing record")
    held = ("case", "hearing", case, "held", "--record", str(record), "--command-id", "h-1")
    ok(later(db, "tc-006", "2026-06-10T09:00", *held))
    again = ok(later(db, "tc-006", "2026-06-10T09:05", *held))
    assert again["duplicate"] is True
    ok(later(db, "tc-003", "2026-06-10T15:00", "case", "legal-review", case,
             "--result", "passed", "--opinion", "同意"))  # fmt: skip
    ok(later(db, "tc-002", "2026-06-10T16:00", "case", "decide", "台城镇综执罚〔2026〕1号",
             "--amount", "15000", "--basis", "第十三条"))  # fmt: skip
    refused = later(db, "tc-004", "2026-06-10T16:30", "case", "close", case, "--outcome", "executed")
    assert refused.code == 3 and "尚未送达" in refused.err  # executed only when performed
    decision = ok(later(db, "tc-004", "2026-06-10T16:35", "document", "issue", case,
                        "--kind", "decision"))  # fmt: skip
    ok(later(db, "tc-004", "2026-06-10T16:40", "case", "serve", case, "--document",
             str(decision["number"]), "--method", "直接送达"))  # fmt: skip
    ok(later(db, "tc-004", "2026-06-10T16:50", "case", "pay", case, "--amount", "15000",
             "--receipt", "B1"))  # fmt: skip
    ok(later(db, "tc-004", "2026-06-10T17:00", "case", "close", case, "--outcome", "executed"))
    reviewed = later(db, "sv-001", "2026-06-10T18:00", "case", "review", case,
                     "--verdict", "qualified", "--findings", "案卷规范")  # fmt: skip
    assert ok(reviewed)["state"] == "reviewed"
    shown = ok(later(db, "tc-004", "2026-06-10T18:30", "case", "show", case))
    assert shown["state"] == "reviewed" and shown["decided_amount"] == 15000
    history = ok(later(db, "sv-001", "2026-06-10T18:30", "case", "history", case))["events"]
    assert isinstance(history, list) and len(history) == 11
    evidence = next(e for e in history if e["type"] == "EvidenceRecorded")
    assert evidence["data"]["file_sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert {e["role"] for e in history} >= {"officer", "leader", "deputy", "supervisor"}
    assert all(len(e["hash"]) == 64 for e in history)
    human = casework("case", "show", case, db=db, CASEWORK_NOW=f"{DAY}T19:00")
    assert "台城镇综执罚〔2026〕1号" in human.out and "已评查" in human.out
    counting = [line for line in human.out.splitlines() if "剩" in line]
    # a closed case counts down none of the team's deadlines; the party's remedy windows,
    # which run from service (复议 60 days, 诉讼 6 months), stay open after 结案
    assert counting and all("行政复议申请期限" in x or "行政诉讼起诉期限" in x for x in counting), counting


@pytest.mark.parametrize("backend", BACKENDS)
def test_refused_command_exits_3_with_one_line(backend: str, tmp_path: Path) -> None:
    db = database_url(backend, tmp_path)
    assert casework("init", db=db).code == 0
    ok(
        at(
            db,
            "tc-004",
            "09:00",
            "case",
            "open",
            "--township",
            "taicheng",
            "--matter",
            "SC-CF-001",
            "--party",
            "李四",
            "--summary",
            "s",
        )
    )
    refused = at(
        db, "tc-001", "09:30", "case", "dispatch", "taicheng-P-2026-1", "--officers", "tc-004"
    )
    assert refused.code == 3
    assert len(refused.err.strip().splitlines()) == 1
    assert "第四十二条" in refused.err and "Traceback" not in refused.err
    other = at(
        db, "gz-004", "09:40", "case", "evidence", "taicheng-P-2026-1", "--kind", "k", "--text", "t"
    )
    assert other.code == 4 and "Traceback" not in other.err
    history = ok(at(db, "tc-001", "10:00", "case", "history", "taicheng-P-2026-1"))
    assert len(history["events"]) == 1  # type: ignore[arg-type]


def test_lifecycle_diagram(tmp_path: Path) -> None:
    run = casework("lifecycle", "--format", "mermaid", db=f"sqlite:///{tmp_path / 'x.db'}")
    assert run.code == 0 and run.out.startswith("stateDiagram-v2")
    dot = casework("lifecycle", "--format", "dot", db=f"sqlite:///{tmp_path / 'x.db'}")
    assert dot.code == 0 and 'start [shape=point, label=""];' in dot.out


@pytest.mark.slow
def test_demo_runs_with_about_320_actions(tmp_path: Path) -> None:
    run = casework("--json", "demo", "--seed", "7", db=f"sqlite:///{tmp_path / 'demo.db'}")
    assert run.code == 0, run.err
    summary = json.loads(run.out)
    assert 300 <= summary["enforcement_actions"] <= 340
    assert summary["hearings_held"] > 0 and summary["legal_reviews"] > 0
    assert summary["licences_granted"] > 0 and summary["licences_refused"] > 0
    assert summary["dropped"] > 0 and summary["extensions"] > 0 and summary["overdue_open"] > 0
    decisions = ("no_penalty_decided", "transferred", "withdrawn")  # 处罚法 57: each counted
    assert all(summary[k] > 0 for k in decisions), {k: summary[k] for k in decisions}
    outcomes = summary["outcomes"]
    closed_as = {"no_penalty_decided": "no_penalty", "transferred": "transferred", "withdrawn": "withdrawn"}
    assert all(summary[k] >= outcomes.get(v, 0) for k, v in closed_as.items()), outcomes  # closed or not
    assert set(summary["reviews"]) == {"qualified", "defective", "erroneous"}
    assert summary["officer_removed"] == 1 and summary["personnel_actions"] == 1
    fronts = summary["fronts"]  # leads, licence applications, pauses, discretion (issue 9)
    assert all(n > 0 for k, n in fronts.items() if k != "on_estimate"), fronts
    procedure = summary["procedure"]  # 回避, 更换, 未出席听证, 审核退回, 集体讨论… (issue 9)
    assert all(n > 0 for n in procedure.values()), procedure
    assert "recusals" in procedure and "reviews_returned" in procedure
