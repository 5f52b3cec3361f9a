"""The demo summary's paper figures (文书与执行), read back from the events in the store."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from events import EventStore
from workflow.documents.kinds import DocumentKind
from workflow.execution.events import Method
from workflow.execution.state import OVERTURNED

OVERTURNING = (*OVERTURNED, "变更")


def counts(store: EventStore) -> dict[str, Any]:
    """Documents by kind, service, payments (late ones), court, 复议, publications."""
    kinds: Counter[str] = Counter()
    c: Counter[str] = Counter()
    due: dict[str, str] = {}  # execution stream → the decision's payment due day
    for e in store.iter_all():
        d = e.data
        if e.type == "DocumentIssued":
            kinds[DocumentKind(d["kind"]).spec.title] += 1
        elif e.type == "DocumentServed":
            c["served"] += 1
            c["served_late"] += bool(d.get("late"))
            c["served_electronic"] += d["method"] == Method.ELECTRONIC
            c["served_public"] += d["method"] == Method.PUBLIC
            if "payment" in (d.get("due") or {}):
                due[e.stream_id] = d["due"]["payment"]
        elif e.type == "PaymentRecorded":
            c["payments"] += 1
            c["paid_on_the_spot"] += bool(d.get("on_the_spot"))
            c["paid_yuan"] += round(float(d["amount"]))
            late = e.stream_id in due and date.fromisoformat(d["paid_on"]) > date.fromisoformat(
                due[e.stream_id]
            )
            c["payments_late"] += late
        else:
            c[_other(e.type, d)] += 1
    c.pop("", None)
    return {"documents": dict(sorted(kinds.items())), **{k: c[k] for k in KEYS}}


def _other(kind: str, d: dict[str, Any]) -> str:
    if kind == "RemedyDecided":
        return "remedies_overturned" if d["outcome"] in OVERTURNING else "remedies_upheld"
    if kind == "DecisionPublished":
        return "published_late" if d.get("late") else "published"
    if kind == "RemedySought":
        return "suits" if d["remedy"] == "suit" else "reviews_sought"
    if kind == "SpotDecisionFiled":
        return "spot_filed_late" if d.get("late") else "spot_filed"
    return {
        "ServiceFailed": "service_failed",
        "PaymentScheduleApproved": "payment_plans",
        "SanctionPerformed": "sanctions_performed",
        "CourtEnforcementApplied": "court_applications",
        "PublicationWithdrawn": "publications_withdrawn",
    }.get(kind, "")


KEYS = ("served", "served_late", "served_electronic", "served_public", "service_failed",
        "payments", "payments_late", "paid_on_the_spot", "paid_yuan", "payment_plans",
        "sanctions_performed", "spot_filed", "spot_filed_late", "court_applications",
        "reviews_sought", "suits", "remedies_overturned", "remedies_upheld",
        "published", "published_late", "publications_withdrawn")  # fmt: skip
LABELS = {
    "served": "送达 documents served",
    "served_late": "  超过七个工作日送达 served late (art 61)",
    "served_electronic": "  电子送达 electronic (with consent, art 61)",
    "served_public": "  公告送达 by public notice",
    "service_failed": "  无法送达的尝试 failed attempts",
    "payments": "缴款 payments",
    "paid_on_the_spot": "  当场收缴 collected on the spot (art 68)",
    "payment_plans": "延期/分期缴纳 payment plans (art 66)",
    "sanctions_performed": "其他处罚已执行 other sanctions performed",
    "spot_filed": "当场处罚备案 on-the-spot decisions filed",
    "spot_filed_late": "  逾期备案 filed late",
    "payments_late": "  逾期缴款（加处罚款） late, with late fee",
    "paid_yuan": "  缴款合计 paid (yuan)",
    "court_applications": "申请法院强制执行 court applications",
    "reviews_sought": "行政复议 reviews applied for",
    "suits": "行政诉讼 suits brought",
    "remedies_overturned": "  撤销/变更/确认违法 overturned",
    "remedies_upheld": "  维持/驳回 upheld",
    "published": "公示 decisions published",
    "published_late": "  逾期公示 published late (art 48)",
    "publications_withdrawn": "撤回公示 publications withdrawn",
}


def paper_lines(figures: dict[str, Any] | None, width: int, pad: Any) -> list[str]:
    """The summary's 文书与执行 block: documents by kind, then the other figures."""
    if not figures:
        return []
    lines = ["", "文书与执行 documents, service, execution"]
    lines += [f"  {pad(title, width - 2)}{n:>12}" for title, n in figures["documents"].items()]
    lines += [f"  {pad(LABELS[k], width - 2)}{figures[k]:>12}" for k in KEYS]
    return lines
