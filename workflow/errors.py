"""Errors of the domain. The CLI turns each into one readable line and an exit code."""

from __future__ import annotations

from events.errors import ConcurrencyError

__all__ = ["CaseworkError", "RuleViolation", "NotAuthorised", "NotFound", "ConcurrencyError"]


class CaseworkError(Exception):
    """Base of domain errors; `zh` and `en` are the two halves of the one-line message."""

    exit_code = 1

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"{zh} / {en}")


class RuleViolation(CaseworkError):
    """A command refused by a rule of law (违反规定): names the rule and the statute article."""

    exit_code = 3

    def __init__(self, rule: str, statute: str, zh: str, en: str) -> None:
        self.rule = rule
        self.statute = statute
        super().__init__(f"{zh}（{statute}）", f"{en} [{rule}; {statute}]")


class NotAuthorised(CaseworkError):
    """The acting user may not do this (无权操作)."""

    exit_code = 4


class NotFound(CaseworkError):
    """A case, officer, township or matter that casework does not know (不存在)."""

    exit_code = 1
