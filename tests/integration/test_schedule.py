"""The cron schedule: rq cron strings are UTC; the county works on Asia/Shanghai time."""

from __future__ import annotations

from datetime import UTC, datetime

from croniter import croniter
from redis import Redis

from tests import redis_server
from workers.schedule import build_scheduler
from workflow.clock import SHANGHAI
from workflow.settings import Settings


def next_local(cron: str, after_utc: datetime) -> datetime:
    return croniter(cron, after_utc).get_next(datetime).replace(tzinfo=UTC).astimezone(SHANGHAI)


def test_jobs_fire_at_the_county_s_local_hours() -> None:
    redis = Redis.from_url(redis_server.shared_url())
    scheduler = build_scheduler(redis, Settings(database_url="sqlite:////tmp/x.db"), sweep_seconds=30)
    jobs = {job.name: job for job in scheduler.get_jobs()}
    assert jobs["sweep"].interval == 30
    start = datetime(2026, 11, 26, 12, 0)  # 20:00 in Shanghai
    daily = next_local(jobs["deadline-sweep"].cron or "", start)
    assert (daily.date().isoformat(), daily.hour, daily.minute) == ("2026-11-27", 7, 0)
    monthly = next_local(jobs["monthly"].cron or "", start)
    assert (monthly.date().isoformat(), monthly.hour) == ("2026-12-01", 8)
    yearly = next_local(jobs["yearly-assessment"].cron or "", start)
    assert (yearly.date().isoformat(), yearly.hour) == ("2027-01-02", 9)
    assert {job.queue_name for job in jobs.values()} == {"casework"}
