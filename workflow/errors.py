"""Errors of the domain. The CLI turns each into one readable line and an exit code."""

from __future__ import annotations

from events.errors import ConcurrencyError

__all__ = [
    "CaseworkError", "RuleViolation", "NotAuthorised", "NotFound", "ConcurrencyError",
    "UnknownUser", "UsageError", "EnvironmentFault",
]  # fmt: skip

WHO_CAN_ACT_ZH = "`casework officer list` 列出可以操作的人员及其编号"
WHO_CAN_ACT_EN = "`casework officer list` lists who can act"


class CaseworkError(Exception):
    """Base of domain errors; `zh` and `en` are the two halves of the one-line message.
    Exit 2 unless a subclass says otherwise: what the user typed or the data they gave;
    exit 1 is only for the environment (`EnvironmentFault`)."""

    exit_code = 2

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
    """A case, officer, township or matter that casework does not know (不存在): exit 2."""

    exit_code = 2


class UnknownUser(NotAuthorised):
    """An acting id casework does not know (未知的操作人员); says where the ids are."""

    def __init__(self, actor: str | None) -> None:
        zh, en = (f"未知的操作人员 {actor}", f"unknown user {actor!r}") if actor else (
            "未指定操作人员", "no acting user")  # fmt: skip
        super().__init__(f"{zh}；{WHO_CAN_ACT_ZH}", f"{en}; {WHO_CAN_ACT_EN}")


class UsageError(CaseworkError):
    """The command line is incomplete or wrong (用法错误), e.g. no acting user: exit 2."""

    exit_code = 2


class EnvironmentFault(CaseworkError):
    """The environment, not the input, is wrong (环境故障): no database file, no Redis: exit 1."""

    exit_code = 1
