"""The case list and deadline board as people read them (案件台账、期限看板), at 80 columns.

Each case is two lines: its id, its state in Chinese (GLOSSARY), the next deadline and
the days left (or overdue); under it the party, the officers' names and the matter (last, so only it wraps);
then, for an open case given one, 下一步 (the act it waits for and who does it). The
party is masked (surname only) for a viewer whose role does not need it.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.text import Text

from workflow.cases.party import PartyKind, mask_name, sees_party
from workflow.cases.words import state_zh

ESTIMATE_NOTE = "* 节假日按周一至周五估算 holidays estimated Mon–Fri"


def viewer_sees_party(directory: Any, user: str | None) -> bool:
    """Whether the acting user (if any) needs parties in the clear."""
    person = directory.person(user) if user else None
    return person is not None and not person.removed and sees_party(str(person.role))


def masked(view: dict[str, Any]) -> dict[str, Any]:
    """The view with its party masked (a 单位 name is public and kept)."""
    kind = PartyKind(view.get("party_kind") or "individual")
    return {**view, "party": mask_name(view["party"], kind), "party_masked": True}


def days_left(d: dict[str, Any] | None) -> Text:
    """`剩 12 天` (calendar days), or `超期 38 天` in red; `—` with no binding deadline."""
    if d is None:
        return Text("—")
    if d["overdue"]:
        return Text(f"超期 {-d['days_left']} 天", style="red")
    star = "*" if d["calendar_estimated"] else ""
    return Text(f"剩 {d['days_left']} 天{star}")


def _cell(text: str | Text, width: int) -> Text:
    """`text` padded (or cut) to `width` terminal cells (a Chinese character is two)."""
    cell = text if isinstance(text, Text) else Text(text)
    cell = cell.copy()
    cell.truncate(width, overflow="ellipsis", pad=True)
    return cell


def _line(*cells: tuple[str | Text, int]) -> Text:
    return Text(" ").join(_cell(text, width) for text, width in cells)


def cases_table(title: str, views: list[dict[str, Any]], names: dict[str, str]) -> Group:
    """Two lines per case: id, state, next deadline, days left; then party · officers · matter.

    The first line is a grid (fits 80 columns for the longest township code); the second
    wraps under it, indented, so no name or id is ever cut or split.
    """
    width = max([len(v["case_id"]) for v in views] + [14])
    header = _line(("案件 case", width), ("状态 state", 14), ("期限 deadline", 23), ("剩余", 11))
    parts: list[Any] = [Text(title, style="bold"), Text(header.plain, style="bold")]
    for v in views:
        d = v["next_deadline"]
        due = "—" if d is None else f"{d['zh']} {d['due']}"
        parts.append(_line((v["case_id"], width), (state_zh(v["state"]), 14), (due, 23),
                           (days_left(d), 11)))  # fmt: skip
        officers = "、".join(names.get(o, o) for o in v["officers"]) or "未指派"
        matter = v["matter"].split(" ", 1)[-1]
        detail = Text(f"当事人 {v['party']} · 办案 {officers} · {matter}", style="dim")
        parts.append(Padding(detail, (0, 0, 0, 2)))
        if v.get("next"):  # 下一步: what the case waits for and who does it (the by-when is above)
            parts.append(Padding(Text(f"下一步 {v['next']['act']} · {v['next']['who']}"), (0, 0, 0, 2)))
        if v.get("warning"):  # 违法行为日期不详: the limitation was not checked (art. 36)
            parts.append(Padding(Text(f"⚠ {v['warning']}", style="yellow"), (0, 0, 0, 2)))
    if any(v["next_deadline"] and v["next_deadline"]["calendar_estimated"] for v in views):
        parts.append(Text(ESTIMATE_NOTE, style="dim"))
    return Group(*parts)
