"""Two valid officers re-checked when the hearing is scheduled and held (《行政处罚法》第四十二条)."""

from __future__ import annotations

from datetime import date

from tests.unit.case_fakes import World
from tests.unit.test_case_review import RECORD, requested, schedule
from tests.unit.test_case_rules import P, refused
from workflow.cases import commands as c


def test_schedule_refuses_when_an_officer_was_removed_and_allows_after_reassign() -> None:
    w = World()
    requested(w)
    w.directory.people["tc-o2"].removed = True
    refused(w, schedule(date(2026, 6, 15)), "第四十二条", "two-officers-act")
    w.do(c.ReassignCase(actor="tc-lead", case=P, officers=("tc-o1", "tc-o3"), reason="乙已清退"))
    assert w.do(schedule(date(2026, 6, 15), chair="tc-dep")).events == ("HearingScheduled",)


def test_held_refuses_when_a_certificate_lapsed_and_allows_with_two_valid() -> None:
    w = World()
    requested(w)
    w.do(schedule(date(2026, 6, 15)))
    w.now = w.now.replace(day=15)
    w.directory.people["tc-o2"].valid_until = date(2026, 6, 12)
    held = c.HoldHearing(actor="tc-o3", case=P, record_sha256=RECORD)
    refused(w, held, "第四十二条", "two-officers-act")
    w.directory.people["tc-o2"].valid_until = date(2030, 12, 31)  # the renewed certificate
    assert w.do(held).events == ("HearingHeld",)
