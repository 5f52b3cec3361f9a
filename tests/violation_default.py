"""The tests' default violation date, in one place (art. 36 requires one at 立案).

A penalty case cannot be opened without its violation date or the recorded reason it is
unknown (`rules.check_violation_known`). Most tests open cases to test something else; for
them, an opening that names neither gets a violation three days before it was discovered
(the opening day by default), as a desk officer would type it. A test that is about the
rule itself opts out with `@pytest.mark.violation_date_required` (and then gets the real,
refusing behaviour). Only in-process openings pass here; a spawned `casework` process, the
demo and the benchmarks give their own dates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from workflow.cases import commands as cmd
from workflow.cases import decide
from workflow.cases.events import CaseKind
from workflow.cases.rules import Context

DAYS_BEFORE = 3
ORIGINAL = decide.decide_open  # the real one, for tests marked violation_date_required


def with_default(c: cmd.OpenCase, ctx: Context) -> cmd.OpenCase:
    """`c`, with a violation date when it is a penalty opening that names none."""
    if c.violation_date is not None or c.violation_unknown.strip():
        return c
    matter = ctx.directory.matter(c.matter, ctx.day)
    kind = getattr(matter, "kind", None)
    if matter is None or str(getattr(kind, "value", kind)) != CaseKind.PENALTY.value:
        return c
    known = [d for d in (ctx.day, c.discovered_on, c.violation_end) if d is not None]
    return replace(c, violation_date=min(known) - timedelta(days=DAYS_BEFORE))


def defaulting(decide_open: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap `decide.decide_open` so that openings without a violation date get the default."""

    def wrapped(c: cmd.OpenCase, ctx: Context, *args: Any, **kwargs: Any) -> Any:
        return decide_open(with_default(c, ctx), ctx, *args, **kwargs)

    return wrapped
