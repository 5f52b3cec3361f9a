"""What a document says, gathered from the case's stored events (pure: no I/O, no clock).

The case's records are read as data (type + fields), not through the case aggregate, so
a document issued today re-renders the same after the case model grows new fields.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from workflow.cases.sanctions import SanctionKind
from workflow.clock import local, local_day, parse_time
from workflow.documents.money import yuan, yuan_upper

PAY_DAYS = 15  # 《行政处罚法》第六十七条
REVIEW_DAYS = 60  # 《行政复议法》第二十条
SUIT_MONTHS = 6  # 《行政诉讼法》第四十六条


def day_text(day: date) -> str:
    """2026年6月1日 (GB/T 9704 writes dates in Arabic numerals)."""
    return f"{day.year}年{day.month}月{day.day}日"


def moment_day(text: str) -> date:
    return local_day(parse_time(text))


def moment_text(text: str) -> str:
    """2026年6月1日 14时05分, in Asia/Shanghai."""
    moment = local(parse_time(text))
    return f"{day_text(moment.date())} {moment.hour}时{moment.minute:02d}分"


def fold(records: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The facts of a case that documents print, from its (type, data) records in order."""
    facts: dict[str, Any] = {"evidence": [], "hearing": {"requested": "", "held": "", "notes": ""}}
    for kind, data in records:
        handler = _FOLD.get(kind)
        if handler is not None:
            handler(facts, data)
    return facts


def _opened(f: dict[str, Any], d: dict[str, Any]) -> None:
    f["case"] = {
        "number": d["number"],
        "township": d["township"],
        "township_name": d["township_name"],
        "kind": d["kind"],
        "matter": d["matter_name"],
        "matter_code": d["matter_code"],
        "basis": d["legal_basis"],
        "party": d["party"],
        "party_type": d.get("party_kind", "individual"),
        "party_id": d.get("party_id_number") or d.get("party_id") or "",
        "party_address": d.get("party_address", ""),
        "summary": d["summary"],
        "violation_date": d.get("violation_date"),
        "opened": day_text(moment_day(d["at"])),
    }


def _evidence(f: dict[str, Any], d: dict[str, Any]) -> None:
    f["evidence"].append({"kind": d["kind"], "text": d["text"], "sha256": d.get("file_sha256")})


def _notified(f: dict[str, Any], d: dict[str, Any]) -> None:
    f["notice"] = {
        "facts": d["facts"],
        "basis": d["basis"],
        "sanctions": sanctions(d),
        "rights": list(d.get("rights", [])),
        "hearing_eligible": bool(d.get("hearing_eligible")),
        "hearing_due": day_text(date.fromisoformat(d["hearing_due"])),
        "day": day_text(moment_day(d["at"])),
    }


def _hearing_requested(f: dict[str, Any], d: dict[str, Any]) -> None:
    f["hearing"]["requested"] = day_text(moment_day(d["at"]))


def _hearing_held(f: dict[str, Any], d: dict[str, Any]) -> None:
    f["hearing"]["held"] = day_text(moment_day(d["at"]))
    f["hearing"]["notes"] = d.get("notes", "")
    f["hearing"].update(record_file=d.get("record_file", ""),
                        record_sha256=d.get("record_sha256", ""), held_chair=d.get("chair", ""))  # fmt: skip


def _review(f: dict[str, Any], d: dict[str, Any]) -> None:
    f["legal_review"] = d["opinion"]


def _decided(f: dict[str, Any], d: dict[str, Any]) -> None:
    f["decision"] = {
        "basis": d["basis"],
        "sanctions": sanctions(d),
        "kinds": [item["kind"] for item in listed(d)],
        "fine": fine_of(d),
        "major": bool(d.get("major")),
        "day": day_text(moment_day(d["at"])),
        "on": moment_day(d["at"]).isoformat(),
        "fine_due": day_text(date.fromisoformat(d["fine_due"])) if d.get("fine_due") else "",
    }


def _on_the_spot(f: dict[str, Any], d: dict[str, Any]) -> None:
    f["spot"] = {
        "facts": d["facts"],
        "statement": d["statement"],
        "place": d["place"],
        "time": moment_text(d["at"]),
        "collected": float(d.get("collected") or 0),
        "receipt": d.get("receipt", ""),
        "collect_reason": d.get("collect_reason", ""),
    }


def _hearing_scheduled(f: dict[str, Any], d: dict[str, Any]) -> None:
    f["hearing"].update(on=day_text(date.fromisoformat(d["on"])), place=d["place"],
                        chair=d["chair"], public=bool(d.get("public", True)),
                        not_public=d.get("reason_not_public", ""))  # fmt: skip


def _no_penalty(f: dict[str, Any], d: dict[str, Any]) -> None:
    f["no_penalty"] = {"ground": d["ground_zh"], "reason": d["reason"], "statute": d["statute"],
                       "day": day_text(moment_day(d["at"]))}  # fmt: skip


def _transferred(f: dict[str, Any], d: dict[str, Any]) -> None:
    f["transfer"] = {"organ": d["organ"], "reason": d["reason"], "day": day_text(moment_day(d["at"]))}


def _licence(f: dict[str, Any], d: dict[str, Any]) -> None:
    f["licence"] = {"granted": "reason" not in d, "reason": d.get("reason", "")}
    f["licence"]["day"] = day_text(moment_day(d["at"]))


def _closed(f: dict[str, Any], d: dict[str, Any]) -> None:
    f["closed"] = {
        "outcome": d["outcome"],
        "reason": d.get("reason", ""),
        "day": day_text(moment_day(d["at"])),
    }


def kind_zh(code: str) -> str:
    """The statute's word for a sanction kind code (fine -> 罚款); Chinese passes through."""
    try:
        return SanctionKind(code).zh
    except ValueError:
        return code


def listed(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The sanctions of a notice or decision; schema 1 had only `amount` (a fine)."""
    items = data.get("sanctions")
    if isinstance(items, list) and items:
        return [{**item, "kind": kind_zh(str(item.get("kind", "")))} for item in items]
    amount = float(data.get("amount") or 0)
    return [{"kind": "罚款", "amount": amount}] if amount > 0 else [{"kind": "警告"}]


def fine_of(data: dict[str, Any]) -> float:
    """The fine of a notice or decision: the 罚款 among its sanctions."""
    return float(sum(float(s.get("amount") or 0) for s in listed(data) if s["kind"] == "罚款"))


def sanctions(data: dict[str, Any]) -> list[str]:
    """The sanctions as people read them: 罚款人民币伍佰元整（500元）, 警告, …"""
    out = []
    for item in listed(data):
        kind = str(item.get("kind", ""))
        amount = item.get("amount")
        if amount:
            out.append(f"{kind}人民币{yuan_upper(float(amount))}（{yuan(float(amount))}）")
        else:
            detail = item.get("detail") or ""
            out.append(f"{kind}{('：' + str(detail)) if detail else ''}")
    return out


_FOLD = {
    "CaseOpened": _opened,
    "EvidenceRecorded": _evidence,
    "PenaltyNotified": _notified,
    "HearingRequested": _hearing_requested,
    "HearingHeld": _hearing_held,
    "HearingScheduled": _hearing_scheduled,
    "NoPenaltyDecided": _no_penalty,
    "CaseTransferred": _transferred,
    "LegalReviewRecorded": _review,
    "PenaltyDecided": _decided,
    "OnTheSpotRecorded": _on_the_spot,
    "LicenceGranted": _licence,
    "LicenceRefused": _licence,
    "CaseClosed": _closed,
}
