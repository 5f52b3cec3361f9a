"""Who may issue a document, and when a case is ready for it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from events import RecordedEvent
from workflow.cases.assignment import current_officers
from workflow.cases.rules import violation
from workflow.clock import parse_time, show
from workflow.documents.kinds import DocumentKind
from workflow.errors import NotAuthorised

WORKING = {"officer", "leader", "deputy"}
REPEATABLE = {DocumentKind.DEMAND}


def authorise(person: Any, actor: str, township: str, records: list[RecordedEvent]) -> Any:
    """An officer dispatched to the case, or the township's leader or a deputy."""
    if person is None:
        raise NotAuthorised(f"未知的操作人员 {actor}", f"unknown user {actor}")
    role = str(getattr(person.role, "value", person.role))
    if person.removed or role not in WORKING or person.township != township:
        raise NotAuthorised(
            f"{actor} 不能签发 {township} 的文书", f"{actor} may not issue documents of {township}"
        )
    officers = current_officers((r.type, r.data) for r in records)  # after 更换 and 回避
    if role == "officer" and actor not in officers:
        raise NotAuthorised(f"{actor} 未被指派办理本案", f"{actor} is not dispatched to this case")
    return person


READING = {"officer", "leader", "deputy"}  # of the case's township; and county supervisors


def authorise_reading(person: Any, actor: str, township: str) -> Any:
    """A document names the party in full (ID number, address): only the township's team
    and the county supervisors may have one re-rendered (`case show` masks it for others)."""
    if person is None:
        raise NotAuthorised(f"未知的操作人员 {actor}", f"unknown user {actor}")
    role = str(getattr(person.role, "value", person.role))
    if not person.removed and (
        role == "supervisor" or (role in READING and person.township == township)
    ):
        return person
    raise NotAuthorised(
        f"{actor} 无权取得本案文书（文书载有当事人身份证件号码和地址）",
        f"{actor} may not have this case's documents (they name the party in full)",
    )


def check_after(at: datetime, records: list[RecordedEvent]) -> None:
    """A document is dated no earlier than the last act of the case it states."""
    last = records[-1].data.get("at")
    if last and at < parse_time(str(last)):
        raise violation(
            "time-order",
            "《行政处罚法》第四十七条（全过程记录）",
            f"文书日期不能早于本案最后一项记录（{show(parse_time(str(last)))}）",
            "a document cannot be dated before the case's last event",
        )


def check_issuable(kind: DocumentKind, records: list[RecordedEvent], issued: list[Any]) -> None:
    """The case holds what the document states; one document of a kind per case."""
    spec = kind.spec
    types = {r.type for r in records}
    if kind is DocumentKind.ON_THE_SPOT and "OnTheSpotRecorded" not in types:
        raise violation(
            "document-kind",
            spec.statute,
            "本案未适用简易程序当场处罚，不能签发《当场行政处罚决定书》",
            "the case was not decided on the spot",
        )
    if spec.needs not in types:
        raise violation(
            "document-premature",
            spec.statute,
            f"本案尚无可据以制作《{spec.title}》的记录（需要 {spec.needs}）",
            f"the case has no {spec.needs} yet, so no {kind.value} document can be issued",
        )
    if kind is DocumentKind.LICENCE_GRANTED and "LicenceRefused" in types:
        raise violation("document-kind", spec.statute, "本案为不予许可", "the licence was refused")
    if kind is DocumentKind.LICENCE_REFUSED and "LicenceGranted" in types:
        raise violation("document-kind", spec.statute, "本案为准予许可", "the licence was granted")
    if kind in REPEATABLE:
        return
    for earlier in issued:
        if earlier.event.kind == kind.value:
            raise violation(
                "document-issued",
                spec.statute,
                f"本案已签发《{spec.title}》{earlier.event.number}",
                f"this case already has its {kind.value} document {earlier.event.number}",
            )
