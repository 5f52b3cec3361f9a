"""The execution acts of a case for the console and the API (电子送达确认书, 当场收缴,
延期/分期缴纳 art 66, 申请法院强制执行, 其他处罚执行, 复议/诉讼), beside payment and
publication: each calls the same `ExecutionService` / `PublicityService` method as its
`casework case …` command. `run` makes every act idempotent: the form's id or the
`Idempotency-Key` is the command id of its one append, and a retry returns the first
result instead of being refused by the rule the first one satisfied.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from workflow.accounts.service import Principal
from workflow.errors import CaseworkError
from workflow.messages import from_recorded
from workflow.web import paper
from workflow.web.context import WebContext
from workflow.web.paper import Services, day, text

Handler = Callable[[Services, str, str, Any, Any], Any]
Proof = tuple[str, str]  # (SHA-256, the file's own name as uploaded: shown, never a path)


def instalments(form: Any) -> list[tuple[date, float]]:
    """`YYYY-MM-DD:金额` per line (one line: 延期; several: 分期)."""
    parts = []
    for line in text(form, "instalments", 1000).splitlines():
        when, _, amount = line.strip().partition(":")
        try:
            parts.append((date.fromisoformat(when.strip()), float(amount)))
        except ValueError:
            raise CaseworkError(f"分期格式应为 日期:金额（{line.strip()}）",
                                f"an instalment is DATE:AMOUNT ({line.strip()})") from None  # fmt: skip
    return parts


def _number(form: Any, name: str) -> float:
    try:
        return float(text(form, name, 20) or 0)
    except ValueError:
        raise CaseworkError("金额格式不正确", f"{name}: not a number") from None


HANDLERS: dict[str, Handler] = {
    "pay": lambda s, who, ref, f, proof: s.execution.pay(
        ref, paper.amount(f), text(f, "receipt"), day(f, "on"), who),
    "publish": lambda s, who, ref, f, proof: s.publicity.publish(ref, who),
    "withdraw-publication": lambda s, who, ref, f, proof: s.publicity.withdraw(
        ref, text(f, "reason", 500), who),
    "consent": lambda s, who, ref, f, proof: s.execution.consent(
        ref, text(f, "channel", 50), proof[0], who, proof[1]),
    "collect": lambda s, who, ref, f, proof: s.execution.collect_on_the_spot(ref, who),
    "plan": lambda s, who, ref, f, proof: s.execution.approve_plan(
        ref, instalments(f), text(f, "reason", 500), who),
    "court": lambda s, who, ref, f, proof: s.execution.apply_court(ref, text(f, "court"), who),
    "court-result": lambda s, who, ref, f, proof: s.execution.conclude_court(
        ref, text(f, "result", 20), _number(f, "amount"), who, text(f, "note", 500)),
    "perform": lambda s, who, ref, f, proof: s.execution.perform(
        ref, text(f, "sanction", 50), day(f, "on"), proof[0], who, text(f, "note", 500), proof[1]),
    "remedy": lambda s, who, ref, f, proof: s.execution.seek_remedy(
        ref, text(f, "remedy", 10), text(f, "organ"), day(f, "on"), who),
    "file-spot": lambda s, who, ref, f, proof: _file_spot(s, ref, day(f, "on"), who),
    "remedy-outcome": lambda s, who, ref, f, proof: s.execution.decide_remedy(
        ref, text(f, "remedy", 10), text(f, "outcome", 10), day(f, "on"), who,
        text(f, "judgment", 100)),
}  # fmt: skip


def _file_spot(s: Services, ref: str, on: date | None, who: str) -> Any:
    from workflow.execution.spot import file_spot

    return file_spot(s.execution, ref, on, who)


def earlier(s: Services, ref: str, command: str) -> Any | None:
    """The event a command with this id appended before (on this case), or None."""
    x = s.execution.load(ref)
    streams = (f"execution-{x.case_id}", f"publicity-{x.records[0].data['township']}")
    for stream in streams:
        for record in s.execution.store.read_stream(stream):
            if record.metadata.get("command") == command:
                return from_recorded(record)
    return None


def run(ctx: WebContext, who: Principal, channel: str, act: str, ref: str, form: Any,
        command: str | None, proof: Proof = ("", "")) -> Any:  # fmt: skip
    """One act through its service, once per command id; returns its event."""
    if act not in HANDLERS:
        raise CaseworkError(f"没有“{act}”这项操作", f"no paper act {act!r}")
    s = paper.services(ctx, who, channel, command)
    if command is not None and (first := earlier(s, ref, command)) is not None:
        return first
    return HANDLERS[act](s, who.account_id, ref, form, proof)
