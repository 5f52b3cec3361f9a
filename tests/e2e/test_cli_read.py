"""What people read (issue 12): messages, exit codes and tables as an officer meets them.

In-process (`tests.e2e.inprocess`) on one `casework init` database per module.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.cli import Run
from tests.e2e.inprocess import casework

NOW = "2026-06-01T10:00"


def run(db: str, user: str | None, *args: str, **env: str) -> Run:
    return casework(*args, db=db, user=user, CASEWORK_NOW=env.pop("now", NOW), **env)


def one_line(result: Run) -> str:
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err, result.err
    return lines[0]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('read') / 'read.db'}"
    assert run(url, None, "init").code == 0
    return url


def test_missing_as_is_a_usage_error_that_says_how_to_find_ids(db: str) -> None:
    result = run(db, None, "case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
                 "--party", "张三", "--summary", "x")  # fmt: skip
    assert result.code == 2, result
    line = one_line(result)
    assert "--as" in line and "casework officer list" in line, line


def test_unknown_user_says_how_to_find_ids(db: str) -> None:
    result = run(db, "sup-001", "case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
                 "--party", "张三", "--summary", "x")  # fmt: skip
    assert result.code == 4, result
    line = one_line(result)
    assert "sup-001" in line and "casework officer list" in line, line


def test_unknown_user_of_an_organisation_command_says_how_to_find_ids(db: str) -> None:
    result = run(db, "nobody", "officer", "remove", "tc-009", "--reason", "不作为", "--details", "x")
    assert result.code in (2, 4), result
    assert "casework officer list" in one_line(result)


def test_a_missing_database_file_is_named_and_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("sqlite:///casework.db", None, "cases")
    assert result.code == 1, result
    line = one_line(result)
    assert str(tmp_path / "casework.db") in line and "casework init" in line, line
    assert not (tmp_path / "casework.db").exists()


def test_an_empty_database_says_it_has_no_county(tmp_path: Path) -> None:
    from events import open_store

    url = f"sqlite:///{tmp_path / 'empty.db'}"
    open_store(url).close()
    for args in (["cases"], ["deadlines"], ["verify"], ["officer", "list"]):
        result = run(url, None, *args)
        assert result.code == 1, (args, result)
        assert str(tmp_path / "empty.db") in one_line(result)
    assert run(url, None, "init").code == 0
    assert run(url, None, "cases").code == 0


def test_history_backdated_alone_lists_every_backdated_event(db: str) -> None:
    opened = run(db, "tc-004", "--json", "case", "open", "--township", "台城镇", "--matter",
                 "SC-CF-003", "--party", "补录甲", "--summary", "x", "--at", "2026-05-30T09:00",
                 "--late-reason", "外出执法，返回后补录")  # fmt: skip
    assert opened.code == 0, opened.err
    case = json.loads(opened.out)["case_id"]
    result = run(db, None, "--json", "history", "--backdated")
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert rows and all(r["backdated"] for r in rows)
    assert f"case-{case}" in {r["stream_id"] for r in rows}


def test_rebuild_reads_as_a_sentence_not_a_dict(db: str) -> None:
    result = run(db, None, "rebuild", "cases")
    assert result.code == 0, result.err
    assert "{" not in result.out and "rebuilt cases" in result.out, result.out


def test_rebuild_in_processes_says_the_same_and_refuses_fewer_than_one(db: str) -> None:
    refused = run(db, None, "rebuild", "--all", "--processes", "0")
    assert refused.code == 2 and "--processes" in one_line(refused), refused
    assert "rebuilt" not in refused.out
    result = run(db, None, "rebuild", "cases", "--processes", "2")
    assert result.code == 0, result.err
    assert "rebuilt cases" in result.out, result.out


def test_a_refusal_names_the_act_and_who_may_do_it_in_chinese(db: str) -> None:
    opened = run(db, "tc-004", "--json", "case", "open", "--township", "台城镇", "--matter",
                 "SC-CF-003", "--party", "指派甲", "--summary", "x")  # fmt: skip
    case = json.loads(opened.out)["case_id"]
    refused = run(db, "tc-004", "case", "dispatch", case, "--officers", "tc-004,tc-005")
    assert refused.code == 4, refused
    line = one_line(refused)
    assert "指派办案人员只能由队长或副队长执行" in line, line
    assert "DispatchCase" not in line and "officer 角色" not in line, line


@pytest.fixture(scope="module")
def eleven(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with eleven penalty cases in 台城镇; the first dispatched, the last 张三丰's."""
    url = f"sqlite:///{tmp_path_factory.mktemp('eleven') / 'eleven.db'}"
    assert run(url, None, "init").code == 0
    for n in range(1, 12):
        party = "张三丰" if n == 11 else f"李{n}"
        opened = run(url, "tc-004", "case", "open", "--township", "台城镇", "--matter",
                     "SC-CF-003", "--party", party, "--summary", "未明码标价")  # fmt: skip
        assert opened.code == 0, opened.err
    done = run(url, "tc-001", "case", "dispatch", "taicheng-P-2026-1", "--officers", "tc-004,tc-005")
    assert done.code == 0, done.err
    return url


def test_cases_sort_numbers_as_numbers(eleven: str) -> None:
    listed = run(eleven, "tc-001", "--json", "cases", "--township", "台城镇")
    ids = [json.loads(line)["case_id"] for line in listed.out.splitlines()]
    assert ids.index("taicheng-P-2026-2") < ids.index("taicheng-P-2026-10"), ids


def test_cases_show_party_matter_officers_state_and_days_left(eleven: str) -> None:
    shown = run(eleven, "tc-001", "cases", "--township", "台城镇")
    assert shown.code == 0, shown.err
    assert all(len(line) <= 80 for line in shown.out.splitlines())
    first = shown.out.split("taicheng-P-2026-1 ", 1)[1]
    assert "调查中" in first.splitlines()[0] and "剩 " in first.splitlines()[0]
    detail = first.splitlines()[1]
    assert "李1" in detail and "姜欣、龙志磊" in detail and "明码标价" in detail, detail
    assert "dispatched" not in shown.out


def test_cases_by_party_and_by_chinese_state(eleven: str) -> None:
    found = run(eleven, "tc-001", "--json", "cases", "--party", "张三")
    assert [json.loads(line)["party"] for line in found.out.splitlines()] == ["张三丰"]
    opened = run(eleven, "tc-001", "--json", "cases", "--state", "已立案")
    assert len(opened.out.splitlines()) == 10
    assert all(json.loads(line)["state_zh"] == "已立案" for line in opened.out.splitlines())
    assert run(eleven, None, "cases", "--party", "张").code == 4, "a party search needs --as"


def test_without_a_role_that_needs_it_the_party_is_masked(eleven: str) -> None:
    listed = run(eleven, None, "--json", "cases", "--township", "台城镇")
    parties = {json.loads(line)["party"] for line in listed.out.splitlines()}
    assert "张**" in parties and "张三丰" not in parties


@pytest.mark.parametrize("typed", ["台城镇综执罚[2026]10号", "台城镇综执罚2026-10"])
def test_case_show_takes_the_number_as_typed(eleven: str, typed: str) -> None:
    shown = run(eleven, "tc-001", "--json", "case", "show", typed)
    assert shown.code == 0, shown.err
    assert json.loads(shown.out)["case_id"] == "taicheng-P-2026-10"


def test_a_command_reports_the_act_and_state_in_chinese(db: str) -> None:
    opened = run(db, "tc-004", "case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
                 "--party", "结果甲", "--summary", "x")  # fmt: skip
    assert opened.code == 0, opened.err
    assert "立案 → 已立案 (opened)" in opened.out and "CaseOpened" not in opened.out, opened.out
    as_json = run(db, "tc-004", "--json", "case", "open", "--township", "台城镇", "--matter",
                  "SC-CF-003", "--party", "结果乙", "--summary", "x")  # fmt: skip
    assert json.loads(as_json.out)["state_zh"] == "已立案"


def test_help_shows_no_bool_type_for_flags_and_every_case_option_is_explained(db: str) -> None:
    shown = run(db, None, "case", "dispatch", "--help")
    assert shown.code == 0 and "<bool>" not in shown.out, shown.out
    assert "at least two" in shown.out
    root = run(db, None, "--help")
    assert "<bool>" not in root.out and "--json" in root.out


def test_every_option_of_every_command_has_help() -> None:
    import click
    import typer
    import typer.main

    from workflow.cli.app import COMMANDS, app

    root = typer.main.get_command(app)
    ctx = typer.Context(root)
    missing: list[str] = []

    def walk(cmd: click.Command, path: str) -> None:
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}")
            return
        missing.extend(f"{path} {p.opts[0]}" for p in cmd.params
                       if p.param_type_name == "option" and not p.help)  # fmt: skip

    for name in dict.fromkeys(n for n, _, _ in COMMANDS):
        command = root.get_command(ctx, name)
        assert command is not None, name
        walk(command, name)
    assert missing == []


def test_roster_and_officer_list_never_split_an_id_or_cut_a_name(db: str) -> None:
    roster = run(db, None, "roster", "台城镇", "--as-of", "2026-06-01")
    assert roster.code == 0, roster.err
    for n in range(1, 11):
        assert f"(tc-{n:03d})" in roster.out, f"tc-{n:03d} split across lines:\n{roster.out}"
    people = run(db, None, "officer", "list", "--township", "台城镇")
    assert "…" not in people.out and "派驻·" in people.out and "执法人员" in people.out
    assert "seconded:" not in people.out and all(len(x) <= 80 for x in people.out.splitlines())


def test_history_reads_an_event_per_block_and_masks_personal_data_for_who_needs_it_not(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'history.db'}"
    assert run(url, None, "init").code == 0
    opened = run(url, "tc-004", "case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
                 "--party", "张三", "--summary", "未明码标价", "--id-number", "140922198503120018",
                 "--address", "台城镇东街8号院")  # fmt: skip
    assert opened.code == 0, opened.err
    anyone = run(url, None, "history", "taicheng-P-2026-1")
    assert anyone.code == 0, anyone.err
    assert "140922198503120018" not in anyone.out and "东街8号院" not in anyone.out
    assert "140922********0018" in anyone.out
    heading = anyone.out.splitlines()[0]
    assert "立案 CaseOpened" in heading and "tc-004（执法人员）" in heading
    assert "    party: 张三" in anyone.out.splitlines()  # one field a line, Chinese as typed
    team = run(url, "tc-001", "history", "taicheng-P-2026-1")
    assert "140922198503120018" in team.out and "台城镇东街8号院" in team.out
