"""The words people read about a case (术语): states, roles, acts, outcomes, verdicts.

One term per thing, as GLOSSARY.md has it. Codes (JSON, SQL, events) stay English;
human output, pages and documents use these labels, and JSON carries the label beside
the code where a person may read it. Keyed by code strings, so a state or command added
later falls back to its code until it is given a word here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

STATE_ZH: dict[str, str] = {
    "lead": "线索",
    "opened": "已立案",
    "dispatched": "调查中",
    "penalty_notified": "已告知",
    "hearing": "听证中",
    "penalty_decided": "已作出处罚决定",
    "no_penalty": "不予处罚",
    "transferred": "已移送",
    "withdrawn": "已撤案",
    "licence_granted": "准予许可",
    "licence_refused": "不予许可",
    "closed": "已结案",
    "reviewed": "已评查",
}

ROLE_ZH: dict[str, str] = {
    "officer": "执法人员",
    "leader": "队长",
    "deputy": "副队长",
    "legal_reviewer": "法制审核人员",
    "supervisor": "县级监督人员",
    "admin": "系统管理员",
    "system": "系统",
}

ORIGIN_ZH: dict[str, str] = {
    "township_staff": "乡镇专职",
    "seconded": "县级派驻",
    "cooperating": "协同",
    "assisting": "辅助",
    "leader": "队长（乡镇长）",
    "deputy": "副队长",
    "county": "县级",
}

OUTCOME_ZH: dict[str, str] = {
    "executed": "处罚决定已执行",
    "licence_issued": "许可证件已送达",
    "refusal_served": "不予许可决定已送达",
    "dropped": "撤案",
    "no_penalty": "不予行政处罚决定已送达",
    "transferred": "已移送司法机关",
    "withdrawn": "撤销立案",
    "unexecutable": "不能执行（终结执行）",
}

VERDICT_ZH: dict[str, str] = {"qualified": "合格", "defective": "有瑕疵", "erroneous": "错误"}

KIND_ZH: dict[str, str] = {"penalty": "行政处罚", "licensing": "行政许可"}


@dataclass(frozen=True)
class Act:
    """One act a person does on a case: its Chinese name and the command that does it."""

    zh: str
    en: str
    command: str


ACTS: dict[str, Act] = {
    "OpenCase": Act("立案", "open a case", "case open"),
    "RecordParty": Act("登记当事人", "record the party", "case party"),
    "DispatchCase": Act("指派办案人员", "dispatch officers", "case dispatch"),
    "ReassignCase": Act("更换办案人员", "reassign officers", "case reassign"),
    "RecuseOfficer": Act("决定回避", "decide a recusal", "case recuse"),
    "RecordEvidence": Act("调查取证", "record evidence", "case evidence"),
    "NotifyPenalty": Act("事先告知", "notify the party", "case notify"),
    "WaiveDefence": Act("放弃陈述申辩和听证", "waive statement and hearing", "case hearing waive"),
    "RequestHearing": Act("申请听证", "request a hearing", "case hearing request"),
    "ScheduleHearing": Act("安排听证", "schedule the hearing", "case hearing schedule"),
    "HoldHearing": Act("举行听证", "hold the hearing", "case hearing held"),
    "AbandonHearing": Act("记录当事人未出席听证", "record the party's absence", "case hearing no-show"),
    "MarkMajor": Act("认定重大案件", "mark the case major", "case mark-major"),
    "RecordLegalReview": Act("法制审核", "record the legal review", "case legal-review"),
    "HoldDiscussion": Act("集体讨论", "record the collective discussion", "case discuss"),
    "DecidePenalty": Act("作出处罚决定", "decide the penalty", "case decide"),
    "DecideNoPenalty": Act("作出不予处罚决定", "decide not to penalise", "case decide --no-penalty"),
    "TransferCase": Act("移送司法机关", "transfer to the judicial organ", "case transfer"),
    "WithdrawCase": Act("撤销立案", "withdraw the case", "case withdraw"),
    "GrantLicence": Act("准予许可", "grant the licence", "case grant"),
    "RefuseLicence": Act("不予许可", "refuse the licence", "case refuse"),
    "IssueLicence": Act("颁发许可证件", "issue the licence document", "case issue-licence"),
    "ExtendDeadline": Act("延期", "extend the deadline", "case extend"),
    "PauseClock": Act("许可期限中止", "pause the licensing clock", "case pause"),
    "ResumeClock": Act("许可期限恢复计算", "resume the licensing clock", "case resume"),
    "CloseCase": Act("结案", "close the case", "case close"),
    "ReviewCase": Act("案卷评查", "review the case file", "case review"),
}

TRIGGER_ACT: dict[str, str] = {
    "open": "OpenCase",
    "dispatch": "DispatchCase",
    "record_evidence": "RecordEvidence",
    "notify_penalty": "NotifyPenalty",
    "waive_defence": "WaiveDefence",
    "request_hearing": "RequestHearing",
    "schedule_hearing": "ScheduleHearing",
    "hold_hearing": "HoldHearing",
    "abandon_hearing": "AbandonHearing",
    "mark_major": "MarkMajor",
    "record_legal_review": "RecordLegalReview",
    "discuss": "HoldDiscussion",
    "decide_penalty": "DecidePenalty",
    "decide_no_penalty": "DecideNoPenalty",
    "transfer": "TransferCase",
    "withdraw": "WithdrawCase",
    "reassign": "ReassignCase",
    "recuse": "RecuseOfficer",
    "grant_licence": "GrantLicence",
    "refuse_licence": "RefuseLicence",
    "issue_licence": "IssueLicence",
    "extend_deadline": "ExtendDeadline",
    "pause_clock": "PauseClock",
    "resume_clock": "ResumeClock",
    "close": "CloseCase",
    "review": "ReviewCase",
}

EVENT_ZH: dict[str, str] = {
    "CaseOpened": "立案",
    "PartyRecorded": "登记当事人",
    "CaseDispatched": "指派办案人员",
    "EvidenceRecorded": "调查取证",
    "PenaltyNotified": "事先告知",
    "DefenceWaived": "放弃陈述申辩和听证",
    "HearingRequested": "申请听证",
    "HearingScheduled": "安排听证",
    "HearingHeld": "举行听证",
    "HearingAbandoned": "当事人未出席听证",
    "CaseMarkedMajor": "认定重大案件",
    "LegalReviewRecorded": "法制审核",
    "CollectiveDiscussionHeld": "集体讨论",
    "PenaltyDecided": "作出处罚决定",
    "OnTheSpotRecorded": "当场处罚（简易程序）",
    "NoPenaltyDecided": "不予处罚",
    "CaseTransferred": "移送司法机关",
    "CaseWithdrawn": "撤销立案",
    "CaseReassigned": "更换办案人员",
    "RecusalDecided": "回避决定",
    "HolidayArrangementLoaded": "载入节假日安排",
    "LicenceGranted": "准予许可",
    "LicenceIssued": "颁发许可证件",
    "LicenceRefused": "不予许可",
    "DeadlineExtended": "延期",
    "ClockPaused": "许可期限中止",
    "ClockResumed": "许可期限恢复计算",
    "CaseClosed": "结案",
    "CaseReviewed": "案卷评查",
    "DutyDesignated": "指定职责",
}

# 提醒: the notices the daily sweep issues (workflow/reports/notice_events.py,
# accountability/events.py), by the kind the notices read model gives them
NOTICE_ZH: dict[str, str] = {
    "warning": "期限预警",
    "overdue": "超期通知",
    "limitation": "时效未核对预警",
    "rectification": "整改超期通知",
    "failed_assessment": "年度考核不合格通知",
}

# what a notice is about when it is no statutory deadline of the case itself
NOTICE_DEADLINE_ZH: dict[str, str] = {
    "limitation": "追责时效（违法行为日期不详）",
    "rectification": "整改期限",
}

# a notice as it stands now: its case (or inspection) moved on, or its deadline moved
NOTICE_STATUS_ZH: dict[str, str] = {"open": "待处理", "handled": "已处理", "moved": "期限已变更"}

ROLE_ORDER = ("officer", "leader", "deputy", "legal_reviewer", "supervisor", "admin")


def state_zh(code: str | None) -> str:
    """The Chinese label of a case state code (the code itself if it has none yet)."""
    return STATE_ZH.get(code or "", code or "—")


def state_code(text: str) -> str | None:
    """The state code of a code or a Chinese label (已立案 / opened), None if neither."""
    typed = text.strip()
    if typed in STATE_ZH:
        return typed
    return next((code for code, zh in STATE_ZH.items() if zh == typed), None)


def role_zh(code: str | None) -> str:
    return ROLE_ZH.get(code or "", code or "—")


def act(command: str) -> Act:
    """The act of a command class name (its name, if it has no words yet)."""
    return ACTS.get(command, Act(command, command, command))


def who_zh(roles: Iterable[str]) -> str:
    """The roles as one Chinese phrase: 队长或副队长, 执法人员、队长或副队长."""
    names = [ROLE_ZH.get(r, r) for r in sorted(roles, key=_role_rank)]
    return names[0] if len(names) == 1 else "、".join(names[:-1]) + "或" + names[-1]


def who_en(roles: Iterable[str]) -> str:
    names = [r.replace("_", " ") for r in sorted(roles, key=_role_rank)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _role_rank(role: str) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)

# the paper side of a case (文书、送达、缴款、公示: documents/, execution/, publicity/)
PAPER_ACTS: dict[str, str] = {
    "issue": "签发文书",
    "serve": "送达",
    "service-failed": "送达未成",
    "pay": "缴纳罚款",
    "publish": "公示",
    "withdraw-publication": "撤回公示",
    "consent": "电子送达确认书",
    "collect": "当场收缴入账",
    "plan": "批准延期或分期缴纳",
    "court": "申请法院强制执行",
    "court-result": "法院强制执行结果",
    "perform": "其他处罚已执行",
    "remedy": "复议或诉讼已受理",
    "remedy-outcome": "复议或诉讼结果",
}
