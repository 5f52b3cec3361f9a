"""Payment receipts used once county-wide, back-filled: every `PaymentRecorded` already in
the log claims its receipt number as a store-wide command id (`payment-receipt:<number>`,
spaces dropped, letters upper-cased), as `casework case pay` does since receipts became
unique (《行政处罚法》第六十七条: 罚缴分离, the bank's receipt is the proof of payment).

Only `event_commands` gains rows (an insert: the table is append-only); no event changes.
Where two old payments share a receipt, the first (by position) keeps it and the later one
is left as it was: history is not edited, `verify` and the audit still show both. Run
twice, it inserts nothing the second time. The key function is a frozen copy of
`workflow.execution.rules.receipt_key` as first released.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import json

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PAYMENTS = (
    "SELECT position, stream_id, version, data, recorded_at FROM events"
    " WHERE event_type = 'PaymentRecorded' ORDER BY position"
)

CLAIMED = (
    "SELECT command_id FROM event_commands WHERE substr(command_id, 1, 16) = 'payment-receipt:'"
)


def receipt_key(receipt: str) -> str:
    return "payment-receipt:" + "".join(receipt.split()).upper()


def upgrade() -> None:
    bind = op.get_bind()
    mark = "%s" if bind.dialect.name == "postgresql" else "?"
    claimed = {row[0] for row in bind.exec_driver_sql(CLAIMED)}
    rows = []
    for position, stream_id, version, data, recorded_at in bind.exec_driver_sql(PAYMENTS).all():
        receipt = str(json.loads(data).get("receipt") or "")
        key = receipt_key(receipt)
        if not receipt.strip() or key in claimed or len(key) > 200:
            continue
        claimed.add(key)
        rows.append((key, stream_id, version, str(position), recorded_at))
    if rows:
        bind.exec_driver_sql(
            "INSERT INTO event_commands (command_id, stream_id, version, positions, recorded_at)"
            f" VALUES ({mark}, {mark}, {mark}, {mark}, {mark})",
            rows,
        )


def downgrade() -> None:
    raise NotImplementedError("casework never migrates down: restore a backup instead")
