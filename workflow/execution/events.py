"""Events of service and execution (送达、执行、复议诉讼): frozen, past tense, no behaviour.

Days (`served_on`, `paid_on`, …) are Asia/Shanghai calendar days (ISO dates); `at` is
the business time of recording (UTC). Deadlines are computed when recorded and stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workflow.messages import domain_event


class Method:
    """送达方式 (GLOSSARY)."""

    PERSONAL = "直接送达"
    LEFT = "留置送达"
    POST = "邮寄送达"
    ELECTRONIC = "电子送达"
    PUBLIC = "公告送达"
    ALL = (PERSONAL, LEFT, POST, ELECTRONIC, PUBLIC)


@domain_event
@dataclass(frozen=True)
class DocumentServed:
    """送达: the document reached the party on `served_on` (for 公告送达: deemed served)."""

    document: str
    kind: str
    method: str
    served_on: str
    at: str
    witnesses: list[str] = field(default_factory=list)
    tracking: str = ""
    proof_sha256: str = ""
    published_on: str = ""
    late: bool = False  # a decision served after the 7 working days of art 61
    due: dict[str, str] = field(default_factory=dict)  # payment / review / suit / demand
    proof_name: str = ""  # the proof's display name (no path); older events: none


@domain_event
@dataclass(frozen=True)
class ServiceFailed:
    """A way of service tried and failed (受送达人下落不明、拒收、退回 …)."""

    document: str
    method: str
    tried_on: str
    reason: str
    at: str


@domain_event
@dataclass(frozen=True)
class ElectronicServiceConsented:
    """The party's signed consent to electronic service (《行政处罚法》第六十一条)."""

    channel: str
    proof_sha256: str
    at: str
    proof_name: str = ""  # the signed confirmation's display name (no path); older events: none


@domain_event
@dataclass(frozen=True)
class PaymentRecorded:
    """A payment under 罚缴分离 (art 67), by its bank or e-payment receipt."""

    amount: float
    receipt: str
    paid_on: str
    at: str
    on_the_spot: bool = False  # 当场收缴 (art 68)


@domain_event
@dataclass(frozen=True)
class PaymentScheduleApproved:
    """延期或分期缴纳 approved by the leader on the party's application (art 66)."""

    instalments: list[dict[str, object]]  # [{"due": ISO date, "amount": yuan}, …]
    reason: str
    at: str


@domain_event
@dataclass(frozen=True)
class CourtEnforcementApplied:
    """申请人民法院强制执行 (《行政强制法》第五十三条), within its window."""

    court: str
    applied_on: str
    amount: float
    at: str


@domain_event
@dataclass(frozen=True)
class CourtEnforcementConcluded:
    """The court enforced (执行到位) or ended enforcement (终结执行)."""

    result: str  # enforced | ended
    amount: float
    concluded_on: str
    at: str
    note: str = ""


@domain_event
@dataclass(frozen=True)
class SanctionPerformed:
    """A sanction other than a fine carried out (e.g. 吊销许可证件, 责令停产停业), with proof."""

    sanction: str
    performed_on: str
    proof_sha256: str
    at: str
    note: str = ""
    proof_name: str = ""  # the proof's display name (no path); older events: none


@domain_event
@dataclass(frozen=True)
class RemedySought:
    """行政复议 applied for, or 行政诉讼 brought, against the decision."""

    remedy: str  # review | suit
    organ: str
    filed_on: str
    at: str


@domain_event
@dataclass(frozen=True)
class RemedyDecided:
    """The outcome: 维持 / 撤销 / 变更 / 确认违法 / 驳回; for suits the court and judgment."""

    remedy: str
    outcome: str
    decided_on: str
    at: str
    judgment: str = ""


@domain_event
@dataclass(frozen=True)
class SpotDecisionFiled:
    """当场处罚决定书报所属行政机关备案 (《行政处罚法》第五十二条), within the county's period."""

    document: str
    filed_on: str
    at: str
    late: bool = False
