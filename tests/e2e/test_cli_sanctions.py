"""Party and sanctions on the CLI, in-process, on SQLite and PostgreSQL.

`case open` with 当事人类型/证件号 (checksums), `case party`, `case notify|decide
--sanction …` (art. 9), hearing eligibility from the sanctions and the party type
(art. 63), no heavier than notified sanction by sanction (art. 45), masking in `case show`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.case_inproc import cli, ok, refused
from tests.integration.case_db import BACKENDS, database_url
from tests.unit.case_fakes import FIRM_CODE, PERSON_ID

DAY = "2026-06-01"


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = database_url(request.param, Path(tmp_path_factory.mktemp("sanctions")))
    init = cli("init", db=url)
    assert init.code == 0
    warning = init.err.strip()  # one line naming the county values still unconfirmed
    assert "\n" not in warning and "hearing_fine_individual" in warning
    assert "max_licence_extension_days" not in warning  # confirmed: the statute fixes it
    assert "simple_procedure.spot_filing_days" in warning  # other tables' placeholders too
    assert "publicity.publish_working_days" in warning and "spot_person_max" not in warning
    yield url


def case_cli(db: str, user: str, time: str, *args: str) -> dict[str, object]:
    return ok(cli("--json", "case", *args, db=db, user=user, now=f"{DAY}T{time}"))


def events_of(db: str, case: str) -> int:
    run = cli("--json", "case", "history", case, db=db, user="tc-001", now=f"{DAY}T23:00")
    return len(ok(run)["events"])  # type: ignore[arg-type]


def open_firm(db: str, time: str = "09:00") -> str:
    opened = case_cli(
        db, "tc-004", time, "open", "--township", "台城镇", "--matter", "SC-CF-001",
        "--party", "五台县某商贸有限公司", "--party-type", "单位", "--id-number", FIRM_CODE,
        "--address", "台城镇东街1号", "--contact", "0350-6543210", "--summary", "无照经营",
        "--violation-date", "2026-05-20",
    )  # fmt: skip
    case = str(opened["case_id"])
    case_cli(db, "tc-001", time, "dispatch", case, "--officers", "tc-004,tc-005")
    case_cli(db, "tc-004", time, "evidence", case, "--kind", "现场笔录", "--text", "现场检查")
    return case


def test_open_refuses_a_bad_id_number_and_appends_nothing(db: str) -> None:
    run = cli(
        "case", "open", "--township", "台城镇", "--matter", "SC-CF-001", "--party", "张三",
        "--id-number", PERSON_ID[:-1] + "9", "--summary", "x",
        db=db, user="tc-004", now=f"{DAY}T08:00",
    )  # fmt: skip
    assert "GB 11643" in refused(run, "第五十九条")
    listed = cli("--json", "case", "show", "taicheng-P-2026-1", db=db, user="tc-004")
    assert listed.code != 0 or "张三" not in listed.out


def test_sanctions_hearing_and_no_heavier(db: str) -> None:
    case = open_firm(db)
    notice = case_cli(
        db, "tc-004", "10:00", "notify", case, "--basis", "《无证无照经营查处办法》第十三条",
        "--sanction", "罚款:60000", "--sanction", "责令停产停业", "--circumstance", "严重",
    )  # fmt: skip
    assert notice["state"] == "penalty_notified"
    shown = case_cli(db, "tc-004", "10:05", "show", case)
    assert shown["hearing_grounds"] == ["责令停产停业"]  # 60,000 is below the 单位 threshold
    assert [s["zh"] for s in shown["proposed_sanctions"]] == ["罚款", "责令停产停业"]  # type: ignore[index,union-attr]
    case_cli(db, "tc-004", "10:10", "hearing", case, "waive")
    before = events_of(db, case)
    heavier = cli(
        "case", "decide", case, "--basis", "b", "--sanction", "罚款:60001",
        db=db, user="tc-001", now=f"{DAY}T11:00",
    )  # fmt: skip
    assert "罚款" in refused(heavier, "第四十五条")
    added = cli(
        "case", "decide", case, "--basis", "b", "--sanction", "罚款:60000",
        "--sanction", "吊销许可证件", db=db, user="tc-001", now=f"{DAY}T11:00",
    )  # fmt: skip
    refused(added, "第四十五条")
    assert events_of(db, case) == before
    out_of_range = cli(
        "case", "decide", case, "--basis", "b", "--sanction", "罚款:50000", "--circumstance", "一般",
        db=db, user="tc-001", now=f"{DAY}T11:20",
    )  # fmt: skip
    assert "一般" in refused(out_of_range, "第三十四条")  # 裁量基准: 一般 is 200–20,000 here
    assert events_of(db, case) == before
    decided = case_cli(
        db, "tc-001", "11:30", "decide", case, "--basis", "b", "--sanction", "罚款:50000",
        "--circumstance", "严重",
    )  # fmt: skip
    assert decided["state"] == "penalty_decided"
    shown = case_cli(db, "tc-004", "11:35", "show", case)
    assert shown["decided_sanctions"][0]["amount"] == 50000  # type: ignore[index]


def test_a_malformed_sanction_is_a_usage_error(db: str) -> None:
    case = open_firm(db, "12:00")
    run = cli(
        "case", "notify", case, "--basis", "b", "--sanction", "拘留:5",
        db=db, user="tc-004", now=f"{DAY}T12:30",
    )  # fmt: skip
    assert run.code == 2 and "第九条" in run.err


def test_show_masks_the_party_for_roles_that_do_not_need_it(db: str) -> None:
    case = open_firm(db, "13:00")
    officer = case_cli(db, "tc-004", "13:10", "show", case)
    assert officer["party_detail"]["id_number"] == FIRM_CODE  # type: ignore[index]
    admin = cli("--json", "case", "show", case, db=db, user="ad-001", now=f"{DAY}T13:10")
    shown = ok(admin)["party_detail"]
    assert shown["id_number"] == "*" * 14 + FIRM_CODE[-4:] and shown["masked"]  # type: ignore[index]
    assert FIRM_CODE not in admin.out and "0350-6543210" not in admin.out
    human = cli("case", "show", case, db=db, now=f"{DAY}T13:10")
    assert FIRM_CODE not in human.out and FIRM_CODE[-4:] in human.out


def test_the_amount_shorthand_and_a_person_threshold(db: str) -> None:
    opened = case_cli(
        db, "tc-004", "14:00", "open", "--township", "台城镇", "--matter", "SC-CF-001",
        "--party", "张三", "--id-number", PERSON_ID, "--address", "东街", "--summary", "无照经营",
    )  # fmt: skip
    case = str(opened["case_id"])
    case_cli(db, "tc-001", "14:00", "dispatch", case, "--officers", "tc-004,tc-005")
    case_cli(db, "tc-004", "14:00", "evidence", case, "--kind", "现场笔录", "--text", "t")
    case_cli(db, "tc-004", "14:10", "notify", case, "--basis", "b", "--amount", "10000",
             "--circumstance", "一般")  # fmt: skip
    shown = case_cli(db, "tc-004", "14:20", "show", case)
    assert shown["hearing_grounds"] and "个人" in shown["hearing_grounds"][0]  # type: ignore[index]
    requested = case_cli(db, "tc-004", "14:30", "hearing", case, "request")
    assert requested["state"] == "hearing"


def test_a_fine_below_the_benchmark_needs_a_recorded_ground(db: str) -> None:
    case = open_firm(db, "15:00")
    notice = ("case", "notify", case, "--basis", "b", "--amount", "100")
    refused(cli(*notice, db=db, user="tc-004", now=f"{DAY}T15:20"), "第三十四条")  # no circumstance
    low = cli(*notice, "--circumstance", "一般", db=db, user="tc-004", now=f"{DAY}T15:20")
    assert "从轻" in refused(low, "第三十二条")
    done = case_cli(db, "tc-004", "15:30", "notify", case, "--basis", "b", "--amount", "100",
                    "--circumstance", "一般", "--discretion-ground", "从轻",
                    "--discretion-reason", "主动消除违法行为危害后果")  # fmt: skip
    assert done["state"] == "penalty_notified"


def test_discretion_sanction_kinds_and_the_items_cap(db: str) -> None:
    case = open_firm(db, "16:00")
    before = events_of(db, case)
    notice = ("case", "notify", case, "--basis", "b", "--sanction", "罚款:1000",
              "--sanction", "暂扣许可证件", "--circumstance", "一般")  # fmt: skip
    line = refused(cli(*notice, db=db, user="tc-004", now=f"{DAY}T16:10"), "第三十四条")
    assert "discretion-sanction" in line and "暂扣许可证件" in line
    over = ("case", "notify", case, "--basis", "b", "--sanction", "罚款:100001",
            "--circumstance", "严重", "--discretion-ground", "从重",
            "--discretion-reason", "多次违法")  # fmt: skip
    line = refused(cli(*over, db=db, user="tc-004", now=f"{DAY}T16:20"), "第三十四条")
    assert "discretion-cap" in line and "100000" in line
    assert events_of(db, case) == before
    done = case_cli(db, "tc-004", "16:30", *notice[1:], "--discretion-ground", "从重",
                    "--discretion-reason", "拒不改正")  # fmt: skip
    assert done["state"] == "penalty_notified"


def test_a_fine_at_the_items_cap_is_allowed(db: str) -> None:
    case = open_firm(db, "17:00")
    done = case_cli(db, "tc-004", "17:10", "notify", case, "--basis", "b",
                    "--sanction", "罚款:100000", "--circumstance", "严重")  # fmt: skip
    assert done["state"] == "penalty_notified"
