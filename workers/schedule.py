"""The cron schedule, on RQ's CronScheduler. Mind that rq cron strings are UTC.

Asia/Shanghai is UTC+8 all year: 07:00 there is 23:00 UTC the day before.
"""

from __future__ import annotations

from redis import Redis
from rq.cron import CronScheduler

from workers.jobs import checkpoint, deadline_sweep, monthly, sweep, yearly_assessment
from workflow.settings import Settings

HEARTBEAT = 5.0  # seconds at most between two calls to Redis: a frozen Redis is seen promptly
DAILY_DEADLINE_SWEEP = "0 23 * * *"  # 07:00 Asia/Shanghai
MONTHLY_CIRCULAR = "0 0 1 * *"  # 08:00 Asia/Shanghai on the 1st
YEARLY_ASSESSMENT = "0 1 2 1 *"  # 09:00 Asia/Shanghai on 2 January


class BoundedScheduler(CronScheduler):
    """RQ's CronScheduler, talking to Redis at least every HEARTBEAT seconds (RQ sleeps up
    to 60 s between heartbeats): with the connection's read timeout (workflow.notify), a
    Redis that stops answering (SIGSTOP) ends the scheduler within seconds, with one line
    naming Redis and exit code 1, instead of a minute or more later."""

    def calculate_sleep_interval(self) -> float:
        return min(HEARTBEAT, float(super().calculate_sleep_interval()))


def build_scheduler(
    redis: Redis, settings: Settings, *, sweep_seconds: int = 60
) -> BoundedScheduler:
    """A CronScheduler with casework's periodic jobs registered on its queue."""
    scheduler = BoundedScheduler(connection=redis, name=f"casework-{settings.queue}")
    scheduler.register(
        sweep, settings.queue, args=(settings.database_url,), interval=sweep_seconds, name="sweep"
    )
    scheduler.register(
        deadline_sweep, settings.queue, args=(settings.database_url,), cron=DAILY_DEADLINE_SWEEP,
        name="deadline-sweep",
    )  # fmt: skip
    scheduler.register(
        monthly, settings.queue, args=(settings.database_url,), cron=MONTHLY_CIRCULAR, name="monthly"
    )
    scheduler.register(
        yearly_assessment, settings.queue, args=(settings.database_url,), cron=YEARLY_ASSESSMENT,
        name="yearly-assessment",
    )  # fmt: skip
    scheduler.register(
        checkpoint, settings.queue, args=(settings.database_url,),
        interval=max(60, int(settings.checkpoint_minutes * 60)), name="checkpoint",
    )  # fmt: skip
    return scheduler
