"""The kinds of document (文书种类) casework issues, with their 文号 words (GLOSSARY)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DocumentKind(StrEnum):
    """One kind of 文书; the value is its code in events, streams and the CLI."""

    FILING = "filing"  # 立案审批表
    NOTICE = "notice"  # 行政处罚事先告知书
    HEARING_NOTICE = "hearing_notice"  # 听证通知书
    DECISION = "decision"  # 行政处罚决定书
    ON_THE_SPOT = "on_the_spot"  # 当场行政处罚决定书
    LICENCE_GRANTED = "licence_granted"  # 准予行政许可决定书
    LICENCE_REFUSED = "licence_refused"  # 不予行政许可决定书
    DEMAND = "demand"  # 催告书
    CLOSING = "closing"  # 结案报告
    NO_PENALTY = "no_penalty"  # 不予行政处罚决定书
    TRANSFER = "transfer"  # 案件移送书
    HEARING_RECORD = "hearing_record"  # 听证笔录 (the cover; the record itself is kept by hash)

    @property
    def spec(self) -> KindSpec:
        return SPECS[self]


@dataclass(frozen=True)
class KindSpec:
    """Title, 文号 word, the ASCII slug of its sequence stream, what the case must hold."""

    title: str
    word: str
    slug: str
    needs: str  # the event type the case must contain before this document can be issued
    statute: str


SPECS: dict[DocumentKind, KindSpec] = {
    DocumentKind.FILING: KindSpec(
        "立案审批表", "立字", "li", "CaseOpened", "《行政处罚法》第五十四条"
    ),
    DocumentKind.NOTICE: KindSpec(
        "行政处罚事先告知书",
        "告字",
        "gao",
        "PenaltyNotified",
        "《行政处罚法》第四十四条、第四十五条",
    ),
    DocumentKind.HEARING_NOTICE: KindSpec(
        "听证通知书", "听通字", "tingtong", "HearingRequested", "《行政处罚法》第六十四条"
    ),
    DocumentKind.DECISION: KindSpec(
        "行政处罚决定书", "罚决字", "fajue", "PenaltyDecided", "《行政处罚法》第五十九条"
    ),
    DocumentKind.ON_THE_SPOT: KindSpec(
        # a case decided on the spot (简易程序) only: a general-procedure decision has no
        # time, place or statement on the spot to print (its template failed: a 500)
        "当场行政处罚决定书", "当罚字", "dangfa", "OnTheSpotRecorded", "《行政处罚法》第五十二条"
    ),
    DocumentKind.LICENCE_GRANTED: KindSpec(
        "准予行政许可决定书", "许准字", "xuzhun", "LicenceGranted", "《行政许可法》第三十八条"
    ),
    DocumentKind.LICENCE_REFUSED: KindSpec(
        "不予行政许可决定书", "许不字", "xubu", "LicenceRefused", "《行政许可法》第三十八条"
    ),
    DocumentKind.DEMAND: KindSpec(
        "催告书", "催字", "cui", "PenaltyDecided", "《行政强制法》第五十四条"
    ),
    DocumentKind.CLOSING: KindSpec(
        "结案报告", "结字", "jie", "CaseClosed", "《行政处罚法》第五十七条"
    ),
    DocumentKind.NO_PENALTY: KindSpec(
        "不予行政处罚决定书", "不罚字", "bufa", "NoPenaltyDecided", "《行政处罚法》第五十七条"
    ),
    DocumentKind.TRANSFER: KindSpec(
        "案件移送书", "移字", "yi", "CaseTransferred", "《行政处罚法》第二十七条、第五十七条"
    ),
    DocumentKind.HEARING_RECORD: KindSpec(
        "听证笔录", "听录字", "tinglu", "HearingHeld", "《行政处罚法》第六十四条"
    ),
}

ZH_TO_KIND = {spec.title: kind for kind, spec in SPECS.items()}
WORD_TO_KIND = {spec.word: kind for kind, spec in SPECS.items()}


def parse_kind(text: str) -> DocumentKind:
    """A kind by code (decision) or title (行政处罚决定书); ValueError otherwise."""
    value = text.strip()
    if value in ZH_TO_KIND:
        return ZH_TO_KIND[value]
    try:
        return DocumentKind(value)
    except ValueError:
        known = ", ".join(k.value for k in DocumentKind)
        raise ValueError(f"不认识的文书种类 unknown document kind {value!r} ({known})") from None
