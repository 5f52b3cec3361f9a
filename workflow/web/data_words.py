"""The words for a recorded event's fields on the case timeline (记录内容), not their codes.

The form labels of `forms.LABELS` without their hints in brackets, and the fields only
events carry (due days, digests, numbers the handlers compute). A field with no word here
shows its code, as the audit page and the exported bundle always do.
"""

from __future__ import annotations

import re
from typing import Any

from workflow.web.forms import LABELS

EVENT_ONLY = {
    "applicant": "申请人", "at": "业务时间", "case_id": "案件编号", "collect_reason": "收缴理由",
    "collected": "当场收缴", "discovered_on": "发现日期", "discretion_ground": "裁量情节依据",
    "due": "期限", "due_estimated": "期限为估算", "duty": "职责", "file_name": "文件名",
    "file_sha256": "文件 SHA-256", "filing_due": "立案期限", "fine_due": "缴款期限",
    "ground": "理由", "ground_zh": "理由", "grounds": "情形", "hearing_due": "听证申请期限",
    "hearing_due_estimated": "听证申请期限为估算", "hearing_eligible": "可以申请听证",
    "hearing_grounds": "听证情形", "hearing_record_sha256": "听证笔录 SHA-256",
    "holidays": "节假日", "issue_due": "颁证期限", "issue_due_estimated": "颁证期限为估算",
    "late": "逾期", "legal_basis": "法律依据", "limitation_note": "追责时效说明",
    "major": "重大案件", "matter_code": "执法事项编码", "matter_name": "执法事项",
    "number": "文号", "on_estimate": "按估算日期记录", "on_estimated": "日期为估算",
    "person": "人员", "receipt": "缴款凭证号", "record_file": "笔录文件",
    "record_sha256": "笔录 SHA-256", "result": "结论", "rights": "告知的权利",
    "source": "案件来源", "source_channel": "来源渠道", "statement": "陈述",
    "statute": "法律依据", "township_name": "乡镇", "workdays": "工作日",
    "working_days": "工作日数", "year": "年度",
}  # fmt: skip
DATA_ZH = {key: re.sub(r"[（(].*$", "", label) for key, label in LABELS.items()} | EVENT_ONLY


# coded values of the fields that hold one (the case's kind, the party's type)
CODES = {"kind": {"penalty": "行政处罚", "licensing": "行政许可"},
         "party_kind": {"individual": "个人", "organisation": "单位"}}  # fmt: skip


def shown_fields(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(code, word, value) of each field that holds something, as people read them: empty
    fields left out, the township's code left out beside its name."""
    return [(key, DATA_ZH.get(key, key), data_value(value, key)) for key, value in data.items()
            if value not in (None, "", [], {}) and not (key == "township" and "township_name" in data)]


def data_value(value: Any, key: str = "") -> str:
    """A recorded value for people: 是/否, lists joined with 、, a sanction as 罚款 500 元,
    a mapping as 键：值, a coded value in its word."""
    if value is True or value is False:
        return "是" if value else "否"
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return "、".join(data_value(v) for v in value) or "—"
    if isinstance(value, dict):
        if "zh" in value:  # a sanction: its word, and its amount where it has one
            amount = value.get("amount")
            return f"{value['zh']} {amount:g} 元" if isinstance(amount, int | float) and amount else str(value["zh"])
        return "；".join(f"{DATA_ZH.get(str(k), k)}：{data_value(v)}" for k, v in value.items())
    return CODES.get(key, {}).get(value, str(value)) if isinstance(value, str) else str(value)
