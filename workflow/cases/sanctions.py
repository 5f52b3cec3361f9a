"""Sanctions (行政处罚的种类, 《行政处罚法》第九条) and what follows from them.

A notice or a decision carries one or more sanctions, each of a statutory kind, with an
amount (yuan) where the kind has one (罚款, 没收违法所得, 没收非法财物). Hearing
eligibility (art. 63) and "no heavier than notified" (art. 45) are read from the list.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class SanctionKind(StrEnum):
    """The kinds of art. 9 (the code; `zh` is the statute's word)."""

    WARNING = "warning"
    CRITICISM = "criticism"
    FINE = "fine"
    CONFISCATE_GAINS = "confiscate_gains"
    CONFISCATE_PROPERTY = "confiscate_property"
    SUSPEND_LICENCE = "suspend_licence"
    LOWER_QUALIFICATION = "lower_qualification"
    REVOKE_LICENCE = "revoke_licence"
    RESTRICT_BUSINESS = "restrict_business"
    SUSPEND_BUSINESS = "suspend_business"
    CLOSE_DOWN = "close_down"
    RESTRICT_PRACTICE = "restrict_practice"

    @property
    def zh(self) -> str:
        return SANCTION_ZH[self]

    @property
    def has_amount(self) -> bool:
        return self in WITH_AMOUNT


SANCTION_ZH: dict[SanctionKind, str] = {
    SanctionKind.WARNING: "警告",
    SanctionKind.CRITICISM: "通报批评",
    SanctionKind.FINE: "罚款",
    SanctionKind.CONFISCATE_GAINS: "没收违法所得",
    SanctionKind.CONFISCATE_PROPERTY: "没收非法财物",
    SanctionKind.SUSPEND_LICENCE: "暂扣许可证件",
    SanctionKind.LOWER_QUALIFICATION: "降低资质等级",
    SanctionKind.REVOKE_LICENCE: "吊销许可证件",
    SanctionKind.RESTRICT_BUSINESS: "限制开展生产经营活动",
    SanctionKind.SUSPEND_BUSINESS: "责令停产停业",
    SanctionKind.CLOSE_DOWN: "责令关闭",
    SanctionKind.RESTRICT_PRACTICE: "限制从业",
}
BY_WORD = {zh: kind for kind, zh in SANCTION_ZH.items()}
WITH_AMOUNT = frozenset(
    {SanctionKind.FINE, SanctionKind.CONFISCATE_GAINS, SanctionKind.CONFISCATE_PROPERTY}
)
# art. 63 (三)(四)(五): eligible whatever the amount; 限制开展生产经营活动 as 其他较重的行政处罚
HEAVY = frozenset(
    {
        SanctionKind.LOWER_QUALIFICATION,
        SanctionKind.REVOKE_LICENCE,
        SanctionKind.RESTRICT_BUSINESS,
        SanctionKind.SUSPEND_BUSINESS,
        SanctionKind.CLOSE_DOWN,
        SanctionKind.RESTRICT_PRACTICE,
    }
)
CONFISCATIONS = frozenset({SanctionKind.CONFISCATE_GAINS, SanctionKind.CONFISCATE_PROPERTY})


@dataclass(frozen=True)
class Sanction:
    """One sanction: its kind and, for 罚款/没收, the amount in yuan."""

    kind: SanctionKind
    amount: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "zh": self.kind.zh, "amount": self.amount}

    def label(self) -> str:
        return f"{self.kind.zh} {self.amount:g} 元" if self.amount is not None else self.kind.zh


def parse_kind(word: str) -> SanctionKind:
    """A sanction kind from its Chinese word or its code; ValueError naming the list."""
    word = word.strip()
    if word in BY_WORD:
        return BY_WORD[word]
    try:
        return SanctionKind(word)
    except ValueError:
        raise ValueError(
            f"处罚种类 {word!r} 不在《行政处罚法》第九条所列种类内："
            + "、".join(SANCTION_ZH.values())
        ) from None


def parse_sanction(text: str) -> Sanction:
    """`罚款:5000`, `警告`, `没收违法所得:1200` → a Sanction; ValueError when malformed."""
    word, sep, amount_text = text.partition(":")
    if not sep:
        word, sep, amount_text = text.partition("：")
    kind = parse_kind(word)
    if kind.has_amount:
        if not amount_text.strip():
            raise ValueError(f"{kind.zh} 须写明金额，如 {kind.zh}:5000")
        try:
            amount = float(amount_text)
        except ValueError:
            raise ValueError(f"{kind.zh} 的金额 {amount_text!r} 不是数字") from None
        if not math.isfinite(amount) or amount < 0:
            raise ValueError(f"{kind.zh} 的金额 {amount_text} 须为非负数")
        return Sanction(kind, amount)
    if amount_text.strip():
        raise ValueError(f"{kind.zh} 没有金额")
    return Sanction(kind)


def from_dicts(items: Iterable[dict[str, Any]]) -> tuple[Sanction, ...]:
    """Sanctions as stored in an event (kind code + amount)."""
    return tuple(Sanction(SanctionKind(i["kind"]), i.get("amount")) for i in items)


def to_dicts(sanctions: Iterable[Sanction]) -> list[dict[str, Any]]:
    return [s.as_dict() for s in sanctions]


def fine_total(sanctions: Iterable[Sanction]) -> float:
    """The sum of the 罚款 (0 when none)."""
    return sum(s.amount or 0.0 for s in sanctions if s.kind is SanctionKind.FINE)


def amount_of(sanctions: Iterable[Sanction], kind: SanctionKind) -> float | None:
    found = [s.amount or 0.0 for s in sanctions if s.kind is kind]
    return sum(found) if found else None


def describe(sanctions: Iterable[Sanction]) -> str:
    return "；".join(s.label() for s in sanctions) or "—"


def heavier_than_notified(decided: Iterable[Sanction], notified: Iterable[Sanction]) -> list[str]:
    """Art. 45: each decided sanction that the notice did not carry, or carried lighter."""
    told = {s.kind: s for s in notified}
    problems: list[str] = []
    for s in decided:
        before = told.get(s.kind)
        if before is None:
            problems.append(f"{s.kind.zh}（告知书未载明）")
        elif s.amount is not None and (before.amount is None or s.amount > before.amount):
            problems.append(f"{s.kind.zh} {s.amount:g} 元（告知 {before.amount or 0:g} 元）")
    return problems
