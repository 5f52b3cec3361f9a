"""Events of an enforcement case (案件事件): frozen, past tense, no behaviour.

Every event carries its business time `at` (ISO 8601, UTC). Who recorded it (actor id
and role) travels in the store metadata. Deadlines are computed when the command is
decided and stored in the event, so replay never consults the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from workflow.messages import domain_event


class CaseKind(StrEnum):
    """行政处罚 (penalty) or 行政许可 (licensing)."""

    PENALTY = "penalty"
    LICENSING = "licensing"


class Outcome(StrEnum):
    """How a case was closed (结案方式)."""

    EXECUTED = "executed"  # 处罚决定已执行
    LICENCE_ISSUED = "licence_issued"  # 许可证件已送达
    REFUSAL_SERVED = "refusal_served"  # 不予许可决定已送达
    DROPPED = "dropped"  # 不予立案 (closed from `opened`)
    NO_PENALTY = "no_penalty"  # 不予行政处罚决定已送达
    TRANSFERRED = "transferred"  # 已移送司法机关
    WITHDRAWN = "withdrawn"  # 撤销立案
    UNEXECUTABLE = "unexecutable"  # 不能执行（终结执行、决定被撤销等），须写明理由


class Verdict(StrEnum):
    """案卷评查结论: 合格 / 有瑕疵 / 错误."""

    QUALIFIED = "qualified"
    DEFECTIVE = "defective"
    ERRONEOUS = "erroneous"


@domain_event
@dataclass(frozen=True)
class CaseOpened:
    """立案 (penalty) or 受理 (licensing application accepted)."""

    case_id: str
    number: str
    township: str
    township_name: str
    kind: str
    matter_code: str
    matter_name: str
    legal_basis: str
    hearing_eligible: bool
    party: str
    summary: str
    violation_date: str | None
    at: str
    due: str  # penalty: opening + 90 days (art. 60); licence: +20 working days (许可法 art. 42)
    due_estimated: bool = False
    party_kind: str = "individual"  # 个人 / 单位 (organisation)
    party_id_number: str = ""  # 身份证 (GB 11643) or 统一社会信用代码 (GB 32100), checked
    party_address: str = ""
    party_contact: str = ""
    violation_end: str | None = None
    discovered_on: str | None = None
    grave_harm: bool = False
    limitation_note: str = ""  # set when the limitation could not be checked (a warning)
    source: str = ""  # 案件来源: the lead's id, or the case's own id when opened directly
    source_channel: str = ""  # 巡查发现/群众举报/上级交办/部门移送/其他, or 直接立案


@domain_event
@dataclass(frozen=True)
class PartyRecorded:
    """当事人信息登记或更正 (name, type, 证件号, address, contact), with the reason."""

    name: str
    kind: str
    id_number: str
    address: str
    contact: str
    reason: str
    at: str


@domain_event
@dataclass(frozen=True)
class CaseDispatched:
    """指派执法人员 (at least two, 行政处罚法 art. 42)."""

    officers: list[str]
    at: str


@domain_event
@dataclass(frozen=True)
class CaseReassigned:
    """更换办案人员 (leader or deputy), with reasons; still two certified officers (art. 42)."""

    officers: list[str]
    reason: str
    at: str


@domain_event
@dataclass(frozen=True)
class RecusalDecided:
    """回避 (art. 43): applied for by the officer or the party, decided by the 负责人."""

    officer: str
    applicant: str  # officer | party
    reason: str
    granted: bool
    at: str


@domain_event
@dataclass(frozen=True)
class EvidenceRecorded:
    """调查取证 / 全过程记录 (art. 47); a file is kept by its SHA-256."""

    kind: str
    text: str
    at: str
    file_name: str | None = None
    file_sha256: str | None = None


@domain_event
@dataclass(frozen=True)
class PenaltyNotified:
    """行政处罚事先告知 (arts. 44–45): facts, basis, proposed sanctions, rights.

    Schema 2: `sanctions` (kind code + amount) and why a hearing is open (art. 63);
    `amount` stays the total of the 罚款 for readers of schema 1.
    """

    SCHEMA_VERSION: ClassVar[int] = 2

    facts: str
    basis: str
    amount: float
    rights: list[str]
    hearing_eligible: bool
    at: str
    hearing_due: str  # 5 working days (art. 64)
    hearing_due_estimated: bool = False
    sanctions: list[dict[str, Any]] = field(default_factory=list)
    hearing_grounds: list[str] = field(default_factory=list)
    circumstance: str = ""
    discretion_ground: str = ""  # 从轻/减轻/从重 when the fine leaves the benchmark's range
    discretion_reason: str = ""


@domain_event
@dataclass(frozen=True)
class DefenceWaived:
    """当事人放弃陈述、申辩和听证 (arts. 45, 64)."""

    at: str


@domain_event
@dataclass(frozen=True)
class HearingRequested:
    """当事人要求听证 (art. 64); `on_estimate` when the 5 working days could only be guessed."""

    at: str
    on_estimate: bool = False


@domain_event
@dataclass(frozen=True)
class HearingScheduled:
    """安排听证 (art. 64): day, place, a chair who did not investigate, notified 7 working days ahead."""

    on: str
    place: str
    chair: str
    public: bool
    at: str
    on_estimated: bool = False
    reason_not_public: str = ""


@domain_event
@dataclass(frozen=True)
class HearingHeld:
    """听证已举行 (art. 64); the 听证笔录 kept by its SHA-256 (the decision follows it, art. 65)."""

    at: str
    notes: str = ""
    record_file: str = ""
    record_sha256: str = ""
    chair: str = ""


@domain_event
@dataclass(frozen=True)
class HearingAbandoned:
    """当事人无正当理由拒不出席或者未经许可中途退出听证: the hearing ends as waived (art. 64)."""

    reason: str
    at: str


@domain_event
@dataclass(frozen=True)
class CaseMarkedMajor:
    """认定为重大案件 (arts. 57, 58): 重大公共利益 / 疑难复杂 / 情节复杂 / 重大违法, with reasons."""

    grounds: list[str]
    reason: str
    at: str


@domain_event
@dataclass(frozen=True)
class LegalReviewRecorded:
    """法制审核 (art. 58) by a designated 法制审核人员: passed (通过) or returned (退回) with reasons.

    Schema 2 adds `result`; a schema-1 review (free text only) reads as `legacy`, which no
    decision accepts as passed.
    """

    SCHEMA_VERSION: ClassVar[int] = 2

    opinion: str
    at: str
    result: str = "passed"
    grounds: list[str] = field(default_factory=list)


@domain_event
@dataclass(frozen=True)
class CollectiveDiscussionHeld:
    """集体讨论 (art. 57): the leadership's participants, the conclusion, what it decided."""

    participants: list[str]
    conclusion: str
    result: str  # penalty | no_penalty | transfer | withdraw
    held_on: str
    at: str


@domain_event
@dataclass(frozen=True)
class PenaltyDecided:
    """行政处罚决定 (art. 57); the fine is due in 15 days (art. 67).

    Schema 2: `sanctions` (kind code + amount); `amount` stays the total of the 罚款.
    """

    SCHEMA_VERSION: ClassVar[int] = 2

    amount: float
    basis: str
    major: bool
    at: str
    fine_due: str
    sanctions: list[dict[str, Any]] = field(default_factory=list)
    circumstance: str = ""
    discretion_ground: str = ""
    discretion_reason: str = ""
    on_estimate: bool = False  # decided past a deadline that was only a Mon–Fri estimate
    hearing_record_sha256: str = ""  # the 听证笔录 the decision follows (art. 65)


@domain_event
@dataclass(frozen=True)
class NoPenaltyDecided:
    """不予行政处罚决定 (art. 57(二)(三)): an art. 33 ground, or 违法事实不能成立."""

    ground: str
    ground_zh: str
    reason: str
    statute: str
    at: str


@domain_event
@dataclass(frozen=True)
class CaseTransferred:
    """移送司法机关 (art. 27, art. 57(四)): 涉嫌犯罪, with the receiving organ."""

    organ: str
    reason: str
    at: str


@domain_event
@dataclass(frozen=True)
class CaseWithdrawn:
    """撤销立案, with reasons (by the 负责人)."""

    reason: str
    at: str


@domain_event
@dataclass(frozen=True)
class LicenceGranted:
    """准予行政许可; the licence is issued within 10 working days (许可法 art. 44)."""

    at: str
    issue_due: str
    issue_due_estimated: bool = False
    on_estimate: bool = False  # decided past a deadline that was only a Mon–Fri estimate


@domain_event
@dataclass(frozen=True)
class LicenceIssued:
    """许可证件已颁发、送达 (许可法 art. 44): its number, the day, whether it was past the 10
    working days from 准予 (`late`, with `delay_reason`) or past a Mon–Fri estimate only."""

    document_number: str
    at: str
    due: str
    late: bool = False
    delay_reason: str = ""
    on_estimate: bool = False


@domain_event
@dataclass(frozen=True)
class LicenceRefused:
    """不予行政许可, with reasons (许可法 art. 38)."""

    reason: str
    at: str
    on_estimate: bool = False


@domain_event
@dataclass(frozen=True)
class DeadlineExtended:
    """期限延长, approved by the team leader with reasons."""

    days: int
    reason: str
    at: str
    due: str
    due_estimated: bool = False
    on_estimate: bool = False  # approved after a deadline that was only a Mon–Fri estimate


@domain_event
@dataclass(frozen=True)
class ClockPaused:
    """许可期限中止: 听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审 (许可法 art. 45), told
    to the applicant; the time they take is not counted."""

    kind: str
    reason: str
    at: str


@domain_event
@dataclass(frozen=True)
class ClockResumed:
    """The paused working days are added to the decision deadline."""

    working_days: int
    at: str
    due: str
    due_estimated: bool = False


@domain_event
@dataclass(frozen=True)
class CaseClosed:
    """结案 (or 撤销 when dropped, with the reason)."""

    outcome: str
    reason: str
    at: str


@domain_event
@dataclass(frozen=True)
class CaseReviewed:
    """案卷评查 by a county supervisor."""

    verdict: str
    findings: str
    at: str


@domain_event
@dataclass(frozen=True)
class DutyDesignated:
    """指定职责 on a team's record (stream `duties-<township>`), by its leader.

    duty `legal_reviewer`: 法制审核人员 (art. 58); duty `decider`: a deputy the leader
    authorises to decide penalties (负责人授权, art. 57). `granted` False withdraws it.
    """

    township: str
    person: str
    duty: str
    granted: bool
    at: str


@domain_event
@dataclass(frozen=True)
class HolidayArrangementLoaded:
    """A year's official 节假日安排 (holidays and 调休 make-up working days), loaded by the county."""

    year: int
    holidays: list[str]
    workdays: list[str]
    source: str
    at: str


from workflow.cases import upcasters as _upcasters  # noqa: E402,F401 - registers schema steps


@domain_event
@dataclass(frozen=True)
class OnTheSpotRecorded:
    """简易程序 (处罚法 arts 51–52, 68–69): the facts, the party's statement, who decided,
    any 当场收缴 with its receipt, and the day by which the decision is filed (备案)."""

    officer: str
    facts: str
    statement: str
    place: str
    filing_due: str
    at: str
    collected: float = 0.0
    collect_reason: str = ""
    receipt: str = ""
