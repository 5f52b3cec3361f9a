"""Forms for acts, derived from the command dataclasses (no list of acts is kept here).

`spec(command)` describes the inputs a person fills in; `parse(command, form)` turns a
submitted form into the command's keyword arguments. Only labels (presentation) are
listed; a field without a label shows its name.
"""

from __future__ import annotations

from dataclasses import MISSING
from datetime import date
from enum import Enum
from typing import Any, get_type_hints

from workflow.cases import acts
from workflow.cases.discretion import CIRCUMSTANCES
from workflow.cases.events import Outcome, Verdict
from workflow.cases.outcomes import NO_PENALTY_GROUNDS
from workflow.cases.rules_review import DISCUSSION_RESULTS, MAJOR_MARKS, REVIEW_RESULTS
from workflow.cases.words import ACTS, OUTCOME_ZH, VERDICT_ZH
from workflow.errors import CaseworkError

# the act's words are the domain's (workflow/cases/words.py): one term per thing
ACT_ZH = {acts.act_name(c): ACTS[c.__name__].zh for c in acts.case_commands() if c.__name__ in ACTS}
LABELS = {
    "officers": "执法人员（至少两名）", "kind": "种类", "text": "内容", "amount": "金额（元）",
    "basis": "法律依据", "facts": "违法事实", "rights_told": "已告知陈述、申辩、听证权利",
    "notes": "听证笔录摘要", "opinion": "审核意见", "reason": "理由", "days": "延长天数",
    "outcome": "结案方式", "verdict": "评查结论", "findings": "评查意见", "party": "当事人",
    "summary": "案情摘要", "matter": "执法事项", "township": "乡镇",
    "violation_date": "违法行为发生日期", "violation_unknown": "违法行为日期不详的原因",
    "sanctions": "处罚种类（每行一项，如 罚款:20000 或 警告）",
    "circumstance": "裁量情节（轻微/一般/较重/严重）", "name": "姓名或名称", "party_kind": "当事人类型（个人/单位）",
    "id_number": "身份证号码或统一社会信用代码",
    "party_id_number": "身份证号码或统一社会信用代码",
    "document_number": "许可证件编号", "delay_reason": "逾期颁发的原因（超过十个工作日时必填）",
    "violation_end": "违法行为终了之日（连续或者继续状态）",
    "late_reason": "补录原因（事后补录时填写）",
    "grave_harm": "涉及公民生命健康安全、金融安全且有危害后果（追责期限五年）", "party_address": "住址", "party_contact": "联系电话", "address": "住址", "contact": "联系电话",
    "officer": "回避的执法人员", "granted": "准予回避（不勾选为驳回申请）",
    "discretion_reason": "从轻、减轻或从重的理由", "on": "听证日期（至少提前七个工作日通知当事人）",
    "place": "听证地点", "chair": "听证主持人（非本案调查人员）", "public": "公开举行",
    "reason_not_public": "不公开举行的理由（涉及国家秘密、商业秘密或者个人隐私）",
    "participants": "参加人员（队领导，含主持的队长）", "conclusion": "讨论意见",
    "held_on": "讨论日期（空为今天）", "organ": "接收的司法机关",
}  # fmt: skip
CHOICE_ZH = {**OUTCOME_ZH, **VERDICT_ZH}
# the kinds of evidence of 行政处罚法 art. 46 (2021), offered as a select on the evidence
# form; the domain still records any kind (older histories and the CLI use others, e.g.
# 照片, 询问笔录), the console only guides
EVIDENCE_KINDS = ("书证", "物证", "视听资料", "电子数据", "证人证言", "当事人的陈述", "鉴定意见",
                  "勘验笔录", "现场笔录")  # fmt: skip
_DISCRETION = (("", "无（在裁量基准幅度内）"), ("从轻", "从轻处罚"), ("减轻", "减轻处罚"),
               ("从重", "从重处罚"))  # fmt: skip
# a field whose values are the domain's own list: a select (or checkboxes for a tuple) with
# its label; the values are the domain's, so the form offers nothing the rule would refuse
FIELD_CHOICES: dict[tuple[str, str], tuple[str, tuple[tuple[str, str], ...]]] = {
    ("RecordEvidence", "kind"): ("证据种类（《行政处罚法》第四十六条）",
                                 tuple((k, k) for k in EVIDENCE_KINDS)),
    ("RecordLegalReview", "result"): ("审核结论", tuple(REVIEW_RESULTS.items())),
    ("HoldDiscussion", "result"): ("集体讨论决定", tuple(DISCUSSION_RESULTS.items())),
    ("DecideNoPenalty", "ground"): ("不予行政处罚的理由", tuple(
        (code, f"{zh}（{article}）") for code, (zh, article) in NO_PENALTY_GROUNDS.items())),
    ("NotifyPenalty", "discretion_ground"): ("裁量基准幅度外的情节（《行政处罚法》第三十二条）", _DISCRETION),
    ("DecidePenalty", "discretion_ground"): ("裁量基准幅度外的情节（《行政处罚法》第三十二条）", _DISCRETION),
    # no 情节 preselected: the list opened on 轻微, the lightest, so an officer who did not
    # look notified a 轻微 case (the rule requires one named, 《行政处罚法》第三十四条)
    ("NotifyPenalty", "circumstance"): ("裁量情节", (("", "请选择"), *((c, c) for c in CIRCUMSTANCES))),
    ("DecidePenalty", "circumstance"): ("裁量情节", (("", "同事先告知"), *((c, c) for c in CIRCUMSTANCES))),
    ("RecuseOfficer", "applicant"): ("回避的提出", (("officer", "执法人员自行申请回避"),
                                                   ("party", "当事人申请回避"))),
    ("RecordParty", "party_kind"): ("当事人类型", (("个人", "个人"), ("单位", "单位"))),
    ("OpenCase", "party_kind"): ("当事人类型", (("个人", "个人"), ("单位", "单位"))),
    ("MarkMajor", "grounds"): ("重大案件情形（《行政处罚法》第五十七条、第五十八条）",
                               tuple((m, m) for m in MAJOR_MARKS)),
}  # fmt: skip
# the CLI's shorthand a form leaves out: `--amount N` is one 罚款, which the 处罚种类 lines
# already hold (罚款:N); offered both, a person filling both was refused with the CLI's flags
LEFT_OUT = {("NotifyPenalty", "amount"), ("DecidePenalty", "amount")}
# a label that differs for one act
OWN_LABELS = {("RecordParty", "reason"): "更正理由（更正已登记的当事人时必填）",
              ("RecuseOfficer", "reason"): "回避理由（《行政处罚法》第四十三条）"}  # fmt: skip
# people of the case or the team, chosen from a list the page fills in (case.html)
PEOPLE_FIELDS = {("RecuseOfficer", "officer"): "case_officer", ("ScheduleHearing", "chair"): "chair",
                 ("HoldDiscussion", "participants"): "leadership"}  # fmt: skip
# a file kept content-addressed by the page (evidence.keep): the command's name and digest fields
UPLOADS = {"RecordEvidence": ("file_name", "file_sha256", "证据文件（PDF、图片、音视频）"),
           "HoldHearing": ("record_file", "record_sha256", "听证笔录（PDF 或图片）")}  # fmt: skip
CHOICES: dict[str, type[Enum]] = {"outcome": Outcome, "verdict": Verdict}
LONG = {"text", "facts", "notes", "opinion", "reason", "findings", "summary", "basis", "conclusion",
        "discretion_reason"}


def widget(name: str, tp: Any) -> str:
    if name in CHOICES:
        return "select"
    if tp in (bool,):
        return "checkbox"
    if tp in (int, float, float | None, int | None):
        return "number"
    if tp in (date, date | None):
        return "date"
    if name == "officers":
        return "people"
    if name == "sanctions":
        return "lines"
    return "textarea" if name in LONG else "text"


def spec(command: type) -> list[dict[str, Any]]:
    """The inputs of a command's form, in field order."""
    hints = get_type_hints(command)
    inputs = []
    for f in acts.fields_of(command):
        if f.name in _uploaded(command) or (command.__name__, f.name) in LEFT_OUT:
            continue
        required = f.default is MISSING and f.default_factory is MISSING
        choices = [(m.value, CHOICE_ZH.get(m.value, m.value)) for m in CHOICES.get(f.name, ())]
        label, kind = LABELS.get(f.name, f.name), widget(f.name, hints[f.name])
        if (own := FIELD_CHOICES.get((command.__name__, f.name))) is not None:
            label, choices = own[0], list(own[1])
            kind = "multi" if hints[f.name] == tuple[str, ...] else "select"
        kind = PEOPLE_FIELDS.get((command.__name__, f.name), kind)
        label = OWN_LABELS.get((command.__name__, f.name), label)
        inputs.append({
            "name": f.name, "label": label, "widget": kind,
            "required": required, "choices": choices,
            # a choice must be made (the browser asks before submitting)
            "choose": bool(choices) and choices[0] == ("", "请选择"),
            "default": None if required or f.default is MISSING else f.default,
            "step": "1" if hints[f.name] in (int, int | None) else "0.01",
        })  # fmt: skip
    # 补录原因 is for the exception (an act recorded an hour or more after it happened):
    # last, after what every form of the act needs, not the first box people see
    return sorted(inputs, key=lambda i: i["name"] == "late_reason")


def _uploaded(command: type) -> tuple[str, ...]:
    found = UPLOADS.get(command.__name__)
    return found[:2] if found else ()


def takes_file(command: type) -> bool:
    return command.__name__ in UPLOADS


def file_label(command: type) -> str:
    found = UPLOADS.get(command.__name__)
    return found[2] if found else ""


def upload_fields(command: type, name: str, digest: str) -> dict[str, str]:
    """The command's own fields for a kept upload (evidence: file_name/file_sha256)."""
    name_field, digest_field = _uploaded(command)
    return {name_field: name, digest_field: digest}


def parse(command: type, form: Any) -> dict[str, Any]:
    """The command's keyword arguments from a submitted form (bad values: one clear error)."""
    hints = get_type_hints(command)
    values: dict[str, Any] = {}
    for f in acts.fields_of(command):
        if f.name in _uploaded(command) or (command.__name__, f.name) in LEFT_OUT:
            continue
        tp = hints[f.name]
        if tp == tuple[str, ...] and (command.__name__, f.name) in FIELD_CHOICES:  # checkboxes
            values[f.name] = tuple(v for v in form.getlist(f.name) if isinstance(v, str) and v)
            continue
        if widget(f.name, tp) == "lines":
            values[f.name] = _sanctions(form.get(f.name))
            continue
        if widget(f.name, tp) == "people" or PEOPLE_FIELDS.get((command.__name__, f.name)) == "leadership":
            values[f.name] = tuple(v for v in form.getlist(f.name) if isinstance(v, str) and v)
            continue
        raw = form.get(f.name)
        if tp is bool:
            values[f.name] = raw is not None
            continue
        raw = raw.strip() if isinstance(raw, str) else ""
        if raw == "" and f.default is not MISSING:
            continue
        values[f.name] = _convert(f.name, tp, raw)
    return values


def _convert(name: str, tp: Any, raw: str) -> Any:
    try:
        if tp in (int, int | None):
            return int(raw)
        if tp in (float, float | None):
            return float(raw)
        if tp in (date, date | None):
            return date.fromisoformat(raw)
    except ValueError:
        label = LABELS.get(name, name)
        raise CaseworkError(f"“{label}”的格式不正确", f"{name}: not a valid value") from None
    return raw


def _sanctions(raw: Any) -> tuple[Any, ...]:
    from workflow.cases.sanctions import parse_sanction

    lines = raw.splitlines() if isinstance(raw, str) else []
    try:
        return tuple(parse_sanction(line.strip()) for line in lines if line.strip())
    except ValueError as exc:
        raise CaseworkError(f"处罚种类格式不正确：{exc}", f"sanctions: {exc}") from None
