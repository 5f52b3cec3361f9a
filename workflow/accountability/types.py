"""The words of accountability: scopes, grounds, sanctions and grades, as `str` Enums."""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    """What a supervisory inspection (监督检查) looks at."""

    CASE_FILES = "case_files"
    ON_SITE = "on_site"
    EQUIPMENT = "equipment"
    ROSTER = "roster"

    @property
    def zh(self) -> str:
        return {"case_files": "案卷", "on_site": "现场执法", "equipment": "装备和证件",
                "roster": "7+9+N 人员"}[self.value]  # fmt: skip


class Ground(StrEnum):
    """Why an accountability inquiry (责任追究) is opened."""

    NOT_RESPONSIBLE = "不担当"
    INACTION = "不作为"
    MISCONDUCT = "乱作为"
    REPEATED_OVERDUE = "repeated_overdue"
    ERRONEOUS_REVIEW = "erroneous_review"
    OVERTURNED = "overturned"
    FINDING = "finding"
    FAILED_ASSESSMENT = "failed_assessment"

    @property
    def zh(self) -> str:
        return {"repeated_overdue": "多次超期办案", "erroneous_review": "案卷评查错误",
                "overturned": "复议诉讼被撤销或变更", "finding": "监督检查发现问题",
                "failed_assessment": "年度考核不合格"}.get(self.value, self.value)  # fmt: skip


class Sanction(StrEnum):
    """The graded decisions of an inquiry, lightest first (问责方式)."""

    TALK = "talk"
    CRITICISM = "criticism"
    WRITTEN_REVIEW = "written_review"
    CIRCULAR_CRITICISM = "circular_criticism"
    REASSIGN = "reassign"
    DISMISS = "dismiss"
    REFER = "refer"
    NONE = "none"

    @property
    def zh(self) -> str:
        return SANCTION_ZH[self]


SANCTION_ZH = {
    Sanction.TALK: "谈话提醒",
    Sanction.CRITICISM: "批评教育",
    Sanction.WRITTEN_REVIEW: "责令书面检查",
    Sanction.CIRCULAR_CRITICISM: "通报批评",
    Sanction.REASSIGN: "调离执法岗位",
    Sanction.DISMISS: "清退出执法队伍",
    Sanction.REFER: "移送纪检监察机关",
    Sanction.NONE: "不予追究",
}


class DutyGrade(StrEnum):
    """述职评议 grades."""

    EXCELLENT = "优秀"
    COMPETENT = "称职"
    BASIC = "基本称职"
    INCOMPETENT = "不称职"


class Grade(StrEnum):
    """年度考核 grades."""

    EXCELLENT = "优秀"
    QUALIFIED = "合格"
    BASIC = "基本合格"
    FAILED = "不合格"


class Verification(StrEnum):
    """What the inspector found of a reported rectification (整改验收)."""

    ACCEPTED = "accepted"
    REOPENED = "reopened"
