"""下一步 for lists (我的案件、本队看板、期限看板、`GET /api/cases`/`deadlines`,
`casework cases`/`deadlines`): the cases of a page folded from one read of their streams,
and what each waits for (`waiting.waiting_for`, the case page's own function), officer ids
replaced by names.

The read model keeps no next step (its rebuild speed is measured): a list folds only the
cases it shows, a page at a time. The fold is read after the rows, so it is never older
than they are: where the read model lags behind the log (a command recorded between the
read and the fold; workers behind in Redis mode), the row takes the folded state, and 状态
and 下一步 agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from events import EventStore
from workflow.cases import words
from workflow.cases.case import Case
from workflow.cases.folded import FoldedCases, fold_onto
from workflow.cases.lifecycle import CaseState
from workflow.cases.numbering import parse_case_ref
from workflow.cases.waiting import waiting_for
from workflow.messages import MalformedEvent, fold_readable

ENDED = frozenset({CaseState.CLOSED.value, CaseState.REVIEWED.value})  # 结案 done: nothing to do
CHUNK = 200  # streams per read: 400 bound values, far under SQLite's and PostgreSQL's limits
UNREADABLE = (LookupError, TypeError, ValueError, AttributeError, MalformedEvent)


def fold_cases(
    store: EventStore, stream_ids: Iterable[str], cache: FoldedCases | None = None
) -> dict[str, Case]:
    """The cases of these streams at their current versions, by stream id: one read per
    CHUNK streams of the events after where the process's folded cases stopped (whole
    streams when none is cached). A stream that does not exist is left out."""
    ids = list(dict.fromkeys(stream_ids))
    found: dict[str, Case] = {}
    for start in range(0, len(ids), CHUNK):
        found.update(_fold_chunk(store, ids[start : start + CHUNK], cache))
    return found


def _fold_chunk(store: EventStore, ids: list[str], cache: FoldedCases | None) -> dict[str, Case]:
    bases = {s: cache.get(s) if cache is not None else None for s in ids}
    records = store.read_streams({s: b.case.version if b else 0 for s, b in bases.items()})
    found: dict[str, Case] = {}
    for stream_id, base in bases.items():
        newer = records[stream_id]
        if base is None and not newer:
            continue
        try:
            folded = fold_onto(base, newer)
        except UNREADABLE:  # as the case page's history: the list survives one bad event
            case = Case()
            fold_readable(case.apply, store.read_stream(stream_id))
            found[stream_id] = case
            continue
        if newer and cache is not None:
            cache.put(stream_id, folded)
        found[stream_id] = folded.case
    return found


def named(wait: dict[str, Any], case: Case, name_of: Callable[[str], str]) -> dict[str, Any]:
    """`wait` with the case's officer and hearing-chair ids in `who` replaced by
    `name_of(id)`, in one pass (a name already put in is never read as an id again)."""
    people = sorted(set(case.officers) | ({case.hearing_chair} - {""}), key=len, reverse=True)
    if not people:
        return dict(wait)
    pattern = re.compile("|".join(re.escape(p) for p in people))
    return {**wait, "who": pattern.sub(lambda m: name_of(m.group(0)), wait["who"])}


def next_steps(
    store: EventStore,
    rows: Iterable[dict[str, Any]],
    today: date,
    name_of: Callable[[str], str],
    cache: FoldedCases | None = None,
) -> dict[str, dict[str, Any]]:
    """下一步 (act, who, by) of the cases among `rows` (read-model views with `case_id` and
    `state`) not yet closed, by case id: computed from the folded case on `today`, so a case
    past its 办理期限 or its party's period says so. Who is named, never the party."""
    cases = _folded(store, rows, cache)
    return {case_id: named(waiting_for(case, today), case, name_of)
            for case_id, case in cases.items() if _state(case, "") not in ENDED}  # fmt: skip


def with_next(
    store: EventStore,
    rows: list[dict[str, Any]],
    today: date,
    name_of: Callable[[str], str],
    cache: FoldedCases | None = None,
) -> list[dict[str, Any]]:
    """`rows` (read-model views), each with `next`: the case's 下一步 as `next_steps` has it,
    or None once closed. A row whose case's events are newer than it (another state: the
    read model lags) shows the folded state, as its 下一步 does (`current`)."""
    cases = _folded(store, rows, cache)
    return [current(r, cases.get(r["case_id"]), today, name_of) for r in rows]


def current(
    row: dict[str, Any], case: Case | None, today: date, name_of: Callable[[str], str]
) -> dict[str, Any]:
    """The row with `next` from its folded case, and the case's state where it moved past
    the row's (the fold, read after the row, is never the older of the two)."""
    if case is None:
        return {**row, "next": None}
    state = _state(case, row["state"])
    if state != row["state"]:
        row = {**row, "state": state, "state_zh": words.state_zh(state)}
    wait = None if state in ENDED else named(waiting_for(case, today), case, name_of)
    return {**row, "next": wait}


def _folded(
    store: EventStore, rows: Iterable[dict[str, Any]], cache: FoldedCases | None
) -> dict[str, Case]:
    """The folded cases of the rows the read model has not closed, by case id."""
    wanted = {parse_case_ref(r["case_id"]).stream_id: r["case_id"]
              for r in rows if r["state"] not in ENDED}  # fmt: skip
    return {wanted[s]: case for s, case in fold_cases(store, wanted, cache).items()}


def _state(case: Case, otherwise: str) -> str:
    return case.state.value if case.state is not None else otherwise
