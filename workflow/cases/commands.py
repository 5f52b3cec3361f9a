"""Commands on a case (imperative): what a user asks; the service decides and records.

Every command names its actor, its business time `at` (None = now) and an optional
`command_id` so a retry does nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from workflow.cases.sanctions import Sanction


@dataclass(frozen=True, kw_only=True)
class Command:
    actor: str
    at: datetime | None = None
    command_id: str | None = None
    late_reason: str = ""  # 补录原因: required when `at` precedes now by more than an hour


@dataclass(frozen=True, kw_only=True)
class CaseCommand(Command):
    case: str  # short id (taicheng-P-2026-17), stream id or human number


@dataclass(frozen=True, kw_only=True)
class OpenCase(Command):
    township: str
    matter: str
    party: str
    summary: str
    violation_date: date | None = None
    kind: str | None = None
    party_kind: str | None = None  # 个人 / 单位 (None = 个人)
    party_id_number: str = ""
    party_address: str = ""
    party_contact: str = ""
    violation_end: date | None = None  # a continuing violation's end (art. 36)
    discovered_on: date | None = None  # 发现之日 (default: the opening day)
    grave_harm: bool = False  # 涉及公民生命健康安全、金融安全且有危害后果: 5 years
    violation_unknown: str = ""  # why the violation date is unknown (limitation unchecked)
    source: str = ""  # the lead (线索) approved for 立案; "" = the case is its own source
    source_channel: str = ""
    clock_start: date | None = None  # licensing: the 20 working days run from (受理, or receipt)


@dataclass(frozen=True, kw_only=True)
class RecordParty(CaseCommand):
    """登记或更正当事人信息."""

    name: str
    party_kind: str | None = None
    id_number: str = ""
    address: str = ""
    contact: str = ""
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class DispatchCase(CaseCommand):
    officers: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class RecordEvidence(CaseCommand):
    kind: str
    text: str
    file_name: str | None = None
    file_sha256: str | None = None


@dataclass(frozen=True, kw_only=True)
class NotifyPenalty(CaseCommand):
    basis: str
    amount: float | None = None  # shorthand for one 罚款
    sanctions: tuple[Sanction, ...] = ()
    circumstance: str = ""
    discretion_ground: str = ""  # 从轻 / 减轻 (art. 32) / 从重: a fine outside the range
    discretion_reason: str = ""
    facts: str | None = None
    rights_told: bool = True


@dataclass(frozen=True, kw_only=True)
class WaiveDefence(CaseCommand):
    pass


@dataclass(frozen=True, kw_only=True)
class RequestHearing(CaseCommand):
    pass


@dataclass(frozen=True, kw_only=True)
class ScheduleHearing(CaseCommand):
    """安排听证: day, place, chair (not an investigator), public unless a reason is given."""

    on: date
    place: str
    chair: str
    public: bool = True
    reason_not_public: str = ""


@dataclass(frozen=True, kw_only=True)
class HoldHearing(CaseCommand):
    """举行听证, recorded by its chair with the 听证笔录 (file kept by SHA-256)."""

    notes: str = ""
    record_file: str = ""
    record_sha256: str = ""


@dataclass(frozen=True, kw_only=True)
class AbandonHearing(CaseCommand):
    """当事人未出席或中途退出听证 (a waiver)."""

    reason: str


@dataclass(frozen=True, kw_only=True)
class MarkMajor(CaseCommand):
    """认定重大案件 (重大公共利益/疑难复杂/情节复杂/重大违法) with reasons."""

    grounds: tuple[str, ...]
    reason: str


@dataclass(frozen=True, kw_only=True)
class RecordLegalReview(CaseCommand):
    """法制审核: result passed (通过) or returned (退回), with the opinion."""

    opinion: str
    result: str


@dataclass(frozen=True, kw_only=True)
class HoldDiscussion(CaseCommand):
    """集体讨论: participants of the leadership, conclusion, what it decides."""

    participants: tuple[str, ...]
    conclusion: str
    result: str
    held_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class DecidePenalty(CaseCommand):
    basis: str
    amount: float | None = None  # shorthand for one 罚款
    sanctions: tuple[Sanction, ...] = ()
    circumstance: str = ""  # "" = the notice's
    discretion_ground: str = ""
    discretion_reason: str = ""


@dataclass(frozen=True, kw_only=True)
class DecideNoPenalty(CaseCommand):
    """不予行政处罚: an art. 33 ground or 违法事实不能成立, with the facts and reasons."""

    ground: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class TransferCase(CaseCommand):
    """移送司法机关 (涉嫌犯罪), naming the receiving organ."""

    organ: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class WithdrawCase(CaseCommand):
    """撤销立案, with reasons."""

    reason: str


@dataclass(frozen=True, kw_only=True)
class GrantLicence(CaseCommand):
    pass


@dataclass(frozen=True, kw_only=True)
class IssueLicence(CaseCommand):
    """颁发、送达许可证件 (许可法 art. 44): the document's number; past the 10 working days
    from 准予, why it is late."""

    document_number: str
    delay_reason: str = ""


@dataclass(frozen=True, kw_only=True)
class RefuseLicence(CaseCommand):
    reason: str


@dataclass(frozen=True, kw_only=True)
class ExtendDeadline(CaseCommand):
    days: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class PauseClock(CaseCommand):
    """许可期限中止 for 听证/检验/检测/检疫/鉴定/专家评审 (许可法 art. 45), with what is done."""

    kind: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class ResumeClock(CaseCommand):
    pass


@dataclass(frozen=True, kw_only=True)
class CloseCase(CaseCommand):
    outcome: str
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class ReviewCase(CaseCommand):
    verdict: str
    findings: str


@dataclass(frozen=True, kw_only=True)
class DesignateDuty(Command):
    """指定 (or withdraw) 法制审核人员 / 授权作出决定的副队长 on a township's record."""

    township: str
    person: str
    duty: str  # legal_reviewer | decider
    granted: bool = True


@dataclass(frozen=True, kw_only=True)
class DecideOnTheSpot(OpenCase):
    """简易程序 (处罚法 arts 51–52): one officer records and decides a case on the spot."""

    facts: str
    statement: str
    place: str
    sanctions: tuple[Sanction, ...]
    basis: str = ""  # None given: the matter's legal basis
    collect: bool = False  # 当场收缴 (art 68)
    collect_reason: str = ""  # why paying later is hard, when the fine exceeds the limit
    receipt: str = ""  # the 罚没款收据 number (art 69)
    circumstance: str = ""  # 裁量情节 of the item's benchmark (art 34), as in 一般程序
    discretion_ground: str = ""  # 从轻/减轻 (art 32) or 从重: a fine outside the range
    discretion_reason: str = ""


@dataclass(frozen=True, kw_only=True)
class ReassignCase(CaseCommand):
    """更换办案人员: the new officers (at least two) and the reason."""

    officers: tuple[str, ...]
    reason: str


@dataclass(frozen=True, kw_only=True)
class RecuseOfficer(CaseCommand):
    """回避: the officer, who applied (officer | party), the reason, the leader's decision."""

    officer: str
    applicant: str
    reason: str
    granted: bool = True
