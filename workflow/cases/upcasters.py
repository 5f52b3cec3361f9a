"""Upcasters of case events: old rows are read in today's schema, never rewritten.

PenaltyNotified / PenaltyDecided schema 1 carried one `amount` (a fine); schema 2
carries `sanctions`. LegalReviewRecorded schema 1 had no result: it reads as `legacy`. A schema-1 amount becomes one 罚款 (or 警告 when it was 0, the
only way schema 1 could record a decision without a fine).
"""

from __future__ import annotations

from typing import Any

from workflow.messages import UPCASTERS


def _sanctions_from_amount(data: dict[str, Any]) -> dict[str, Any]:
    amount = float(data.get("amount") or 0)
    if amount > 0:
        sanctions = [{"kind": "fine", "zh": "罚款", "amount": amount}]
    else:
        sanctions = [{"kind": "warning", "zh": "警告", "amount": None}]
    return {**data, "sanctions": sanctions}


def _notice_v1(data: dict[str, Any]) -> dict[str, Any]:
    data = _sanctions_from_amount(data)
    grounds = ["较大数额罚款"] if data.get("hearing_eligible") else []
    return {**data, "hearing_grounds": grounds, "circumstance": ""}


def _decision_v1(data: dict[str, Any]) -> dict[str, Any]:
    return {**_sanctions_from_amount(data), "circumstance": ""}


def _review_v1(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "result": "legacy", "grounds": []}


UPCASTERS.register("PenaltyNotified", 1, _notice_v1)
UPCASTERS.register("LegalReviewRecorded", 1, _review_v1)
UPCASTERS.register("PenaltyDecided", 1, _decision_v1)
