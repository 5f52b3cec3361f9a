"""The words of the organisation (组织): domains, kinds, roles, origins, reasons.

Every one is a `str` Enum, so it serialises the same into JSON, SQL and the CLI.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import TypeVar

E = TypeVar("E", bound=Enum)


class Domain(StrEnum):
    """The 9 county-level enforcement teams (县级执法队伍) that second officers to townships."""

    MARKET = "market"
    TRANSPORT = "transport"
    EMERGENCY = "emergency"
    CULTURE = "culture"
    NATURAL_RESOURCES = "natural_resources"
    HEALTH = "health"
    LABOUR = "labour"
    AGRICULTURE = "agriculture"
    URBAN = "urban"

    @property
    def zh(self) -> str:
        return DOMAIN_ZH[self]


DOMAIN_ZH: dict[Domain, str] = {
    Domain.MARKET: "市场",
    Domain.TRANSPORT: "交通",
    Domain.EMERGENCY: "应急",
    Domain.CULTURE: "文化",
    Domain.NATURAL_RESOURCES: "自然资源",
    Domain.HEALTH: "卫生健康",
    Domain.LABOUR: "劳动监察",
    Domain.AGRICULTURE: "农业农村",
    Domain.URBAN: "城市管理",
}

TOWNSHIP_DOMAIN = "township"
"""A catalogue item's domain when the township enforces it in its own right (乡镇自有事项)."""

MATTER_DOMAINS = frozenset({d.value for d in Domain} | {TOWNSHIP_DOMAIN})


class Kind(StrEnum):
    """The kind of an enforcement matter: 行政处罚 (penalty) or 行政许可 (licensing)."""

    PENALTY = "penalty"
    LICENSING = "licensing"

    @property
    def zh(self) -> str:
        return "行政处罚" if self is Kind.PENALTY else "行政许可"


class Role(StrEnum):
    """What a person may do: officer (执法人员), leader (队长), deputy (副队长), supervisor, admin."""

    OFFICER = "officer"
    LEADER = "leader"
    DEPUTY = "deputy"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Origin(StrEnum):
    """Where a team member comes from: the 7 (township staff), the 9 (seconded), the heads."""

    TOWNSHIP_STAFF = "township_staff"
    SECONDED = "seconded"
    LEADER = "leader"
    DEPUTY = "deputy"
    COUNTY = "county"

    @property
    def role(self) -> Role:
        """The role this origin gives on the team (county staff have their own role)."""
        return {Origin.LEADER: Role.LEADER, Origin.DEPUTY: Role.DEPUTY}.get(self, Role.OFFICER)


TEAM_ORIGINS = (Origin.TOWNSHIP_STAFF, Origin.SECONDED, Origin.LEADER, Origin.DEPUTY)


class TownshipKind(StrEnum):
    """镇 (town) or 乡 (township)."""

    TOWN = "镇"
    XIANG = "乡"


class RemovalReason(StrEnum):
    """Why an officer is taken off the team for good (能进能出): 不担当、不作为、乱作为, or other."""

    NOT_RESPONSIBLE = "不担当"
    INACTION = "不作为"
    MISCONDUCT = "乱作为"
    OTHER = "other"


class PersonnelAction(StrEnum):
    """A personnel action on a seconded officer that must consult the township (征求乡镇意见)."""

    PROMOTION = "promotion"
    TRANSFER = "transfer"
    AWARD = "award"
    REINSTATEMENT = "reinstatement"  # 恢复执法岗位 (`casework officer reinstate`), not an `action`

    @property
    def zh(self) -> str:
        return {"promotion": "提拔晋升", "transfer": "调动", "award": "评优评先",
                "reinstatement": "恢复执法岗位"}[self.value]  # fmt: skip


class CertificateChange(StrEnum):
    """What `officer certify` does to an enforcement certificate (执法资格证)."""

    ISSUE = "issue"
    RENEW = "renew"
    REVOKE = "revoke"


def parse_enum(enum: type[E], text: str, what: str) -> E:
    """The member of `enum` whose value is `text`, or ValueError naming the choices."""
    try:
        return enum(text)
    except ValueError:
        choices = ", ".join(str(m.value) for m in enum)
        raise ValueError(f"{what} {text!r} is not one of: {choices}") from None
