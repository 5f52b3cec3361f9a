"""The bundle's `summary.html` (案件摘要): one self-contained page in Chinese.

Case facts, the timeline (business and recording time, who, what, backdating), the
deadlines as of the export day, the evidence list and the chain's verification result.
Every value from the log is escaped; no scripts, no external resources.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Any

from workflow.cases import words
from workflow.cases.case import Case
from workflow.cases.view import active_deadlines, deadline_view
from workflow.clock import parse_time, show
from workflow.reports import audit

# one term per thing: the domain's words (workflow/cases/words.py)
STATE_ZH = {**words.STATE_ZH, **words.OUTCOME_ZH, **words.VERDICT_ZH}
STYLE = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0;width:100%}
th,td{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top;font-size:14px}
th{background:#eee}.late{color:#b00;font-weight:bold}.ok{color:#070}.bad{color:#b00}
code{font-size:12px;word-break:break-all}"""


def render_summary(
    case: Case,
    rows: Sequence[Sequence[Any]],
    evidence: list[dict[str, Any]],
    chain: dict[str, Any],
    today: date,
) -> str:
    """The whole page."""
    title = escape(f"案卷摘要 {case.number}")
    body = "\n".join(
        [
            f"<h1>{title}</h1>",
            _verification(chain),
            "<h2>案件基本情况 Case facts</h2>",
            _facts(case),
            "<h2>办理过程 Timeline</h2>",
            _timeline(rows),
            f"<h2>办理期限 Deadlines（截至 {today.isoformat()}）</h2>",
            _deadlines(case, today),
            "<h2>证据 Evidence</h2>",
            _evidence(evidence),
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


class Markup(str):
    """Text already escaped by this module (never built from unescaped log data)."""


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: Any) -> str:
    if isinstance(value, Markup):
        return str(value)
    return escape("—" if value is None or value == "" else str(value))


def _verification(chain: dict[str, Any]) -> str:
    result = chain["verification"]
    if result["ok"]:
        verdict = f'<span class="ok">哈希链完好 intact</span>（{result["checked"]} 个事件）'
    else:
        first = escape(result["problems"][0]) if result["problems"] else ""
        verdict = f'<span class="bad">哈希链被改动 ALTERED</span>：{first}'
    head = escape(str(chain["head_hash"]))
    return f"<p>导出时校验 verified at export: {verdict}<br>链尾哈希 head hash: <code>{head}</code></p>"


def _facts(case: Case) -> str:
    facts = [
        ("案件编号", case.number),
        ("案件标识", case.case_id),
        ("乡镇", case.township_name),
        ("类别", "行政处罚" if case.kind.value == "penalty" else "行政许可"),
        ("执法事项", f"{case.matter_code} {case.matter_name}"),
        ("法律依据", case.legal_basis),
        ("当事人", case.party),
        ("案情摘要", case.summary),
        ("违法行为发生日期", case.violation_date.isoformat() if case.violation_date else None),
        ("立案时间", show(case.opened_at) if case.opened_at else None),
        ("执法人员", "、".join(case.officers)),
        ("拟处罚金额（元）", case.proposed_amount),
        ("决定罚款金额（元）", case.decided_amount),
        ("延期次数", case.extensions),
        ("当前状态", _zh(case.state.value if case.state else None)),
        ("结案方式", _zh(case.outcome)),
        ("评查结论", _zh(case.verdict)),
    ]
    return _table(("项目", "内容"), facts)


def _zh(code: str | None) -> str | None:
    """A state, outcome or verdict code with its Chinese name: `已结案 closed`."""
    return f"{STATE_ZH.get(code, code)} {code}" if code else None


def _timeline(rows: Sequence[Sequence[Any]]) -> str:
    lines = []
    for row in rows:
        data = json.loads(row[5])
        meta = json.loads(row[6])
        recorded = parse_time(str(row[7]).strip())
        at = parse_time(data["at"]) if isinstance(data.get("at"), str) else None
        lag = audit.backdate_lag(at, recorded)
        late = (
            Markup(f'<span class="late">补录 {escape(audit.describe_lag(lag))}</span>')
            if lag
            else ""
        )
        details = json.dumps({k: v for k, v in data.items() if k != "at"}, ensure_ascii=False)
        lines.append(
            (
                row[2],
                show(at) if at else None,
                show(recorded),
                late,
                f"{meta.get('actor', '—')}（{meta.get('role', '—')}）",
                f"{words.EVENT_ZH.get(row[3], row[3])} {row[3]}",
                details,
                Markup(f"<code>{escape(str(row[9]).strip())}</code>"),
            )
        )
    headers = ("版本", "业务时间", "记录时间", "补录", "操作人（角色）", "事项", "内容", "哈希")
    return _table(headers, lines)


def _deadlines(case: Case, today: date) -> str:
    active = active_deadlines(case)
    views = [deadline_view(d, today, d.name in active) for d in case.deadlines.values()]
    rows = [
        (
            v["zh"],
            v["due"],
            v["statute"],
            f"{v['days_left']} 日 / {v['working_days_left']} 个工作日",
            "已超期" if v["overdue"] else ("进行中" if v["active"] else "已不适用"),
        )
        for v in views
    ]
    return _table(("期限", "届满日", "依据", "剩余", "状态"), rows)


def _evidence(evidence: list[dict[str, Any]]) -> str:
    if not evidence:
        return "<p>无证据记录 no evidence recorded.</p>"
    rows = [
        (
            e["version"],
            show(parse_time(e["at"])) if e["at"] else None,
            e["kind"],
            e["text"],
            e["file_name"],
            Markup(f"<code>{escape(e['file_sha256'])}</code>") if e["file_sha256"] else None,
            e["recorded_by"],
        )
        for e in evidence
    ]
    return _table(("版本", "时间", "种类", "说明", "文件名", "SHA-256", "记录人"), rows)
