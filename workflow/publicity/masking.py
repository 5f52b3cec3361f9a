"""What the public may read about a party: masking names, scrubbing numbers from text."""

from __future__ import annotations

import re

# 18-digit 身份证 numbers (last may be X), 15-digit old ones, mobile and landline numbers
ID_OR_PHONE = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?![0-9A-Za-z])"
)
FACTS_MAX = 200


def public_name(name: str, kind: str) -> str:
    """An organisation's name as it is; a person's surname + 某 (张三 -> 张某)."""
    text = name.strip()
    if kind == "organisation":
        return text
    return (text[:2] if text[:2] in COMPOUND_SURNAMES else text[:1]) + "某" if text else "某"


def scrub(text: str, *secrets: str) -> str:
    """Remove ID and phone numbers, and any of `secrets` (e.g. the address), from free text."""
    out = ID_OR_PHONE.sub("＊＊＊", text)
    for secret in secrets:
        if secret and len(secret) >= 2:
            out = out.replace(secret, "＊＊＊")
    return out[:FACTS_MAX] + ("…" if len(out) > FACTS_MAX else "")


COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "令狐",
        "端木",
        "轩辕",
    ]
)
