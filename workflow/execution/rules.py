"""The rules of service and execution, as guards that refuse with the article (pure)."""

from __future__ import annotations

import calendar as months
import math
from datetime import date, timedelta

from workflow import calendar
from workflow.cases.rules import violation
from workflow.execution.events import Method
from workflow.execution.state import OUTCOMES, Execution

PUNISH = "《行政处罚法》"
CIVIL = "《民事诉讼法》"
COERCE = "《行政强制法》"
SERVE_WORKING_DAYS = 7  # 《行政处罚法》第六十一条
PAY_DAYS = 15  # 第六十七条
REVIEW_DAYS = 60  # 《行政复议法》第二十条
SUIT_MONTHS = 6  # 《行政诉讼法》第四十六条
DEMAND_DAYS = 10  # 《行政强制法》第五十四条
COURT_MONTHS = 3  # 《行政强制法》第五十三条
DECISIONS = ("decision", "on_the_spot")


def add_months(day: date, n: int) -> date:
    month = day.month - 1 + n
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, months.monthrange(year, month)[1]))


def check_day(day: date, today: date, after: date, what: str) -> None:
    """A recorded day is not in the future and not before what it follows."""
    if day > today:
        raise violation("future-day", f"{PUNISH}第四十七条", f"{what}不能晚于今天",
                        f"{what} cannot be in the future")  # fmt: skip
    if day < after:
        raise violation("day-order", f"{PUNISH}第四十七条", f"{what}不能早于{after.isoformat()}",
                        f"{what} cannot precede {after.isoformat()}")  # fmt: skip


def check_method(
    x: Execution, document: str, method: str, witnesses: list[str], tracking: str
) -> None:
    """Each way of service has its condition (民事诉讼法 arts 88–95; 行政处罚法 art 61)."""
    if method not in Method.ALL:
        raise violation("service-method", f"{CIVIL}第八十七条",
                        f"送达方式应为 {'、'.join(Method.ALL)}", f"unknown service method {method!r}")  # fmt: skip
    if document in x.served:
        raise violation("served-twice", f"{CIVIL}第八十七条", f"{document} 已送达",
                        f"{document} was already served")  # fmt: skip
    if method == Method.LEFT and not [w for w in witnesses if w.strip()]:
        raise violation("left-needs-witness", f"{CIVIL}第八十九条", "留置送达须有见证人在场",
                        "service left at the residence needs a witness")  # fmt: skip
    if method == Method.POST and not tracking.strip():
        raise violation("post-needs-tracking", f"{CIVIL}第九十一条",
                        "邮寄送达须记录邮件单号，以回执上注明的收件日期为送达日期",
                        "service by post needs the tracking number and the date of receipt")  # fmt: skip
    if method == Method.ELECTRONIC and not x.consent:
        raise violation("electronic-needs-consent", f"{PUNISH}第六十一条",
                        "电子送达须当事人同意并签订确认书",
                        "electronic service needs the party's signed consent on record")  # fmt: skip
    if method == Method.PUBLIC and not x.failed.get(document):
        raise violation("public-notice-last", f"{CIVIL}第九十五条",
                        "公告送达只能在其他方式无法送达后使用",
                        "service by public notice only after other methods failed")  # fmt: skip


def service_due(kind: str, served: date) -> dict[str, str]:
    """Deadlines that run from receipt of this kind of document."""
    if kind in DECISIONS:
        return {
            "payment": (served + timedelta(days=PAY_DAYS)).isoformat(),
            "review": (served + timedelta(days=REVIEW_DAYS)).isoformat(),
            "suit": add_months(served, SUIT_MONTHS).isoformat(),
        }
    if kind == "demand":
        return {"demand": (served + timedelta(days=DEMAND_DAYS)).isoformat()}
    return {}


def served_late(kind: str, issued: date, served: date) -> bool:
    """A decision not served within 7 working days of its issue (art 61)."""
    return kind == "decision" and served > calendar.add_working_days(issued, SERVE_WORKING_DAYS)


def check_payment(amount: float, receipt: str, x: Execution, owed: float) -> None:
    """罚缴分离 (art 67): a positive amount, a receipt number used once, no more than owed."""
    if not math.isfinite(amount) or amount <= 0:
        raise violation("payment-amount", f"{PUNISH}第六十七条", "缴款金额应为正数",
                        "the amount paid must be positive")  # fmt: skip
    if not receipt.strip():
        raise violation("payment-receipt", f"{PUNISH}第六十七条", "须记录银行或电子缴款凭证号",
                        "the bank or e-payment receipt number is required")  # fmt: skip
    if len(receipt.strip()) > RECEIPT_MAX:
        raise violation("payment-receipt", f"{PUNISH}第六十七条",
                        f"缴款凭证号不能超过 {RECEIPT_MAX} 个字符",
                        f"a receipt number has at most {RECEIPT_MAX} characters")  # fmt: skip
    if receipt_key(receipt) in {receipt_key(r) for r in x.receipts}:
        raise receipt_used(receipt, "")
    if amount > owed + 0.004:
        raise violation("overpayment", f"{PUNISH}第七十二条",
                        f"缴款金额超过应缴金额（{owed:.2f}元）",
                        f"the amount exceeds what is owed ({owed:.2f} yuan)")  # fmt: skip


RECEIPT_MAX = 64


def receipt_key(receipt: str) -> str:
    """The county-wide key of a receipt number (spaces dropped, letters upper-cased)."""
    return "payment-receipt:" + "".join(receipt.split()).upper()


def receipt_used(receipt: str, case: str) -> Exception:
    """A receipt number already recorded, on this case or (`case`) another."""
    where, there = (f"（案件 {case}）", f" (case {case})") if case else ("", "")
    return violation("receipt-used", f"{PUNISH}第六十七条",
                     f"缴款凭证 {receipt} 已登记{where}，一张凭证只能登记一次",
                     f"receipt {receipt} is already recorded{there}; a receipt is used once")  # fmt: skip


def check_schedule(instalments: list[tuple[date, float]], fine: float, today: date) -> None:
    """延期/分期 (art 66): dates ascending from today, amounts adding up to the fine."""
    days = [d for d, _ in instalments]
    total = round(sum(a for _, a in instalments), 2)
    if not instalments or days != sorted(days) or days[0] < today or abs(total - fine) > 0.004:
        raise violation("payment-plan", f"{PUNISH}第六十六条",
                        f"分期金额之和应等于罚款（{fine:.2f}元），日期应递增且不早于今天",
                        f"instalments must add up to the fine ({fine:.2f}) on ascending days from today")  # fmt: skip


def court_window(x: Execution, today: date) -> tuple[date, date]:
    """申请强制执行: after the 催告 period, within 3 months after the remedy periods lapse."""
    demand = x.served_kind("demand")
    if demand is None:
        raise violation("court-needs-demand", f"{COERCE}第五十四条",
                        "申请强制执行前须先送达催告书", "a demand (催告书) must be served first")  # fmt: skip
    if today <= date.fromisoformat(demand.due["demand"]):
        raise violation("court-demand-period", f"{COERCE}第五十四条",
                        f"催告书送达满十日后方可申请（{demand.due['demand']}之后）",
                        "ten days must pass after the demand was served")  # fmt: skip
    if x.remedy_pending():
        raise violation("court-remedy-pending", f"{COERCE}第五十三条", "复议或诉讼尚未审结",
                        "a 复议 or suit is pending")  # fmt: skip
    decision = x.served_kind("decision") or x.served_kind("on_the_spot")
    assert decision is not None  # a demand is only served after the decision
    lapse = date.fromisoformat(decision.due["suit"])
    decided = [date.fromisoformat(r["decided_on"]) for r in x.remedies if r.get("decided_on")]
    start = max([lapse, *decided]) + timedelta(days=1)
    return start, add_months(start, COURT_MONTHS) - timedelta(days=1)


def check_outcome(outcome: str) -> None:
    if outcome not in OUTCOMES:
        raise violation("remedy-outcome", "《行政复议法》第六十三条至第六十九条",
                        f"结果应为 {'、'.join(OUTCOMES)}", f"outcome must be one of {OUTCOMES}")  # fmt: skip


def public_notice_served(published: date) -> date:
    """公告送达: deemed served when the publication period has passed (民事诉讼法 art 95)."""
    from workflow.procedure import procedure

    return published + timedelta(days=procedure().public_notice_days)
