"""Random command sequences through the case domain, checking invariants after every step.

Invariants: a case's state equals the fold of its events; a refused command appends
nothing; no `reviewed` without `closed`; no penalty decision without notice; no event
by a removed or uncertified officer, and none dispatched.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.unit.case_fakes import PARTY, World
from workflow.cases import commands as c
from workflow.cases.case import Case, replay
from workflow.clock import local_day, parse_time
from workflow.errors import CaseworkError
from workflow.messages import from_recorded

PEOPLE = [
    "tc-lead",
    "tc-dep",
    "tc-o1",
    "tc-o2",
    "tc-o3",
    "tc-gone",
    "tc-nocert",
    "gz-o1",
    "sup",
    "adm",
]
OFFICERS = ["tc-o1", "tc-o2", "tc-o3", "tc-gone", "tc-nocert", "gz-o1"]
actors = st.sampled_from(PEOPLE)


class CaseMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.world = World()
        self.world.service.max_backdate = timedelta(days=3)
        self.world.service.designate(
            c.DesignateDuty(
                actor="tc-lead", township="taicheng", person="tc-o3", duty="legal_reviewer"
            )
        )
        self.cases: dict[str, Case] = {}
        self.removed_at: dict[str, int] = {}

    def attempt(self, command: Any) -> None:
        before = self.world.store.count()
        try:
            result = self.world.do(command)
        except CaseworkError:
            assert self.world.store.count() == before, "a refused command appended events"
            return
        if result.case is not None:
            self.cases[result.case_id] = result.case

    @rule(hours=st.one_of(st.integers(0, 72), st.integers(0, 24 * 10), st.just(24 * 95)))
    def advance(self, hours: int) -> None:
        self.world.advance(hours=hours)

    @precondition(lambda self: len(self.cases) < 4)
    @rule(actor=actors, matter=st.sampled_from(["M-P1", "M-P2", "M-L1", "NOPE"]))
    def open_case(self, actor: str, matter: str) -> None:
        self.attempt(
            c.OpenCase(
                actor=actor, township="taicheng", matter=matter, party="p", summary="s", **PARTY
            )
        )

    @precondition(lambda self: len(self.cases) < 4)
    @rule(actor=actors)
    def open_licence(self, actor: str) -> None:
        """许可法 arts 29/32: a licensing case opens from an accepted application only."""
        try:
            result = self.world.licence(accept_by=actor)  # received at the window by tc-o1
        except CaseworkError:
            return
        if result.case is not None:
            self.cases[result.case_id] = result.case

    @precondition(lambda self: "tc-o3" not in self.removed_at)
    @rule()
    def remove_officer(self) -> None:
        self.world.directory.people["tc-o3"].removed = True
        self.removed_at["tc-o3"] = self.world.store.count()

    def _case(self, data: st.DataObject) -> str:
        ids = sorted(self.cases)
        return str(data.draw(st.one_of(st.sampled_from(ids), st.just(ids[-1]))))

    @precondition(lambda self: self.cases)
    @rule(
        data=st.data(),
        actor=st.one_of(st.just("tc-lead"), actors),
        officers=st.one_of(
            st.just(["tc-o1", "tc-o2"]),
            st.just(["tc-o3", "tc-o2"]),
            st.lists(st.sampled_from(OFFICERS), min_size=1, max_size=3),
        ),
    )
    def dispatch(self, data: st.DataObject, actor: str, officers: list[str]) -> None:
        self.attempt(c.DispatchCase(actor=actor, case=self._case(data), officers=tuple(officers)))

    def _actor(self, data: st.DataObject, case: str, which: int) -> str:
        """Mostly the person the command needs, sometimes anyone (to exercise refusals)."""
        officers = self.cases[case].officers
        proper = {
            5: "tc-dep",
            6: "tc-lead",
            7: "tc-lead",
            8: "tc-dep",
            9: "tc-lead",
            11: "sup",
        }.get(which, officers[0] if officers else "tc-lead")
        return str(data.draw(st.one_of(st.just(proper), st.just(proper), actors)))

    @precondition(lambda self: self.cases)
    @rule(
        data=st.data(),
        which=st.integers(0, 11),
        amount=st.sampled_from([300, 500, 12_000, 60_000]),
        days=st.integers(0, 40),
    )
    def act(self, data: st.DataObject, which: int, amount: float, days: int) -> None:
        case = self._case(data)
        actor = self._actor(data, case, which)
        commands: list[Any] = [
            c.RecordEvidence(actor=actor, case=case, kind="k", text="t"),
            c.NotifyPenalty(actor=actor, case=case, amount=amount, basis="b"),
            c.WaiveDefence(actor=actor, case=case),
            c.RequestHearing(actor=actor, case=case),
            c.HoldHearing(actor=actor, case=case, record_sha256="ab" * 32),
            c.RecordLegalReview(actor=actor, case=case, opinion="o", result="passed"),
            c.DecidePenalty(actor=actor, case=case, amount=amount, basis="b"),
            c.GrantLicence(actor=actor, case=case),
            c.RefuseLicence(actor=actor, case=case, reason="r"),
            c.ExtendDeadline(actor=actor, case=case, days=days, reason="r"),
            c.CloseCase(
                actor=actor,
                case=case,
                outcome=data.draw(
                    st.sampled_from(["executed", "licence_issued", "refusal_served", "dropped"])
                ),
                reason="r",
            ),
            c.ReviewCase(
                actor=actor,
                case=case,
                verdict=data.draw(st.sampled_from(["qualified", "defective", "erroneous", "bad"])),
                findings="f",
            ),
        ]
        self.attempt(commands[which])

    @precondition(lambda self: self.cases)
    @rule(
        data=st.data(),
        amount=st.sampled_from([300, 500, 12_000, 60_000]),
        steps=st.integers(1, 6),
    )
    def progress(self, data: st.DataObject, amount: float, steps: int) -> None:
        """A few sensible next steps for one case, each by the person who should take it."""
        case_id = self._case(data)
        for _ in range(steps):
            options = self._next(self.cases[case_id], case_id, amount)
            if not options:
                return
            self.attempt(data.draw(st.sampled_from(options)))
            self.world.advance(hours=1)

    def _day(self, days: int) -> Any:
        return local_day(self.world.now) + timedelta(days=days)

    def _next(self, case: Case, k: str, amount: float) -> list[Any]:
        o = case.officers[0] if case.officers else "tc-o1"
        decided = min(amount, case.proposed_amount or 0.0)
        state = case.state.value if case.state else ""
        outcome = {
            "penalty_decided": "executed",
            "licence_granted": "licence_issued",
            "licence_refused": "refusal_served",
        }
        table: dict[str, list[Any]] = {
            "opened": [
                c.DispatchCase(actor="tc-lead", case=k, officers=("tc-o1", "tc-o2")),
                c.DispatchCase(actor="tc-dep", case=k, officers=("tc-o3", "tc-nocert")),
                c.CloseCase(actor="tc-dep", case=k, outcome="dropped", reason="r"),
            ],
            "dispatched": [
                c.RecordEvidence(actor=o, case=k, kind="k", text="t"),
                c.NotifyPenalty(actor=o, case=k, amount=amount, basis="b"),
                c.GrantLicence(actor="tc-lead", case=k),
                c.RefuseLicence(actor="tc-dep", case=k, reason="r"),
            ],
            "penalty_notified": [
                c.WaiveDefence(actor=o, case=k),
                c.RequestHearing(actor=o, case=k),
                c.RecordLegalReview(actor="tc-o3", case=k, opinion="o", result="passed"),
                c.DecidePenalty(actor="tc-lead", case=k, amount=decided, basis="b"),
            ],
            "hearing": [
                c.ScheduleHearing(
                    actor="tc-lead", case=k, on=self._day(12), place="会议室", chair="tc-o3"
                ),
                c.HoldHearing(actor="tc-o3", case=k, record_sha256="ab" * 32),
                c.AbandonHearing(actor="tc-o3", case=k, reason="未到场"),
                c.RecordLegalReview(actor="tc-o3", case=k, opinion="o", result="passed"),
                c.DecidePenalty(actor="tc-lead", case=k, amount=decided, basis="b"),
            ],
            "closed": [c.ReviewCase(actor="sup", case=k, verdict="defective", findings="f")],
        }
        if state == "licence_granted" and not case.licence_document:  # 许可法 art. 44 first
            return [c.IssueLicence(actor=o, case=k, document_number="许〔2026〕1号")]
        if state in outcome:
            return [c.CloseCase(actor=o, case=k, outcome=outcome[state])]
        return table.get(state, [])

    @invariant()
    def state_is_the_fold_of_events(self) -> None:
        for case_id, case in self.cases.items():
            records = self.world.store.read_stream(f"case-{case_id}")
            assert replay([from_recorded(r) for r in records]) == case

    @invariant()
    def lifecycle_order_holds(self) -> None:
        for stream in self.world.store.streams.values():
            types = [r.type for r in stream]
            if "CaseReviewed" in types:
                assert "CaseClosed" in types[: types.index("CaseReviewed")]
            if "PenaltyDecided" in types:
                assert "PenaltyNotified" in types[: types.index("PenaltyDecided")]

    @invariant()
    def no_removed_or_uncertified_officer_acts(self) -> None:
        directory = self.world.directory
        for stream in self.world.store.streams.values():
            for r in stream:
                day = local_day(parse_time(r.data["at"]))
                named = list(r.data.get("officers", []))
                if r.metadata.get("role") == "officer":
                    named.append(r.metadata["actor"])
                for person_id in named:
                    person = directory.people[person_id]
                    assert person.certificate_valid_on(day), (person_id, r.type)
                    assert r.position <= self.removed_at.get(person_id, r.position), (
                        person_id,
                        r.type,
                    )


TestCaseMachine = CaseMachine.TestCase
TestCaseMachine.settings = settings(
    max_examples=80,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
