"""The functions RQ runs. Each opens what it needs from its arguments (no globals)."""

from __future__ import annotations

from functools import lru_cache

from rq import get_current_job

from events import EventStore, open_store
from projections.engine import ProjectionEngine
from projections.registry import all_projections
from workflow.notify import ALL, pending_key
from workflow.settings import from_env


@lru_cache(maxsize=8)
def _store(database_url: str) -> EventStore:
    from workflow.bootstrap import signer_for

    return open_store(database_url, signer=signer_for(from_env()))


def checkpoint(database_url: str) -> dict[str, object]:
    """The checkpoint job: fold the log, record a signed checkpoint, witness it."""
    from workflow.clock import now
    from workflow.integrity.checkpoints import checkpoint_now, witness_targets

    found = checkpoint_now(_store(database_url), witness_targets(from_env()), now())
    return {"recorded": found is not None, **(found.as_dict() if found else {})}


def after_seal(database_url: str, month: str, root: str, count: int) -> None:
    """At each month's seal: its root in the witness, then a checkpoint over it."""
    from workflow.clock import now
    from workflow.integrity.checkpoints import checkpoint_now, witness_seal, witness_targets

    witness_file = witness_targets(from_env())
    witness_seal(_store(database_url), witness_file, month, root, count)
    checkpoint_now(_store(database_url), witness_file, now())


def engine_for(database_url: str) -> ProjectionEngine:
    """A projection engine over the store at the URL (one store per URL per process)."""
    batch = from_env().projection_batch
    return ProjectionEngine(
        _store(database_url), all_projections(), batch=batch, max_batch=10 * batch
    )


def catch_up(database_url: str, name: str, queue: str = "casework") -> int:
    """Catch one projection up; clears its pending mark first so later commands re-enqueue."""
    job = get_current_job()
    if job is not None:
        job.connection.delete(pending_key(queue, name))
    return engine_for(database_url).catch_up(name)


def catch_up_all(database_url: str, queue: str = "casework") -> dict[str, int]:
    """Catch every read model up, reading each batch once for all of them; clears the
    queue's pending mark first so later commands re-enqueue."""
    job = get_current_job()
    if job is not None:
        job.connection.delete(pending_key(queue, ALL))
    return engine_for(database_url).catch_up_all()


def sweep(database_url: str) -> dict[str, int]:
    """The periodic sweep: catch every projection up whether or not anyone was notified,
    then tell supervisors of any event a read model quarantined (once each)."""
    from workflow.clock import local_day, now
    from workflow.integrity.quarantine import notify_quarantined

    engine = engine_for(database_url)
    done = engine.catch_up_all()
    notify_quarantined(_store(database_url), engine, local_day(now()))
    return done


def deadline_sweep(database_url: str, today: str | None = None) -> dict[str, int]:
    """The daily deadline sweep: warnings and overdue notices, each issued once; then the
    overdue rectifications and the duty-report reminder (workers/oversight.py)."""
    from dataclasses import asdict
    from datetime import date

    from workers.oversight import daily
    from workflow.accountability.policy import load_policy
    from workflow.clock import local_day, now
    from workflow.reports.notices import sweep_deadlines

    day = date.fromisoformat(today) if today else local_day(now())
    report = sweep_deadlines(_store(database_url), engine_for(database_url), day)
    policy = load_policy(from_env().county_file)
    return {**asdict(report), **daily(_store(database_url), engine_for(database_url), policy, day)}


def monthly(database_url: str, today: str | None = None) -> dict[str, object]:
    """The monthly job (1st, 08:00 Asia/Shanghai): seal last month, then issue its circular."""
    from datetime import date

    from workflow.clock import local_day, now
    from workflow.reports.seals import previous_month, seal_month

    day = date.fromisoformat(today) if today else local_day(now())
    found, sealed = seal_month(_store(database_url), previous_month(day), day)
    if sealed:
        after_seal(database_url, found.month, found.root, found.count)
    result: dict[str, object] = {"month": found.month, "root": found.root, "count": found.count,
                                 "sealed_now": sealed}  # fmt: skip
    return {**result, **issue_after_seal(database_url, found.month, day.isoformat())}


def issue_after_seal(database_url: str, month: str, today: str) -> dict[str, object]:
    """Issue the sealed month's circular (月度通报), once: its digest and whether now."""
    from datetime import date

    from workflow.reports.circular.issue import issue_circular

    issued = issue_circular(_store(database_url), month, date.fromisoformat(today))
    return {"circular_digest": issued.event.digest, "circular_issued_now": issued.issued_now}


def yearly_assessment(database_url: str, today: str | None = None) -> dict[str, object]:
    """The yearly job (2 January): last year's assessment, issued once."""
    from datetime import date

    from workflow.clock import local_day, now
    from workflow.reports.assessment import issue_assessment

    day = date.fromisoformat(today) if today else local_day(now())
    event, issued = issue_assessment(_store(database_url), engine_for(database_url), day.year - 1)
    return {
        "year": event.year,
        "issued_now": issued,
        **event.summary,
        **yearly_grades(database_url, day),
    }


def yearly_grades(database_url: str, day: object) -> dict[str, object]:
    """The graded assessment (年度考核 等次) of last year, issued once, and its 不合格 notices."""
    from datetime import date

    from workflow.accountability.assessment import issue
    from workflow.accountability.policy import load_policy

    assert isinstance(day, date)
    policy = load_policy(from_env().county_file)
    grades, now = issue(_store(database_url), day.year - 1, policy=policy, on=day)
    failed = sum(1 for o in grades.officers if o["grade"] == "不合格")
    return {"grades_issued_now": now, "graded": len(grades.officers), "failed": failed}
