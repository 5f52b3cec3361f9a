"""Commands of service and execution (送达与执行服务): load, authorise, check, append.

Each command reads the case, its documents and its execution stream, lets the rules in
`rules.py` decide, and appends to `execution-<case id>` at the version it read. The
commands live by what they are about: `serving` (送达), `payments` (缴纳), `enforcement`
(强制执行, other sanctions), `remedies` (复议/诉讼); `base` loads and appends.
"""

from __future__ import annotations

from workflow.execution.base import Loaded
from workflow.execution.enforcement import Enforcement, other_sanctions
from workflow.execution.payments import Payments
from workflow.execution.remedies import Remedies
from workflow.execution.serving import Serving

__all__ = ["ExecutionService", "Loaded", "other_sanctions"]


class ExecutionService(Serving, Payments, Enforcement, Remedies):
    """Records service, payments, enforcement and remedies against the event store."""
