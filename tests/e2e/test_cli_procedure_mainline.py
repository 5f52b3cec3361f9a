"""The main line's rules on the CLI (in-process, SQLite and PostgreSQL), refused then allowed:
matter-in-catalogue, kind-matches (处罚法 24), dispatch-by-leader, two-officers,
officer-on-team, certificate (42), evidence-first (40), penalty-case, notice-rights (44),
hearing-waived, already-waived (45, 64), hearing-deadline (64), recusal-reason (43),
designee (57, 58), lifecycle, verdict (75); who may dispatch or review is refused by role
first (exit 4, the line names the act and who may do it), which dispatch-by-leader and
review-by-supervisor repeat inside the domain. A rule's refusal exits 3 with its article on
one line; every refusal appends nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.case_inproc import cli, ok, refused
from tests.e2e.test_cli_procedure_rules import dispatched, do, last_position
from tests.integration.case_db import BACKENDS, database_url
from tests.unit.case_fakes import PERSON_ID


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = database_url(request.param, Path(tmp_path_factory.mktemp("mainline")))
    assert cli("init", db=url).code == 0
    yield url


def refusing(db: str, user: str, when: str, statute: str, *args: str, code: int = 3,
             group: str = "case") -> str:  # fmt: skip
    """`casework GROUP ARGS` is refused with `code`, the statute named; nothing appended."""
    before = last_position(db)
    line = refused(cli(group, *args, db=db, user=user, now=when), statute, code)
    assert last_position(db) == before, line
    return line


def opening(day: str, matter: str = "SC-CF-001", *extra: str) -> tuple[str, ...]:
    return ("open", "--township", "台城镇", "--matter", matter, "--violation-date", day,
            "--party", "张三", "--summary", "无照经营", *extra)  # fmt: skip


def test_matter_in_the_catalogue_and_of_its_kind(db: str) -> None:
    day = "2026-06-01"
    line = refusing(db, "tc-004", f"{day}T09:00", "第二十四条", *opening(day, "XX-NONE-999"))
    assert "matter-in-catalogue" in line
    line = refusing(db, "tc-004", f"{day}T09:05", "第二十四条",
                    *opening(day, "SC-CF-001", "--kind", "licensing"))  # fmt: skip
    assert "kind-matches" in line
    assert do(db, "tc-004", f"{day}T09:10", *opening(day, "SC-CF-001", "--kind", "penalty"))[
        "state"] == "opened"  # fmt: skip


def test_dispatch_by_the_leadership_to_two_certified_team_officers(db: str) -> None:
    day = "2026-06-02"
    case = str(do(db, "tc-004", f"{day}T09:00", *opening(day))["case_id"])
    dispatch = ("dispatch", case, "--officers")
    by_officer = refusing(db, "tc-005", f"{day}T09:05", "队长或副队长", *dispatch, "tc-004,tc-005",
                          code=4)  # fmt: skip  # the role's refusal (dispatch-by-leader behind it)
    assert "case dispatch" in by_officer
    assert "two-officers" in refusing(db, "tc-001", f"{day}T09:10", "第四十二条", *dispatch, "tc-004")
    assert "officer-on-team" in refusing(db, "tc-001", f"{day}T09:15", "第四十二条", *dispatch,
                                         "tc-004,gz-004")  # fmt: skip
    uncertified = refusing(db, "tc-001", f"{day}T09:17", "第四十二条", *dispatch,
                           "tc-004,tc-012")  # fmt: skip  # tc-012 holds no valid 执法证
    assert "certificate" in uncertified and "tc-012" in uncertified
    assert do(db, "tc-001", f"{day}T09:20", *dispatch, "tc-004,tc-005")["state"] == "dispatched"


def test_evidence_before_the_notice_and_the_notice_on_a_penalty_case(db: str) -> None:
    day = "2026-06-03"
    case = str(do(db, "tc-004", f"{day}T09:00", *opening(day, "SC-CF-001", "--id-number", PERSON_ID,
                                                             "--address", "东街"))["case_id"])  # fmt: skip
    do(db, "tc-001", f"{day}T09:05", "dispatch", case, "--officers", "tc-004,tc-005")
    notify = ("notify", case, "--basis", "b", "--sanction", "罚款:500", "--circumstance", "一般")
    assert "evidence-first" in refusing(db, "tc-004", f"{day}T09:10", "第四十条", *notify)
    do(db, "tc-004", f"{day}T09:15", "evidence", case, "--kind", "现场笔录", "--text", "t")
    assert do(db, "tc-004", f"{day}T09:20", *notify)["state"] == "penalty_notified"


def test_a_waived_defence_is_waived_once_and_no_hearing_follows(db: str) -> None:
    day = "2026-06-04"
    case = dispatched(db, day, "--id-number", PERSON_ID, "--address", "东街")
    do(db, "tc-004", f"{day}T09:30", "notify", case, "--basis", "b", "--sanction", "罚款:20000",
       "--circumstance", "一般")  # fmt: skip
    do(db, "tc-004", f"{day}T10:00", "hearing", case, "waive")
    assert "already-waived" in refusing(db, "tc-004", f"{day}T10:05", "第四十五条",
                                        "hearing", case, "waive")  # fmt: skip
    assert "hearing-waived" in refusing(db, "tc-004", f"{day}T10:10", "第六十四条",
                                        "hearing", case, "request")  # fmt: skip


def test_a_hearing_is_requested_within_five_working_days(db: str) -> None:
    day = "2026-06-08"  # Monday: five working days end on Friday 12 June
    late, timely = (dispatched(db, day, "--id-number", PERSON_ID, "--address", "东街")
                    for _ in range(2))  # fmt: skip
    for case in (late, timely):
        do(db, "tc-004", f"{day}T10:00", "notify", case, "--basis", "b", "--sanction",
           "罚款:20000", "--circumstance", "一般")  # fmt: skip
    line = refusing(db, "tc-004", "2026-06-16T10:00", "第六十四条", "hearing", late, "request")
    assert "hearing-deadline" in line
    assert do(db, "tc-004", "2026-06-12T10:00", "hearing", timely, "request")["state"] == "hearing"


def test_a_recusal_states_its_reason(db: str) -> None:
    case = dispatched(db, "2026-06-09")
    recuse = ("recuse", case, "--officer", "tc-005", "--applicant", "party")
    line = refusing(db, "tc-001", "2026-06-09T10:00", "第四十三条", *recuse, "--reason", " ")
    assert "recusal-reason" in line
    do(db, "tc-001", "2026-06-09T10:05", *recuse, "--reason", "系当事人近亲属")


def test_a_duty_goes_to_a_person_on_the_roster(db: str) -> None:
    duty = ("duty", "--township", "taicheng", "--duty", "legal_reviewer", "--person")
    line = refusing(db, "tc-001", "2026-06-10T09:00", "第五十八条", *duty, "tc-999")
    assert "designee" in line
    assert ok(cli("--json", "case", *duty, "tc-003", db=db, user="tc-001",
                  now="2026-06-10T09:05"))["person"] == "tc-003"  # fmt: skip


def test_the_lifecycle_and_the_review_by_a_supervisor(db: str) -> None:
    day = "2026-06-11"
    case = dispatched(db, day)
    assert "lifecycle" in refusing(db, "sv-001", f"{day}T10:00", "第五章", "review", case,
                                   "--verdict", "qualified", "--findings", "f")  # fmt: skip
    do(db, "tc-001", f"{day}T10:05", "withdraw", case, "--reason", "不属于本机关管辖，移交县市场监管局")
    do(db, "tc-004", f"{day}T10:10", "close", case, "--outcome", "withdrawn")
    review = ("review", case, "--findings", "卷宗齐全")
    by_leader = refusing(db, "tc-001", f"{day}T10:15", "监督人员", *review, "--verdict",
                         "qualified", code=4)  # fmt: skip  # the role's (review-by-supervisor)
    assert "case review" in by_leader
    assert "[verdict;" in refusing(db, "sv-001", f"{day}T10:20", "第七十五条", *review,
                                 "--verdict", "fine")  # fmt: skip
    assert do(db, "sv-001", f"{day}T10:25", *review, "--verdict", "qualified")["state"] == "reviewed"


def test_no_decision_within_the_defence_period(db: str) -> None:
    day = "2026-06-15"  # Monday: 5 working days (19 June is 端午节) end on 23 June
    case = dispatched(db, day, "--id-number", PERSON_ID, "--address", "东街")
    do(db, "tc-004", f"{day}T10:00", "notify", case, "--basis", "b", "--sanction", "罚款:500",
       "--circumstance", "一般")  # fmt: skip
    decide = ("decide", case, "--basis", "《无证无照经营查处办法》第十三条", "--sanction", "罚款:500")
    line = refusing(db, "tc-001", "2026-06-23T10:00", "第四十五条", *decide)
    assert "defence-period" in line
    assert do(db, "tc-001", "2026-06-24T10:00", *decide)["state"] == "penalty_decided"


def test_only_a_dispatched_officer_acts_on_the_case(db: str) -> None:
    case = dispatched(db, "2026-06-16")  # tc-004 and tc-005
    evidence = ("evidence", case, "--kind", "现场笔录", "--text", "复查")
    line = refusing(db, "tc-006", "2026-06-16T10:00", "未被指派", *evidence, code=4)
    assert "tc-006" in line
    do(db, "tc-005", "2026-06-16T10:05", *evidence)


def test_every_act_states_what_the_law_asks_it_to_state(db: str) -> None:
    """Blank required texts (案情摘要, 证据内容, 处罚依据, 听证地点, 认定理由, 讨论结论,
    撤案理由) are each refused with their article and rule; the same act with the text is
    recorded."""
    day = "2026-06-17"
    blank = opening(day)[:-1] + (" ",)  # --summary " "
    assert "[summary;" in refusing(db, "tc-004", f"{day}T09:00", "第五十四条", *blank)
    dropped = str(do(db, "tc-004", f"{day}T09:02", *opening(day))["case_id"])
    drop = ("close", dropped, "--outcome", "dropped", "--reason")
    assert "drop-reason" in refusing(db, "tc-001", f"{day}T09:04", "第五十七条", *drop, " ")
    assert do(db, "tc-001", f"{day}T09:06", *drop, "误登记，未开展调查")["state"] == "closed"
    case = dispatched(db, day, "--id-number", PERSON_ID, "--address", "东街")
    evidence = ("evidence", case, "--kind", "现场笔录", "--text")
    assert "evidence-text" in refusing(db, "tc-004", f"{day}T09:30", "第四十七条", *evidence, " ")
    do(db, "tc-004", f"{day}T09:32", *evidence, "当事人承认无照经营")
    mark = ("mark-major", case, "--ground", "疑难复杂", "--reason")
    assert "major-reason" in refusing(db, "tc-001", f"{day}T09:34", "第五十八条", *mark, " ")
    do(db, "tc-001", f"{day}T09:36", *mark, "涉及多户经营者")
    discuss = ("discuss", case, "--participants", "tc-001,tc-002,tc-003", "--result", "penalty",
               "--conclusion")  # fmt: skip
    assert "discussion-conclusion" in refusing(db, "tc-001", f"{day}T09:38", "第五十七条",
                                               *discuss, " ")  # fmt: skip
    do(db, "tc-001", f"{day}T09:40", *discuss, "同意给予罚款")
    notify = ("notify", case, "--sanction", "罚款:20000", "--circumstance", "一般", "--basis")
    assert "notice-basis" in refusing(db, "tc-004", f"{day}T09:42", "第四十四条", *notify, " ")
    do(db, "tc-004", f"{day}T09:44", *notify, "《无证无照经营查处办法》第十三条")
    do(db, "tc-004", f"{day}T09:46", "hearing", case, "request")
    schedule = ("hearing", case, "schedule", "--on", "2026-07-01", "--chair", "tc-006", "--place")
    assert "hearing-place" in refusing(db, "tc-001", f"{day}T09:48", "第六十四条", *schedule, " ")
    do(db, "tc-001", f"{day}T09:50", *schedule, "台城镇执法队听证室")


@pytest.fixture(params=BACKENDS)
def own_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database of its own: the test removes an officer the module's other tests use."""
    url = database_url(request.param, tmp_path)
    assert cli("init", db=url).code == 0
    return url


def test_an_officer_removed_midway_leaves_the_case_short_until_reassigned(own_db: str) -> None:
    """处罚法 art 42 at each act, not only at dispatch: once tc-005 is 清退, tc-004 alone may
    not record evidence (two-officers-act), tc-005 may not be put back (officer-removed);
    with tc-006 in his place the act is recorded."""
    day = "2026-06-18"
    case = dispatched(own_db, day)  # tc-004 and tc-005
    removed = cli("officer", "remove", "tc-005", "--reason", "不作为", "--details", "多次拒不出勤",
                  db=own_db, user="tc-001", now=f"{day}T10:00")  # fmt: skip
    assert removed.code == 0, removed.err
    evidence = ("evidence", case, "--kind", "现场笔录", "--text", "复查")
    line = refusing(own_db, "tc-004", f"{day}T10:10", "第四十二条", *evidence)
    assert "two-officers-act" in line
    back = ("reassign", case, "--reason", "补充办案人员", "--officers")
    line = refusing(own_db, "tc-001", f"{day}T10:20", "第四十二条", *back, "tc-004,tc-005")
    assert "officer-removed" in line
    do(own_db, "tc-001", f"{day}T10:30", *back, "tc-004,tc-006")
    do(own_db, "tc-004", f"{day}T10:40", *evidence)


def test_a_penalty_case_states_each_required_text(own_db: str) -> None:
    """当事人 (art 59), 证据种类 (46), 违法事实 (44), 审核意见 (58), 处罚依据 (59), 不能执行的
    理由 (57), 评查意见 (75): blank, each is refused with its rule; written, recorded."""
    db, day = own_db, "2026-06-01"
    ok(cli("--json", "case", "duty", "--township", "taicheng", "--person", "tc-003", "--duty",
           "legal_reviewer", db=db, user="tc-001", now=f"{day}T08:00"))  # fmt: skip
    party = ("open", "--township", "台城镇", "--matter", "SC-CF-001", "--violation-date", day,
             "--summary", "无照经营", "--id-number", PERSON_ID, "--address", "东街", "--party")  # fmt: skip
    assert "[party;" in refusing(db, "tc-004", f"{day}T09:00", "第五十九条", *party, " ")
    case = str(do(db, "tc-004", f"{day}T09:05", *party, "张三")["case_id"])
    do(db, "tc-001", f"{day}T09:10", "dispatch", case, "--officers", "tc-004,tc-005")
    evidence = ("evidence", case, "--text", "现场检查", "--kind")
    assert "evidence-kind" in refusing(db, "tc-004", f"{day}T09:15", "第四十六条", *evidence, " ")
    do(db, "tc-004", f"{day}T09:20", *evidence, "现场笔录")
    notify = ("notify", case, "--basis", "b", "--sanction", "罚款:500", "--circumstance", "一般",
              "--facts")  # fmt: skip
    assert "notice-facts" in refusing(db, "tc-004", f"{day}T09:25", "第四十四条", *notify, " ")
    do(db, "tc-004", f"{day}T09:30", *notify, "未取得营业执照从事经营")
    review = ("legal-review", case, "--result", "passed", "--opinion")
    assert "review-opinion" in refusing(db, "tc-003", f"{day}T09:35", "第五十八条", *review, " ")
    do(db, "tc-003", f"{day}T09:40", *review, "事实清楚，同意")
    do(db, "tc-004", f"{day}T09:45", "hearing", case, "waive")
    decide = ("decide", case, "--sanction", "罚款:500", "--basis")
    assert "decision-basis" in refusing(db, "tc-001", f"{day}T09:50", "第五十九条", *decide, " ")
    do(db, "tc-001", f"{day}T09:55", *decide, "《无证无照经营查处办法》第十三条")
    close = ("close", case, "--outcome", "unexecutable", "--reason")
    assert "unexecutable-reason" in refusing(db, "tc-004", f"{day}T10:00", "第五十七条", *close, " ")
    do(db, "tc-004", f"{day}T10:05", *close, "当事人死亡，无遗产可供执行")
    findings = ("review", case, "--verdict", "qualified", "--findings")
    assert "review-findings" in refusing(db, "sv-001", f"{day}T10:10", "第七十五条", *findings, " ")
    assert do(db, "sv-001", f"{day}T10:15", *findings, "卷宗齐全")["state"] == "reviewed"


def test_a_licence_case_states_each_required_text(db: str) -> None:
    """申请人 (许可法 32), 中止事由 (45), 不予许可的理由 (38): blank refused, written recorded."""
    day = "2026-06-22"
    receive = ("application", "receive", "--township", "台城镇", "--matter", "CG-XK-001",
               "--summary", "临时占道堆放建材", "--applicant")  # fmt: skip
    assert "[applicant;" in refusing(db, "tc-004", f"{day}T09:00", "第三十二条", *receive, " ")
    app = str(do(db, "tc-004", f"{day}T09:05", *receive, "李四")["application_id"])
    case = str(do(db, "tc-004", f"{day}T09:10", "application", "accept", app)["case_id"])
    do(db, "tc-001", f"{day}T09:15", "dispatch", case, "--officers", "tc-004,tc-005")
    pause = ("pause", case, "--for", "检验", "--reason")
    assert "pause-reason" in refusing(db, "tc-004", f"{day}T09:20", "第四十五条", *pause, " ")
    do(db, "tc-004", f"{day}T09:25", *pause, "占道设施送检，约五个工作日")
    do(db, "tc-004", f"{day}T09:30", "resume", case)
    no_penalty = ("decide", case, "--no-penalty", "违法事实不能成立", "--reason", "r")  # 处罚法 57
    assert "penalty-case" in refusing(db, "tc-001", f"{day}T09:32", "第五十七条", *no_penalty)
    refuse = ("refuse", case, "--reason")
    assert "refusal-reason" in refusing(db, "tc-001", f"{day}T09:35", "第三十八条", *refuse, " ")
    assert do(db, "tc-001", f"{day}T09:40", *refuse, "占道影响消防通道")["state"] == "licence_refused"
