"""An independent recomputation of the yearly grades from the raw events (for the tests).

Written apart from `workflow.accountability` (streams grouped first, then each judged),
sharing only the county policy it reads: if the two disagree, one of them is wrong.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from events import EventStore, RecordedEvent

SH = ZoneInfo("Asia/Shanghai")


def day_of(at: str) -> date:
    return datetime.fromisoformat(at).astimezone(SH).date()


def _streams(store: EventStore) -> dict[str, list[RecordedEvent]]:
    grouped: dict[str, list[RecordedEvent]] = defaultdict(list)
    for e in store.iter_all():
        grouped[e.stream_id].append(e)
    return grouped


def _case_penalties(events: list[RecordedEvent], year: int) -> dict[str, Counter[str]]:
    """Per officer of one case: overdue (deadline in the year, not met) and verdicts."""
    known = [e for e in events if day_of(e.data["at"]) <= date(year, 12, 31)]
    if not known or known[0].type != "CaseOpened":
        return {}
    due = date.fromisoformat(known[0].data["due"])
    officers: list[str] = []
    done: date | None = None
    verdicts = []
    for e in known:
        if e.type == "DeadlineExtended":
            due = date.fromisoformat(e.data["due"])
        elif e.type == "CaseDispatched":
            officers = list(dict.fromkeys(e.data["officers"]))
        elif e.type in ("PenaltyDecided", "LicenceGranted", "LicenceRefused", "CaseClosed"):
            done = done or day_of(e.data["at"])
        elif e.type == "CaseReviewed" and day_of(e.data["at"]).year == year:
            verdicts.append(e.data["verdict"])
    tally: Counter[str] = Counter(v for v in verdicts if v in ("defective", "erroneous"))
    if due.year == year and (done is None or done > due):
        tally["overdue"] += 1
    return {o: tally for o in officers}


def _overturned(streams: dict[str, list[RecordedEvent]], year: int) -> Counter[str]:
    """Per officer: their cases' decisions revoked, changed or declared unlawful that year."""
    found: Counter[str] = Counter()
    for stream, events in streams.items():
        case = streams.get("case-" + stream.removeprefix("execution-"), [])
        if not stream.startswith("execution-") or not case:
            continue
        dispatched = [e for e in case if e.type == "CaseDispatched"]
        officers = set(dispatched[-1].data["officers"]) if dispatched else set()
        for e in events:
            if (e.type == "RemedyDecided" and e.data["outcome"] in ("撤销", "变更", "确认违法")
                    and e.data["decided_on"].startswith(str(year))):  # fmt: skip
                found.update(officers)
    return found


def _duty(votes: list[str], rules: dict[str, Any]) -> str | None:
    if len(votes) < rules["min_votes"]:
        return None
    share = {g: votes.count(g) / len(votes) for g in ("优秀", "基本称职", "不称职")}
    if share["不称职"] >= rules["failing_share"]:
        return "不称职"
    if share["基本称职"] + share["不称职"] >= rules["failing_share"]:
        return "基本称职"
    return "优秀" if share["优秀"] >= rules["excellent_share"] else "称职"


def _away_all_year(streams: dict[str, list[RecordedEvent]], year: int) -> set[str]:
    """Officers posted away on or before 1 January whose next restoration (if any) comes
    after 31 December: no day of the year on duty, so not graded."""
    away: set[str] = set()
    for stream, events in streams.items():
        if not stream.startswith("roster-"):
            continue
        moves = [e for e in events if e.type in ("OfficerPostedAway", "OfficerReinstated")]
        for k, e in enumerate(moves):
            if e.type != "OfficerPostedAway" or e.data["posted_on"] > f"{year}-01-01":
                continue
            back = [m for m in moves[k + 1:] if m.type == "OfficerReinstated"
                    and m.data["officer_id"] == e.data["officer_id"]]  # fmt: skip
            if not back or back[0].data["reinstated_on"] > f"{year}-12-31":
                away.add(e.data["officer_id"])
            else:
                away.discard(e.data["officer_id"])
    return away


def recompute(store: EventStore, year: int, raw_policy: dict[str, Any]) -> dict[str, tuple[float, str]]:
    """officer -> (score, grade), from the raw events and the raw `[accountability]` table."""
    points, duty_rules = raw_policy["assessment"], raw_policy["duty"]
    streams = _streams(store)
    tallies: dict[str, Counter[str]] = defaultdict(Counter)
    members: set[str] = set()
    gone: set[str] = set()
    for stream, events in streams.items():
        if stream.startswith("case-"):
            for officer, tally in _case_penalties(events, year).items():
                tallies[officer].update(tally)
        for e in events:
            if e.type == "MemberEnlisted" and e.data["origin"] != "county" and int(e.data["effective"][:4]) <= year:
                members.add(e.data["officer_id"])
            if e.type == "OfficerRemoved" and int(e.data["removed_on"][:4]) < year:
                gone.add(e.data["officer_id"])
            if e.type == "InspectionRecorded" and e.data["held_on"].startswith(str(year)):
                for f in e.data["findings"]:
                    for officer in set(f["officers"]):
                        tallies[officer]["finding"] += 1
    gone |= _away_all_year(streams, year)
    for officer, n in _overturned(streams, year).items():
        tallies[officer]["overturned"] += n
    sanctions: dict[str, list[str]] = defaultdict(list)
    votes: dict[str, list[str]] = defaultdict(list)
    for stream, events in streams.items():
        if stream.startswith("inquiry-"):
            officer = events[0].data["officer_id"]
            for e in events:
                if e.type == "InquiryDecided" and e.data["decided_on"].startswith(str(year)) and officer:
                    sanctions[officer].append(e.data["sanction"])
        if stream.startswith(f"duty-{year}-"):
            for e in events:
                if e.type == "DutyEvaluated":
                    votes[e.data["officer_id"]].append(e.data["grade"])
    found = {}
    for officer in sorted(members - gone):
        score = float(points["base"])
        score += sum(points[k] * n for k, n in tallies[officer].items())
        score += sum(points["sanction"][s] for s in sanctions[officer])
        duty = _duty(votes[officer], duty_rules)
        score += points["duty"][duty] if duty else 0
        failed = any(s in points["fail_on"] for s in sanctions[officer]) or duty in points["fail_on"]
        cut = points["cutoffs"]
        grade = ("不合格" if failed else "优秀" if score >= cut["优秀"] else "合格" if score >= cut["合格"]
                 else "基本合格" if score >= cut["基本合格"] else "不合格")  # fmt: skip
        found[officer] = (round(score, 2), grade)
    return found


def recompute_teams(store: EventStore, year: int, raw_policy: dict[str, Any]) -> dict[str, tuple[float, str]]:
    """township -> (score, grade): the mean of its graded members' scores, then the points of
    findings naming nobody (检查发现问题未涉及个人) and of inquiries into the team itself."""
    points = raw_policy["assessment"]
    officers = recompute(store, year, raw_policy)
    town_of: dict[str, str] = {}
    planned: dict[str, str] = {}
    opened: dict[str, Any] = {}
    unnamed: Counter[str] = Counter()
    sanctions: dict[str, list[str]] = defaultdict(list)
    for e in store.iter_all():  # in order: a later enlistment moves the officer
        d = e.data
        if e.type == "MemberEnlisted":
            town_of[d["officer_id"]] = d["township"]
        elif e.type == "InspectionPlanned":
            planned[d["inspection_id"]] = d["township"]
        elif e.type == "InspectionRecorded" and d["held_on"].startswith(str(year)):
            unnamed[planned[d["inspection_id"]]] += sum(1 for f in d["findings"] if not f["officers"])
        elif e.type == "InquiryOpened":
            opened[d["inquiry_id"]] = d
        elif e.type == "InquiryDecided" and d["decided_on"].startswith(str(year)):
            inquiry = opened[d["inquiry_id"]]
            if inquiry["officer_id"] is None:
                sanctions[inquiry["township"]].append(d["sanction"])
    scores: dict[str, list[float]] = defaultdict(list)
    for officer, (score, _) in officers.items():
        scores[town_of[officer]].append(score)
    found = {}
    for town, members in sorted(scores.items()):
        mean = float(sum(Fraction(s) for s in members) / len(members))
        score = mean + points["finding"] * unnamed[town] + sum(points["sanction"][s] for s in sanctions[town])
        failed = any(s in points["fail_on"] for s in sanctions[town])
        cut = points["cutoffs"]
        grade = ("不合格" if failed else "优秀" if score >= cut["优秀"] else "合格" if score >= cut["合格"]
                 else "基本合格" if score >= cut["基本合格"] else "不合格")  # fmt: skip
        found[town] = (round(score, 2), grade)
    return found
