"""The supervisor's audit, pure: the backdate rule, lags for people, time windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from events import RecordedEvent
from workflow.reports import audit
from workflow.reports.audit import BACKDATE_THRESHOLD, Window

RECORDED = datetime(2026, 6, 4, 2, 0, tzinfo=UTC)


def event(at: str | None, recorded: datetime = RECORDED, **data: Any) -> RecordedEvent:
    body = {**data, **({"at": at} if at is not None else {})}
    meta = {"actor": "tc-004", "role": "officer"}
    return RecordedEvent(7, "case-x", 3, "EvidenceRecorded", 1, body, meta, recorded, "p", "h")


@pytest.mark.parametrize(
    ("lag", "backdated"),
    [
        (timedelta(0), False),
        (timedelta(minutes=59), False),
        (BACKDATE_THRESHOLD, False),  # exactly one hour is still on time
        (BACKDATE_THRESHOLD + timedelta(seconds=1), True),
        (timedelta(days=2, hours=3), True),
        (timedelta(minutes=-3), False),  # a clock a little ahead is not backdating
    ],
)
def test_backdated_means_recorded_more_than_an_hour_after_business_time(
    lag: timedelta, backdated: bool
) -> None:
    e = event((RECORDED - lag).isoformat())
    assert audit.is_backdated(e) is backdated
    assert audit.audit_row(e)["backdated"] is backdated


def test_events_without_business_time_are_never_backdated() -> None:
    assert not audit.is_backdated(event(None))
    assert not audit.is_backdated(event("not a time"))
    assert audit.audit_row(event(None))["at"] is None


def test_the_threshold_is_a_parameter() -> None:
    e = event((RECORDED - timedelta(hours=2)).isoformat())
    assert audit.is_backdated(e)
    assert not audit.is_backdated(e, threshold=timedelta(hours=3))


def test_lags_read_as_days_and_hours_or_hours_and_minutes() -> None:
    assert audit.describe_lag(timedelta(days=2, hours=3, minutes=59)) == "2d 3h"
    assert audit.describe_lag(timedelta(hours=5, minutes=20, seconds=30)) == "5h 20m"
    assert audit.describe_lag(timedelta(hours=1, seconds=1)) == "1h 0m"


def test_audit_row_shows_both_times_in_shanghai_and_the_flag() -> None:
    row = audit.audit_row(event("2026-06-02T02:00:00+00:00", kind="现场笔录"))
    assert row["at"] == "2026-06-02 10:00" and row["recorded_at"] == "2026-06-04 10:00"
    assert row["recorded_at_exact"] == "2026-06-04T10:00:00+08:00"
    assert row["backdated"] and row["backdate"] == "2d 0h"
    assert row["backdate_seconds"] == 2 * 86400
    assert row["data"] == {"kind": "现场笔录"} and row["actor"] == "tc-004"
    line = audit.render_row(row, with_stream=True)
    assert line.startswith("case-x v3 2026-06-02 10:00") and "补录 backdated 2d 0h" in line
    assert "现场笔录" in line  # Chinese unescaped


def test_on_time_rows_carry_no_flag() -> None:
    row = audit.audit_row(event("2026-06-04T09:30:00+08:00"))
    assert not row["backdated"] and row["backdate"] is None
    assert "补录" not in audit.render_row(row)


def test_count_backdated() -> None:
    events = [event("2026-06-04T09:30:00+08:00"), event("2026-06-01T09:30:00+08:00"), event(None)]
    assert audit.count_backdated(events) == 1


def test_a_bare_to_date_includes_its_whole_day_in_shanghai() -> None:
    w = audit.window("2026-06-02", "2026-06-02")
    assert w.start == datetime(2026, 6, 1, 16, 0, tzinfo=UTC)
    assert w.end == datetime(2026, 6, 2, 16, 0, tzinfo=UTC)
    assert w.holds(datetime(2026, 6, 2, 15, 59, 59, tzinfo=UTC))
    assert not w.holds(datetime(2026, 6, 2, 16, 0, tzinfo=UTC))
    assert not w.holds(datetime(2026, 6, 1, 15, 59, tzinfo=UTC))
    timed = audit.window("2026-06-02T08:00", "2026-06-02T09:00")
    assert timed.end == datetime(2026, 6, 2, 1, 0, tzinfo=UTC)


def test_an_open_window_holds_everything_but_a_bounded_one_needs_a_time() -> None:
    assert Window().holds(None) and Window().holds(RECORDED)
    assert not Window(start=RECORDED).holds(None)


def test_as_of_a_date_means_the_end_of_that_day() -> None:
    assert audit.end_of("2026-06-01") == datetime(2026, 6, 1, 15, 59, 59, 999999, tzinfo=UTC)
    assert audit.end_of("2026-06-01T09:30") == datetime(2026, 6, 1, 1, 30, tzinfo=UTC)


def test_matching_filters_by_actor_and_the_chosen_time() -> None:
    on_time = event("2026-06-04T09:30:00+08:00")
    late = event("2026-06-01T09:30:00+08:00")
    other = RecordedEvent(
        8, "case-y", 1, "CaseOpened", 1, {}, {"actor": "tc-005"}, RECORDED, "", ""
    )
    events = [on_time, late, other]
    assert list(audit.matching(events, actor="tc-004")) == [on_time, late]
    june1 = audit.window("2026-06-01", "2026-06-01")
    assert list(audit.matching(events, within=june1)) == []
    assert list(audit.matching(events, within=june1, by=audit.TimeField.BUSINESS)) == [late]
    june4 = audit.window("2026-06-04", None)
    assert list(audit.matching(events, actor="tc-005", within=june4)) == [other]
