"""The org contract: init, directory, commands and refusals, run on every store backend.

A backend subclass provides `self.store` (a fresh, empty store per test).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from events import ConcurrencyError, EventStore
from tests.integration import org_matrix
from workflow.cases.rules import check_matter
from workflow.errors import NotAuthorised, RuleViolation
from workflow.messages import to_new_event
from workflow.organisation import service as org_service
from workflow.organisation.catalogue import COLUMNS
from workflow.organisation.county import shipped_county_path
from workflow.organisation.events import OfficerRemoved, roster_stream
from workflow.organisation.rules import team_gaps
from workflow.organisation.snapshot import load_directory
from workflow.organisation.types import (
    CertificateChange,
    Domain,
    Kind,
    Origin,
    PersonnelAction,
    RemovalReason,
    Role,
)

OPENED = date(2026, 5, 2)
TODAY = date(2026, 11, 26)
ADMIN, LEADER, DEPUTY, SECONDED, STAFF = "ad-001", "tc-001", "tc-002", "tc-012", "tc-005"


def big_catalogue(path: Path, categories: int = 41, items: int = 245) -> Path:
    """A generated catalogue of the seed's size: 41 categories (大项), 245 items (事项)."""
    domains = [d.value for d in Domain] + ["township"]
    lines = ["# generated for tests", ",".join(COLUMNS)]
    for n in range(items):
        kind = "licensing" if n % 5 == 0 else "penalty"
        domain = domains[n % len(domains)]
        line = f"G-{n:03d},大项{n % categories:02d},事项{n:03d},{kind},{domain},《某法》第{n % 90 + 1}条,{n % 2 == 0}"
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class OrgContract:
    store: EventStore

    def test_every_role_by_every_org_command(self, tmp_path: Path) -> None:
        self.init()
        n = 0
        for name, (command, prepare) in org_matrix.commands(tmp_path).items():
            for role, actor in org_matrix.ACTORS.items():
                n += 1
                if prepare:
                    prepare(self.store)
                head = self.head()
                if role in org_matrix.ALLOWED[name]:
                    command(self.store, actor, n)
                    assert self.head() > head, (name, role)
                    continue
                with pytest.raises(NotAuthorised):
                    command(self.store, actor, n)
                assert self.head() == head, (name, role)

    def init(self) -> None:
        org_service.init_county(self.store)

    def head(self) -> int:
        """The last position this test's own store holds, committed or held back: what the
        test wrote. Never the gap-safe head, which any transaction on the server can hold."""
        return self.store.status().last_position

    def test_init_twice_appends_nothing_the_second_time(self) -> None:
        first = org_service.init_county(self.store)
        head = self.head()
        second = org_service.init_county(self.store, actor=ADMIN)
        assert first.total > 600 and second.total == 0 and self.head() == head
        assert org_service.init_county(self.store).total == 0  # no --as: still a no-op

    def test_directory_after_init(self) -> None:
        self.init()
        d = load_directory(self.store)
        assert len(d.townships) == 14 and d.county is not None and d.county.civil_servants == 383
        assert all(len(d.team(code)) >= 16 for code in d.townships)
        assert d.township("台城镇").code == "taicheng"
        assert [p.role for p in d.leaders("taicheng")] == [Role.LEADER, Role.DEPUTY, Role.DEPUTY]
        assert team_gaps(d, "gounan") == ["no officer seconded from culture (文化)"]
        assert team_gaps(d, "lingjing") == ["township staff 6/7 (乡镇专职执法人员不足7人)"]
        assert team_gaps(d, "taicheng") == []
        assert {s.id for s in d.staff(Role.SUPERVISOR)} == {"sv-001", "sv-002", "sv-003"}
        assert dict(d.version)["county"] == self.store.stream_version("county")

    def test_shipped_facts_take_effect_on_2_may_2026(self) -> None:
        self.init()
        d = load_directory(self.store)
        assert d.matter("SC-CF-001", date(2026, 5, 1)) is None
        matter = d.matter("SC-CF-001", OPENED)
        assert matter is not None and matter.kind is Kind.PENALTY and matter.domain == "market"
        enlisted = self.store.read_stream(roster_stream("taicheng"))[0]
        assert enlisted.data["effective"] == "2026-05-02"
        assert enlisted.metadata["role"] == "bootstrap"

    def test_commands_record_actor_and_role(self) -> None:
        self.init()
        org_service.remove_officer(
            self.store, LEADER, officer_id=STAFF, reason=RemovalReason.INACTION, details="拒不出警"
        )
        last = self.store.read_stream(roster_stream("taicheng"))[-1]
        assert last.type == "OfficerRemoved" and last.data["reason"] == "不作为"
        assert last.metadata["actor"] == LEADER and last.metadata["role"] == "leader"

    def test_removal_is_for_good(self) -> None:
        self.init()
        org_service.remove_officer(
            self.store, ADMIN, officer_id=STAFF, reason=RemovalReason.MISCONDUCT, details="乱罚款"
        )
        d = load_directory(self.store)
        person = d.person(STAFF)
        assert (
            person is not None
            and person.removed
            and STAFF not in [p.id for p in d.team("taicheng")]
        )
        head = self.head()
        with pytest.raises(RuleViolation, match="能进能出"):
            org_service.enlist(
                self.store,
                ADMIN,
                officer_id=STAFF,
                name="x",
                township="gounan",
                origin=Origin.TOWNSHIP_STAFF,
            )
        assert self.head() == head

    def test_one_team_at_a_time_and_refusals_append_nothing(self) -> None:
        self.init()
        head = self.head()
        with pytest.raises(RuleViolation, match="7\\+9\\+N"):
            org_service.enlist(
                self.store,
                ADMIN,
                officer_id=STAFF,
                name="x",
                township="gounan",
                origin=Origin.TOWNSHIP_STAFF,
            )
        with pytest.raises(RuleViolation, match="队长"):
            org_service.enlist(
                self.store,
                ADMIN,
                officer_id="tc-099",
                name="x",
                township="taicheng",
                origin=Origin.LEADER,
            )
        with pytest.raises(NotAuthorised):
            org_service.enlist(
                self.store,
                DEPUTY,
                officer_id="tc-099",
                name="x",
                township="taicheng",
                origin=Origin.TOWNSHIP_STAFF,
            )
        assert self.head() == head
        org_service.enlist(
            self.store, "gn-001", officer_id="gn-099", name="新人", township="沟南乡",
            origin=Origin.SECONDED, domain=Domain.CULTURE,
        )  # fmt: skip
        assert team_gaps(load_directory(self.store), "gounan") == []

    def test_personnel_action_needs_the_township_opinion(self) -> None:
        self.init()
        head = self.head()
        with pytest.raises(RuleViolation, match="必须征求乡镇意见"):
            org_service.record_personnel_action(
                self.store,
                ADMIN,
                officer_id=SECONDED,
                action=PersonnelAction.PROMOTION,
                details="晋升",
            )
        with pytest.raises(NotAuthorised):
            org_service.record_opinion(
                self.store,
                DEPUTY,
                officer_id=SECONDED,
                action=PersonnelAction.PROMOTION,
                opinion="同意",
            )
        assert self.head() == head
        org_service.record_opinion(
            self.store,
            LEADER,
            officer_id=SECONDED,
            action=PersonnelAction.PROMOTION,
            opinion="同意",
        )
        result = org_service.record_personnel_action(
            self.store, ADMIN, officer_id=SECONDED, action=PersonnelAction.PROMOTION, details="晋升"
        )
        recorded = self.store.read_stream(roster_stream("taicheng"))[-1]
        assert (
            recorded.version == result.version and recorded.data["opinion_id"] == f"{SECONDED}-op1"
        )
        with pytest.raises(RuleViolation, match="必须征求乡镇意见"):  # the opinion was used
            org_service.record_personnel_action(
                self.store,
                ADMIN,
                officer_id=SECONDED,
                action=PersonnelAction.PROMOTION,
                details="再晋升",
            )

    def test_the_leader_gives_no_opinion_on_their_own_personnel_action(self) -> None:
        self.init()
        head = self.head()
        with pytest.raises(RuleViolation, match="回避") as caught:
            org_service.record_opinion(self.store, LEADER, officer_id=LEADER,
                                       action=PersonnelAction.AWARD, opinion="同意")  # fmt: skip
        assert caught.value.rule == "opinion-self" and "公务员法" in caught.value.statute
        assert self.head() == head

    def test_transfer_moves_an_officer_to_another_team(self) -> None:
        self.init()
        org_service.record_opinion(
            self.store,
            LEADER,
            officer_id=SECONDED,
            action=PersonnelAction.TRANSFER,
            opinion="同意调出",
        )
        org_service.record_personnel_action(
            self.store,
            ADMIN,
            officer_id=SECONDED,
            action=PersonnelAction.TRANSFER,
            details="调往灵境乡",
        )
        person = load_directory(self.store).person(SECONDED)
        assert person is not None and person.township is None
        org_service.enlist(
            self.store, ADMIN, officer_id=SECONDED, name=person.name, township="baijiazhuang",
            origin=person.origin, domain=person.domain,
        )  # fmt: skip
        moved = load_directory(self.store).person(SECONDED)  # baijiazhuang replays before taicheng
        assert moved is not None and moved.township == "baijiazhuang"
        assert moved.certificates == person.certificates and moved.actions == person.actions

    def test_certificates_issue_renew_revoke(self) -> None:
        self.init()
        no_cert = next(p for p in load_directory(self.store).team("taicheng") if not p.certificates)
        with pytest.raises(NotAuthorised):
            org_service.certify(
                self.store, LEADER, officer_id=no_cert.id, change=CertificateChange.ISSUE,
                number="N-1", valid_until=date(2028, 1, 1), on=TODAY,
            )  # fmt: skip
        org_service.certify(
            self.store, ADMIN, officer_id=no_cert.id, change=CertificateChange.ISSUE,
            number="N-1", valid_until=date(2028, 1, 1), on=TODAY,
        )  # fmt: skip
        org_service.certify(
            self.store, ADMIN, officer_id=no_cert.id, change=CertificateChange.RENEW,
            number="N-2", valid_until=date(2031, 1, 1), on=date(2027, 6, 1),
        )  # fmt: skip
        org_service.certify(
            self.store, ADMIN, officer_id=no_cert.id, change=CertificateChange.REVOKE,
            reason="违规执法", on=date(2029, 1, 1),
        )  # fmt: skip
        person = load_directory(self.store).person(no_cert.id)
        assert person is not None
        assert not person.certificate_valid_on(date(2026, 11, 25))
        assert person.certificate_valid_on(TODAY) and person.certificate_valid_on(
            date(2028, 12, 31)
        )
        assert not person.certificate_valid_on(date(2029, 1, 1))

    def test_retried_command_id_appends_nothing(self) -> None:
        self.init()
        kwargs = dict(
            officer_id=STAFF, reason=RemovalReason.OTHER, details="辞职", command_id="rm-1"
        )
        first = org_service.remove_officer(self.store, ADMIN, **kwargs)  # type: ignore[arg-type]
        head = self.head()
        again = org_service.remove_officer(self.store, ADMIN, **kwargs)  # type: ignore[arg-type]
        assert again.duplicate and again.version == first.version and self.head() == head

    def test_stale_directory_is_a_concurrency_error(self) -> None:
        self.init()
        stale = load_directory(self.store)
        org_service.remove_officer(
            self.store, ADMIN, officer_id=STAFF, reason=RemovalReason.OTHER, details="辞职"
        )
        actor = stale.person(ADMIN)
        assert actor is not None
        event = OfficerRemoved("tc-006", "other", "x", "2026-11-26")
        with pytest.raises(ConcurrencyError):
            org_service.append(self.store, stale, roster_stream("taicheng"), [event], actor, None)
        assert to_new_event(event).type == "OfficerRemoved"

    def test_generated_41_by_245_catalogue_loads_and_is_enforced(self, tmp_path: Path) -> None:
        self.init()
        path = big_catalogue(tmp_path / "big.csv")
        head = self.head()
        with pytest.raises(NotAuthorised):
            org_service.load_catalogue(self.store, LEADER, path, TODAY, today=TODAY)
        with pytest.raises(RuleViolation, match="第一百零四条"):
            org_service.load_catalogue(self.store, ADMIN, path, date(2026, 11, 1), today=TODAY)
        assert self.head() == head
        org_service.load_catalogue(self.store, ADMIN, path, date(2026, 12, 1), today=TODAY)
        d = load_directory(self.store)
        version = d.catalogue_on(date(2026, 12, 1))
        assert version is not None and version.version == 2
        assert len(version.items) == 245 and version.categories == 41
        assert check_matter(
            d.matter("G-244", date(2026, 12, 1)), "G-244", date(2026, 12, 1), "penalty"
        )
        assert d.matter("SC-CF-001", TODAY) is not None  # v1 still in force until 1 Dec
        with pytest.raises(RuleViolation, match="matter-in-catalogue"):
            check_matter(
                d.matter("SC-CF-001", date(2026, 12, 1)), "SC-CF-001", date(2026, 12, 1), None
            )

    def test_reinit_with_an_edited_county_file_appends_only_the_new(self, tmp_path: Path) -> None:
        self.init()
        edited = shipped_county_path().read_text(encoding="utf-8") + (
            '\n[[people]]\nid = "tc-050"\nname = "新队员"\ntownship = "taicheng"\n'
            'origin = "township_staff"\n'
        )
        path = tmp_path / "county.toml"
        path.write_text(edited, encoding="utf-8")
        head = self.head()
        with pytest.raises(NotAuthorised):
            org_service.init_county(self.store, path, actor=LEADER)
        assert self.head() == head
        report = org_service.init_county(self.store, path, actor=ADMIN)
        assert report.appended == {roster_stream("taicheng"): 1}
        assert load_directory(self.store).person("tc-050") is not None
