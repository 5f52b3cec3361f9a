"""Demo accounts (演示账户): one person per kind of console user, first passwords returned once.

An officer, the team leader and the deputy the leader designated 法制审核人员 of 台城镇, a county supervisor and an
administrator. The administrator ad-001 opens them all, as `casework account create` would.
"""

from __future__ import annotations

from datetime import date

from events import EventStore
from workflow.accounts.service import AccountService
from workflow.cases import duties
from workflow.messages import from_recorded
from workflow.organisation.snapshot import load_directory

ADMIN = "ad-001"
TOWNSHIP = "taicheng"
KINDS = ("执法人员 officer", "队长 leader", "法制审核 legal reviewer (deputy)",
         "县级监督 supervisor", "系统管理员 admin")  # fmt: skip


def demo_people(store: EventStore, today: date) -> list[str]:
    """Ids: a certified officer still on the team, the leader, a deputy, sv-001, ad-001."""
    d = load_directory(store)
    team = d.team(TOWNSHIP)
    officer = next(
        p.id for p in team if p.role.value == "officer" and p.certificate_valid_on(today)
    )
    heads = d.leaders(TOWNSHIP)
    leader = next(p.id for p in heads if p.role.value == "leader")
    # the deputy the leader designated 法制审核人员 (the demo names one per township): any
    # other deputy would find the review refused (《行政处罚法》第五十八条)
    designated = duties.fold(from_recorded(r) for r in store.read_stream(duties.stream_of(TOWNSHIP)))
    reviewer = next(p.id for p in heads if p.role.value == "deputy"
                    and designated.holds(p.id, duties.Duty.LEGAL_REVIEWER))  # fmt: skip
    return [officer, leader, reviewer, "sv-001", ADMIN]


def create_demo_accounts(store: EventStore, today: date) -> list[dict[str, str]]:
    """Open the demo accounts; return who they are and their first passwords."""
    service = AccountService(store, lambda: load_directory(store))
    made = []
    for kind, person in zip(KINDS, demo_people(store, today), strict=True):
        name = service.directory().person(person)
        made.append({"kind": kind, "account": person, "name": name.name if name else "",
                     "first_password": service.create(person, by=ADMIN, channel="cli")})  # fmt: skip
    return made
