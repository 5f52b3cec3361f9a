"""`casework inquiry open|statement|opinion|agree|decide|reinstate|show|list`, in process."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.inprocess import Session


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Session:
    return Session(tmp_path, monkeypatch, capsys)


def test_an_inquiry_ends_in_dismissal_seen_in_the_roster(cli: Session) -> None:
    opened = cli("--json", "--as", "sv-001", "inquiry", "open", "--officer", "tc-005",
                 "--ground", "不作为", "--details", "多次接报不出警").json()  # fmt: skip
    ref = opened[0]["inquiry"]
    assert cli("--as", "tc-005", "inquiry", "statement", ref, "--text", "当日另有任务").code == 0
    early = cli("--as", "tc-001", "inquiry", "decide", ref, "--sanction", "dismiss", "--reasons", "r")
    assert early.code == 3 and "同意" in early.err
    assert cli("--as", "sv-001", "inquiry", "agree", ref, "--sanction", "dismiss").code == 0
    done = cli("--as", "tc-001", "inquiry", "decide", ref, "--sanction", "dismiss", "--reasons", "长期不作为")
    assert done.code == 0, done.err
    [team] = cli("--json", "roster", "taicheng").json()
    assert "tc-005" in {p["id"] for p in team["removed"]}
    assert cli("--as", "tc-005", "inquiry", "show", ref).code == 4  # removed: acts on nothing
    [record, *_] = cli("--json", "accountability", "tc-005").json()
    assert [(q["inquiry_id"], q["sanction"]) for q in record["oversight"]["inquiries"]] == [(ref, "dismiss")]
    [team] = cli("--json", "accountability", "--township", "taicheng", "--team").json()
    assert team["team"] == "taicheng" and team["inquiries"] == {"dismiss": 1}


def test_reassignment_posts_away_apart_from_removal_and_the_leader_restores(cli: Session) -> None:
    ref = cli("--json", "--as", "sv-001", "inquiry", "open", "--officer", "tc-005", "--ground", "乱作为",
              "--details", "执法作风粗暴").json()[0]["inquiry"]  # fmt: skip
    assert cli("--as", "tc-005", "inquiry", "statement", ref, "--waive").code == 0
    assert cli("--as", "sv-001", "inquiry", "agree", ref, "--sanction", "reassign").code == 0
    done = cli("--as", "tc-001", "inquiry", "decide", ref, "--sanction", "reassign", "--reasons", "作风粗暴")
    assert done.code == 0, done.err
    [team] = cli("--json", "roster", "taicheng").json()
    assert [p["id"] for p in team["posted_away"]] == ["tc-005"] and team["removed"] == []
    shown = cli("roster", "taicheng").out
    assert "调离执法岗位" in shown and "作风粗暴" in shown
    listed = {r["id"]: r for r in cli("--json", "officer", "list", "--township", "taicheng").json()}
    assert listed["tc-005"]["posted_away"] and not listed["tc-005"]["removed"]
    assert cli("--as", "tc-005", "inquiry", "show", ref).code == 0  # away: reads their own
    assert [r["inquiry_id"] for r in cli("--json", "--as", "tc-005", "inquiry", "list").json()] == [ref]
    [own] = cli("--json", "--as", "tc-005", "accountability").json()  # their own record only
    assert own["officer_id"] == "tc-005" and own["posted_away"]["on"] == "2026-06-15"
    assert cli("--as", "tc-005", "accountability", "tc-006").code == 4
    later = cli("--json", "--as", "sv-001", "inquiry", "open", "--officer", "tc-005", "--ground", "不作为",
                "--details", "调离前多次接报不出警").json()[0]["inquiry"]  # still answerable while away
    assert cli("--as", "tc-005", "inquiry", "statement", later, "--text", "当日另有任务").code == 0
    opening = cli("--as", "tc-005", "case", "open", "--township", "台城镇", "--matter", "SC-CF-001",
                  "--party", "张三", "--summary", "s")  # fmt: skip
    assert opening.code == 4 and "调离" in opening.err  # acts on no case
    [record] = cli("--json", "accountability", "tc-005").json()
    assert record["posted_away"]["on"] == "2026-06-15" and record["removal"] is None
    assert "调离执法岗位 posted away" in cli("accountability", "tc-005").out
    before = cli.head()
    for actor, code in (("sv-001", 4), ("tc-002", 4), ("tc-005", 4)):  # SAMPLE: the leader restores
        denied = cli("--as", actor, "inquiry", "reinstate", "tc-005", "--reasons", "整改到位")
        assert denied.code == code and denied.err.count("\n") == 1, (actor, denied.err)
    assert cli("--as", "tc-001", "inquiry", "reinstate", "tc-006", "--reasons", "r").code == 3  # not away
    early = cli("--as", "tc-001", "inquiry", "reinstate", "tc-005", "--reasons", "整改到位")
    assert early.code == 3 and "同意" in early.err  # SAMPLE: the supervisor agrees first
    assert cli("--as", "tc-001", "inquiry", "agree-reinstate", "tc-005").code == 4
    assert cli.head() == before
    assert cli("--as", "sv-001", "inquiry", "agree-reinstate", "tc-005", "--comments", "同意").code == 0
    back = cli("--as", "tc-001", "inquiry", "reinstate", "tc-005", "--reasons", "整改到位")
    assert back.code == 0, back.err
    [team] = cli("--json", "roster", "taicheng").json()
    assert team["posted_away"] == [] and "tc-005" in {p["id"] for p in team["township_staff"]}
    assert cli("--as", "tc-005", "inquiry", "show", ref).code == 0  # back on duty
    assert cli("--as", "tc-005", "accountability", "tc-006").code == 4  # an officer reads their own
    assert len(cli("--json", "--as", "tc-001", "accountability", "--all").json()) > 1  # the leader: the team
    assert cli("--json", "accountability", "tc-005").json()[0]["posted_away"] is None


def test_an_officer_lists_only_their_own_inquiries(cli: Session) -> None:
    for officer in ("tc-005", "tc-006"):
        ran = cli("--as", "sv-001", "inquiry", "open", "--officer", officer, "--ground", "乱作为",
                  "--details", "d")  # fmt: skip
        assert ran.code == 0, ran.err
    assert [r["officer_id"] for r in cli("--json", "--as", "tc-006", "inquiry", "list").json()] == ["tc-006"]
    assert len(cli("--json", "--as", "tc-001", "inquiry", "list").json()) == 2
    assert cli("--json", "--as", "gz-001", "inquiry", "list").json() == []
    denied = cli("--as", "tc-006", "inquiry", "show", "taicheng-2026-1")
    assert denied.code == 4 and denied.err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ("--as", "tc-001", "inquiry", "open", "--officer", "tc-005", "--ground", "不作为", "--details", "d"),
        ("--as", "sv-001", "inquiry", "open", "--officer", "tc-005", "--ground", "lazy", "--details", "d"),
        ("--as", "sv-001", "inquiry", "open", "--ground", "不作为", "--details", "d"),
        ("--as", "sv-001", "inquiry", "open", "--officer", "tc-005", "--ground", "不作为", "--details", " "),
        ("--as", "sv-001", "inquiry", "decide", "taicheng-2026-7", "--sanction", "talk", "--reasons", "r"),
    ],
)
def test_bad_input_is_one_line_and_appends_nothing(cli: Session, argv: tuple[str, ...]) -> None:
    before = cli.head()
    ran = cli(*argv)
    assert ran.code != 0 and ran.err.count("\n") == 1 and ran.err.startswith("casework: ")
    assert cli.head() == before


def test_failed_assessment_notices_are_listed_for_supervisors_until_followed(
    cli: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`inquiry failed`: the 不合格 notices (to the supervisors, not decisions) no inquiry has
    followed; an inquiry on that ground needs the 不合格 on record."""
    monkeypatch.setenv("CASEWORK_NOW", "2026-12-05T10:00:00")
    assert cli("--as", "tc-005", "duty", "report", "--year", "2026", "--text", "全年述职").code == 0
    named = ["--evaluator", "tc-001", "--evaluator", "tc-002", "--evaluator", "tc-006"]
    assert cli("--as", "tc-001", "duty", "evaluators", "--township", "taicheng", "--year", "2026", *named).code == 0
    for evaluator in ("tc-001", "tc-002", "tc-006"):
        ran = cli("--as", evaluator, "duty", "evaluate", "tc-005", "--year", "2026", "--grade", "不称职")
        assert ran.code == 0, ran.err
    monkeypatch.setenv("CASEWORK_NOW", "2027-01-02T10:00:00")
    assert cli("--as", "sv-001", "assessment", "2026", "--issue").code == 0
    [notice] = cli("--as", "sv-001", "--json", "inquiry", "failed").json()
    assert (notice["officer_id"], notice["year"]) == ("tc-005", 2026)
    assert "tc-005" in cli("--as", "sv-001", "inquiry", "failed").out
    for other in ("tc-001", "ad-001"):
        refused = cli("--as", other, "inquiry", "failed")
        assert refused.code == 4 and refused.err.count("\n") == 1, other
    before = cli.head()
    wrong = cli("--as", "sv-001", "inquiry", "open", "--officer", "tc-006", "--ground", "failed_assessment",
                "--details", "年度考核不合格")  # fmt: skip
    assert wrong.code == 3 and wrong.err.count("\n") == 1 and cli.head() == before
    opened = cli("--as", "sv-001", "inquiry", "open", "--officer", "tc-005", "--ground", "failed_assessment",
                 "--details", "2026 年度考核不合格")  # fmt: skip
    assert opened.code == 0, opened.err
    assert cli("--as", "sv-001", "--json", "inquiry", "failed").json() == []
