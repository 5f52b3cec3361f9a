"""Who may seal a month and record a checkpoint (封存与检查点的操作人员), for the CLI and
the web alike.

- 月度封存 (`casework seal`, `POST /api/seals`): a county supervisor (县级监督人员), or the
  scheduler's system identity (`--as scheduler`: the monthly job, or a cron line that
  runs the CLI). Sealing fixes a month's record for the supervision the county answers
  for; an administrator runs the machines, not the supervision.
- 检查点 (`casework checkpoint`, `POST /api/checkpoints`): whoever runs operations: a
  county administrator (系统管理员) or supervisor, or the scheduler.

Anyone else (a township's team, a removed person, an unknown id) is refused with exit 4
(HTTP 403) and nothing is recorded. What is recorded names who did it.
"""

from __future__ import annotations

from workflow.errors import NotAuthorised

SCHEDULER = "scheduler"
SYSTEM = {"actor": SCHEDULER, "role": "system", "channel": "system"}  # channel: workflow/origin.py
SEAL_ROLES = frozenset({"supervisor"})
CHECKPOINT_ROLES = frozenset({"supervisor", "admin"})


def _metadata(actor: str, role: str | None, roles: frozenset[str], refusal: tuple[str, str]) -> dict[str, str]:
    """Who recorded it (the scheduler's system identity, or the person and role) if
    `actor` with `role` may; else refuse with `refusal` (Chinese, English)."""
    if actor == SCHEDULER and role is None:
        return dict(SYSTEM)
    if role in roles:
        return {"actor": actor, "role": role}
    raise NotAuthorised(*refusal)


def may_seal(actor: str, role: str | None) -> dict[str, str]:
    """The seal's metadata (who sealed) if `actor` with `role` may seal; else refuse."""
    return _metadata(actor, role, SEAL_ROLES, (
        "月度封存只能由县级监督人员或调度程序（--as scheduler）执行",
        f"{actor} may not seal a month: a county supervisor or the scheduler only"))  # fmt: skip


def may_checkpoint(actor: str, role: str | None) -> dict[str, str]:
    """The checkpoint's metadata if `actor` with `role` runs operations; else refuse."""
    return _metadata(actor, role, CHECKPOINT_ROLES, (
        "检查点只能由县级系统管理员、监督人员或调度程序（--as scheduler）记录",
        f"{actor} may not record a checkpoint: a county administrator or supervisor,"
        " or the scheduler only"))  # fmt: skip
