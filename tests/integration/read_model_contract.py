"""The read models' contract (roster, accountability, cases), on every backend.

One scenario on the shipped Wutai county, built with the real domain services: cases in
台城镇 (one decided on time and reviewed qualified, one left open past its deadline, one
extended then decided late and reviewed defective, one opened recently), an officer
removed for 不作为, a seconded officer transferred after the township's opinion, and a
certificate issued that expires within 30 days. The read models are caught up in
several steps (small batches), then compared with a rebuild.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from events import EventStore, open_store
from projections.accountability import AccountabilityProjection
from projections.cases import CasesProjection
from projections.engine import ProjectionEngine
from projections.queries_accountability import accountability
from projections.queries_cases import case_list, deadline_board
from projections.queries_roster import county_summary, roster
from projections.roster import RosterProjection
from tests.demo_cache import demo
from tests.integration.backends import settle
from tests.integration.read_model_desk import Desk
from workflow.cases import commands as c
from workflow.cases import events as ev
from workflow.cases.case import replay
from workflow.messages import from_recorded, to_new_event
from workflow.organisation import service as org_service
from workflow.organisation.types import CertificateChange, PersonnelAction, RemovalReason

TODAY = date(2026, 11, 26)
STAFF_GAP = "township staff 6/7 (乡镇专职执法人员不足7人)"
CULTURE_GAP = "no officer seconded from culture (文化)"


def uncertified(domain: str, zh: str) -> str:
    """A seconded domain whose members hold no valid certificate (处罚法 art 42)."""
    return f"seconded {domain} uncertified (派驻{zh}: 无有效证件)"


NR_GAP, AGRI_GAP = uncertified("natural_resources", "自然资源"), uncertified("agriculture", "农业农村")
TRANSPORT_GAP = uncertified("transport", "交通")
NAMES = ("roster", "accountability", "cases")


class ReadModelContract:
    store: EventStore
    url: str

    @pytest.fixture(autouse=True)
    def _clock(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CASEWORK_NOW", f"{TODAY}T10:00")

    def engine(self, batch: int = 1000) -> ProjectionEngine:
        projections = [RosterProjection(), AccountabilityProjection(), CasesProjection()]
        return ProjectionEngine(self.store, projections, batch=batch)

    def catch_up(self, engine: ProjectionEngine) -> None:
        settle(self.store)
        for name in NAMES:
            engine.catch_up(name)

    def scenario(self, engine: ProjectionEngine) -> dict[str, str]:
        org_service.init_county(self.store)
        self.catch_up(engine)
        desk = Desk(self.store).on(date(2026, 6, 1))
        on_time, open_late, extended = desk.open(), desk.open(), desk.open()
        desk.decide(on_time, "qualified")
        desk.do(c.ExtendDeadline(actor="tc-001", case=extended, days=30, reason="案情复杂"))
        self.catch_up(engine)
        self.org_changes()
        desk.on(date(2026, 9, 20)).decide(extended, "defective")  # due 08-30 + 30 days
        recent = desk.on(date(2026, 11, 20)).open()
        self.catch_up(engine)
        return {"on_time": on_time, "open_late": open_late, "extended": extended,
                "recent": recent}  # fmt: skip

    def org_changes(self) -> None:
        s = self.store
        org_service.remove_officer(s, "tc-001", officer_id="tc-005", on=date(2026, 7, 1),
                                   reason=RemovalReason.INACTION, details="拒不出警")  # fmt: skip
        org_service.record_opinion(s, "tc-001", officer_id="tc-014", on=date(2026, 8, 20),
                                   action=PersonnelAction.TRANSFER, opinion="同意调动")  # fmt: skip
        org_service.record_personnel_action(s, "ad-001", officer_id="tc-014", on=date(2026, 9, 1),
                                            action=PersonnelAction.TRANSFER, details="调往县文化局")  # fmt: skip
        org_service.certify(s, "ad-001", officer_id="tc-012", change=CertificateChange.ISSUE,
                            number="WT-2026-09999", valid_until=date(2026, 12, 10),
                            on=date(2026, 11, 20))  # fmt: skip
        org_service.certify(s, "ad-001", officer_id="lj-007", change=CertificateChange.ISSUE,
                            number="WT-2026-09998", valid_until=date(2029, 12, 31),
                            on=date(2026, 11, 21))  # fmt: skip

    def read(self, engine: ProjectionEngine, name: str, query: Any, *args: Any, **kw: Any) -> Any:
        settle(self.store)
        with self.store.engine.connect() as conn:
            return query(conn, engine.tables(name), *args, **kw)

    def contents(self, engine: ProjectionEngine) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every read-model table, sorted (to compare generations)."""
        found = {}
        with engine.engine.connect() as conn:
            for name in NAMES:
                for short, table in engine.tables(name).items():
                    rows = conn.execute(select(table)).all()
                    found[f"{name}.{short}"] = sorted((tuple(r) for r in rows), key=repr)
        return found

    # --- roster -------------------------------------------------------------------
    def test_roster_names_gaps_removals_and_expiring_certificates(self) -> None:
        engine = self.engine(batch=50)
        self.scenario(engine)
        teams = {t["township"]: t for t in self.read(engine, "roster", roster, TODAY)}
        assert len(teams) == 14
        taicheng = teams["taicheng"]
        assert not taicheng["compliant"]
        assert taicheng["gaps"] == [STAFF_GAP, CULTURE_GAP, NR_GAP, AGRI_GAP]  # certificates count
        assert taicheng["missing_domains"] == ["culture"] and taicheng["staff_count"] == 6
        assert taicheng["leader"]["id"] == "tc-001" and len(taicheng["deputies"]) == 2
        removed = taicheng["removed"]
        assert [(r["id"], r["reason"], r["details"], r["left_on"]) for r in removed] == [
            ("tc-005", "不作为", "拒不出警", "2026-07-01")
        ]
        assert [(r["id"], r["left_on"]) for r in taicheng["transferred"]] == [
            ("tc-014", "2026-09-01")
        ]
        assert [(p["id"], p["days_left"]) for p in taicheng["expiring"]] == [("tc-012", 14)]
        assert taicheng["units"] == 6 and "司法所" in taicheng["cooperating"]
        gounan = teams["gounan"]
        assert gounan["missing_domains"] == ["culture"]
        assert gounan["gaps"] == [CULTURE_GAP, uncertified("emergency", "应急")]
        assert teams["lingjing"]["gaps"] == [STAFF_GAP]
        assert teams["menxianshi"]["gaps"][-1] == "certified heads 1/2 (持证队长、副队长不足2人)"

    def test_roster_as_of_a_past_day(self) -> None:
        engine = self.engine()
        self.scenario(engine)
        june = self.read(engine, "roster", roster, date(2026, 6, 15), "台城镇")
        assert len(june) == 1 and june[0]["removed"] == []
        assert june[0]["gaps"] == [TRANSPORT_GAP, NR_GAP, AGRI_GAP]  # seconded, none certified
        assert "tc-012" in june[0]["uncertified"] and june[0]["expiring"] == []
        august = self.read(engine, "roster", roster, date(2026, 8, 1), "taicheng")[0]
        assert august["gaps"] == [STAFF_GAP, TRANSPORT_GAP, NR_GAP, AGRI_GAP]
        assert august["removed"][0]["id"] == "tc-005"
        assert self.read(engine, "roster", roster, date(2026, 5, 1)) == []

    def test_county_pool_and_compliance(self) -> None:
        engine = self.engine()
        self.scenario(engine)
        teams = self.read(engine, "roster", roster, TODAY)
        summary = self.read(engine, "roster", county_summary, TODAY, teams)
        pool = {"civil_servants": 383, "certified": 295, "recorded_certified": 306,
                "as_of": "2026-05-02"}  # fmt: skip
        assert summary["pool"] == pool, "12 township certificates lapsed by 11-26, lj-007 renewed"
        june = self.read(engine, "roster", roster, date(2026, 6, 15))
        in_june = self.read(engine, "roster", county_summary, date(2026, 6, 15), june)
        assert in_june["pool"]["certified"] == 306
        assert summary["name"] == "五台县" and summary["teams"] == 14
        assert {"台城镇", "沟南乡", "灵境乡"} <= set(summary["non_compliant"])
        assert summary["compliant"] == 5 and summary["removed"] == 1  # certificates count

    # --- accountability -----------------------------------------------------------
    def test_accountability_per_officer(self) -> None:
        engine = self.engine(batch=50)
        cases = self.scenario(engine)
        (tc004,) = self.read(engine, "accountability", accountability, TODAY, officer="tc-004")
        assert (tc004["dispatched"], tc004["decided"], tc004["on_time"]) == (4, 2, 2)
        assert (tc004["late"], tc004["open_overdue"], tc004["overdue"]) == (0, 1, 1)
        assert tc004["extended"] == 1 and tc004["judged"] == 3
        assert tc004["on_time_rate"] == 0.667, "the open overdue case is not on time"
        assert tc004["verdicts"] == {"qualified": 1, "defective": 1, "erroneous": 0}
        assert tc004["overdue_cases"] == ["台城镇综执罚〔2026〕2号"] and tc004["removal"] is None
        (tc005,) = self.read(engine, "accountability", accountability, TODAY, officer="tc-005")
        assert tc005["removal"] == {"on": "2026-07-01", "reason": "不作为", "details": "拒不出警"}
        (tc014,) = self.read(engine, "accountability", accountability, TODAY, officer="tc-014")
        assert [(p["entry"], p["action"]) for p in tc014["personnel"]] == [
            ("opinion", "transfer"), ("action", "transfer")
        ]  # fmt: skip
        assert tc014["township"] is None and cases["open_late"] == "taicheng-P-2026-2"

    def test_officers_follow_recusal_and_reassignment(self) -> None:
        """回避 and 更换办案人员 (处罚法 arts 43, 42): the case list and each officer's
        assignments follow them, folded across batches and rebuilt (they stayed the
        dispatch's before): the recused officer no longer holds the case, the new one does."""
        engine = self.engine(batch=2)
        org_service.init_county(self.store)
        self.catch_up(engine)
        desk = Desk(self.store).on(date(2026, 6, 1))
        case = desk.open()  # tc-004 and tc-006
        self.catch_up(engine)
        desk.do(c.RecuseOfficer(actor="tc-001", case=case, officer="tc-006", applicant="party",
                                reason="系当事人近亲属"))  # fmt: skip
        desk.do(c.ReassignCase(actor="tc-001", case=case, officers=("tc-004", "tc-008"),
                               reason="回避后补充办案人员"))  # fmt: skip
        self.catch_up(engine)
        [view] = [v for v in self.read(engine, "cases", case_list, TODAY) if v["case_id"] == case]
        held = replay([from_recorded(r) for r in self.store.read_stream(f"case-{case}")]).officers
        assert view["officers"] == list(held) == ["tc-004", "tc-008"]
        (tc006,) = self.read(engine, "accountability", accountability, TODAY, officer="tc-006")
        (tc008,) = self.read(engine, "accountability", accountability, TODAY, officer="tc-008")
        assert (tc006["dispatched"], tc008["dispatched"]) == (0, 1)
        incremental = self.contents(engine)
        rebuilt = self.engine(batch=1000)
        for name in NAMES:
            rebuilt.rebuild(name)
        assert self.contents(rebuilt) == incremental

    def test_a_decision_after_the_deadline_counts_late(self) -> None:
        """The service refuses late decisions; imported (legacy) records may still hold them."""
        engine = self.engine()
        org_service.init_county(self.store)
        opened = ev.CaseOpened("legacy-1", "旧〔2026〕1号", "taicheng", "台城镇", "penalty",
                               "SC-CF-001", "m", "b", False, "p", "s", None,
                               "2026-05-10T01:00:00+00:00", "2026-08-08")  # fmt: skip
        dispatched = ev.CaseDispatched(["tc-007", "tc-008"], "2026-05-10T02:00:00+00:00")
        decided = ev.PenaltyDecided(100, "b", False, "2026-08-20T02:00:00+00:00", "2026-09-04")
        events = [to_new_event(e) for e in (opened, dispatched, decided)]
        self.store.append("case-legacy-1", events, expected_version=0)
        self.catch_up(engine)
        (tc007,) = self.read(engine, "accountability", accountability, TODAY, officer="tc-007")
        assert (tc007["decided"], tc007["on_time"], tc007["late"], tc007["overdue"]) == (1, 0, 1, 1)
        assert tc007["overdue_cases"] == ["旧〔2026〕1号"] and tc007["on_time_rate"] == 0.0

    # --- cases and the deadline board ---------------------------------------------
    def test_deadline_board_overdue_first(self) -> None:
        engine = self.engine()
        cases = self.scenario(engine)
        board = self.read(engine, "cases", deadline_board, TODAY)
        assert [v["case_id"] for v in board] == [cases["open_late"], cases["recent"]]
        first, second = board
        assert first["overdue"] and first["next_deadline"]["due"] == "2026-08-31"
        assert first["next_deadline"]["name"] == "decision"
        assert first["next_deadline"]["working_days_left"] < 0
        assert not second["overdue"] and second["next_deadline"]["due"] == "2027-02-18"
        assert second["next_deadline"]["working_days_left"] > 40

    def test_case_list_filters(self) -> None:
        engine = self.engine()
        cases = self.scenario(engine)
        overdue = self.read(engine, "cases", case_list, TODAY, overdue=True)
        assert [v["case_id"] for v in overdue] == [cases["open_late"]]
        reviewed = self.read(engine, "cases", case_list, TODAY, state="reviewed")
        assert {v["case_id"] for v in reviewed} == {cases["on_time"], cases["extended"]}
        extended = next(v for v in reviewed if v["case_id"] == cases["extended"])
        assert extended["extensions"] == 1 and extended["verdict"] == "defective"
        assert self.read(engine, "cases", case_list, TODAY, township="沟南乡") == []
        assert len(self.read(engine, "cases", case_list, TODAY, township="台城镇")) == 4

    # --- rebuild ------------------------------------------------------------------
    def test_incremental_equals_rebuild(self) -> None:
        """Caught up in small batches as the scenario ran; rebuilt in one large batch."""
        engine = self.engine(batch=37)
        self.scenario(engine)
        incremental = self.contents(engine)
        assert len(incremental["roster.stints"]) > 250 and len(incremental["cases.cases"]) == 4
        assert len(incremental["accountability.assignments"]) == 8
        rebuilt = self.engine(batch=1000)
        for name in NAMES:
            assert rebuilt.rebuild(name).generation == 2
        assert self.contents(rebuilt) == incremental

    def test_demo_read_models_agree_with_the_case_streams(self) -> None:
        """The demo's every path (hearings, licences, extensions, drops, removals): the read
        models the demo kept up as its story unfolded equal a rebuild in small batches, one
        in a single large batch and one split across processes, and each case row equals
        its replayed stream."""
        self.store.close()
        demo(self.url, seed=7, cases=120)  # the circular contract's county (tests/demo_cache.py)
        store = open_store(self.url)
        try:
            settle(store)
            kept = ProjectionEngine(store, self.engine().projections.values())
            for name in NAMES:
                kept.catch_up(name)  # the demo left them current: nothing new to fold
            incremental = self.contents(kept)
            small = ProjectionEngine(store, self.engine().projections.values(), batch=97)
            for name in NAMES:
                small.rebuild(name)
            assert self.contents(small) == incremental
            large = ProjectionEngine(store, self.engine().projections.values(), batch=5000)
            for name in NAMES:
                large.rebuild(name)
            assert self.contents(large) == incremental
            split = ProjectionEngine(store, self.engine().projections.values(), batch=97)
            split.parallel_from, split.processes = 0, 2  # two groups, one in a forked process
            split.rebuild_many(list(NAMES))
            assert self.contents(split) == incremental
            with store.engine.connect() as conn:
                views = case_list(conn, large.tables("cases"), TODAY)
                records = accountability(conn, large.tables("accountability"), TODAY)
            assert len(views) >= 60
            for view in views:
                self.agrees_with_stream(store, view)
            self.accountability_agrees(views, records)
        finally:
            store.close()

    def agrees_with_stream(self, store: EventStore, view: dict[str, Any]) -> None:
        records = store.read_stream(f"case-{view['case_id']}")
        case = replay([from_recorded(r) for r in records])
        assert case.state is not None and view["state"] == case.state.value
        assert view["officers"] == list(case.officers) and view["extensions"] == case.extensions
        due = {d["name"]: d["due"] for d in view["deadlines"]}
        assert due == {n: d.due.isoformat() for n, d in case.deadlines.items()}

    def accountability_agrees(
        self, views: list[dict[str, Any]], records: list[dict[str, Any]]
    ) -> None:
        """Per officer, dispatched and open-overdue counts equal those of the case list."""
        late = [
            v for v in views for d in v["deadlines"] if d["name"] == "decision" and d["overdue"]
        ]
        dispatched = Counter(o for v in views for o in v["officers"])
        open_overdue = Counter(o for v in late for o in v["officers"])
        assert {r["officer_id"]: r["dispatched"] for r in records if r["dispatched"]} == dispatched
        assert {
            r["officer_id"]: r["open_overdue"] for r in records if r["open_overdue"]
        } == open_overdue
        assert open_overdue, "the demo leaves some cases past their deadline"
