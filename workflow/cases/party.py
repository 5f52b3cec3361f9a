"""The party of a case (当事人): 个人 or 单位, identified by a checksummed number, masked for others.

个人 carry a 居民身份证号码 (GB 11643-1999: 17 digits + a mod-11 check character);
单位 carry a 统一社会信用代码 (GB 32100-2015: 18 characters, a mod-31 check character).
`mask` shows only the last 4 characters; every output for a role that does not need the
party's identity uses `party_view(..., full=False)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class PartyKind(StrEnum):
    """个人 (a natural person) or 单位 (法人或者其他组织)."""

    INDIVIDUAL = "individual"
    ORGANISATION = "organisation"

    @property
    def zh(self) -> str:
        return "个人" if self is PartyKind.INDIVIDUAL else "单位"


PARTY_KIND_WORDS = {"个人": PartyKind.INDIVIDUAL, "单位": PartyKind.ORGANISATION}

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# roles that work the case file and need the party in the clear (the rest see it masked)
SEES_PARTY = frozenset({"officer", "leader", "deputy", "legal_reviewer", "supervisor"})


def parse_party_kind(text: str | None) -> PartyKind:
    """个人/单位 or individual/organisation (None = 个人); ValueError otherwise."""
    if text is None or not text.strip():
        return PartyKind.INDIVIDUAL
    word = text.strip()
    if word in PARTY_KIND_WORDS:
        return PARTY_KIND_WORDS[word]
    try:
        return PartyKind(word)
    except ValueError:
        raise ValueError(f"当事人类型须为 个人 或 单位，不是 {word!r}") from None


def resident_id_valid(number: str) -> bool:
    """GB 11643: 17 digits, then the ISO 7064 MOD 11-2 check character (0–9 or X)."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == number[17].upper()


def resident_id_check(first17: str) -> str:
    """The check character that completes 17 digits (for generating sample data)."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def credit_code_valid(code: str) -> bool:
    """GB 32100: 18 characters of the code set; the 18th is the mod-31 check."""
    code = code.upper()
    if len(code) != 18 or any(ch not in CREDIT_CHARS for ch in code):
        return False
    return credit_code_check(code[:17]) == code[17]


def credit_code_check(first17: str) -> str:
    """The check character that completes 17 characters of a 统一社会信用代码."""
    total = sum(
        CREDIT_CHARS.index(ch) * w for ch, w in zip(first17.upper(), CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CHARS[(31 - total % 31) % 31]


def id_number_problem(kind: PartyKind, number: str) -> str | None:
    """Why `number` is no valid 证件号 for the party kind, or None when it is valid."""
    if kind is PartyKind.INDIVIDUAL and not resident_id_valid(number):
        return "居民身份证号码校验不通过（GB 11643）"
    if kind is PartyKind.ORGANISATION and not credit_code_valid(number):
        return "统一社会信用代码校验不通过（GB 32100）"
    return None


def mask(text: str | None, keep: int = 4) -> str:
    """Everything but the last `keep` characters replaced by *; short texts fully masked."""
    if not text:
        return ""
    if len(text) <= keep:
        return "*" * len(text)
    return "*" * (len(text) - keep) + text[-keep:]


ID_NUMBER = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
PERSONAL_FIELDS = ("party_address", "party_contact", "address", "contact")


def mask_personal_text(value: str) -> str:
    """ID numbers keep their first 6 and last 4 characters, mobiles their first 3 and last 4."""
    value = ID_NUMBER.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), value)
    return MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), value)


def mask_personal(value: Any) -> Any:
    """Every ID number and mobile inside a JSON-like value masked; addresses and contacts
    (the fields a person's privacy needs) masked to their last 4 characters."""
    if isinstance(value, str):
        return mask_personal_text(value)
    if isinstance(value, list):
        return [mask_personal(v) for v in value]
    if isinstance(value, dict):
        return {k: mask(v) if k in PERSONAL_FIELDS and isinstance(v, str) else mask_personal(v)
                for k, v in value.items()}  # fmt: skip
    return value


def mask_name(name: str, kind: PartyKind) -> str:
    """A person's name keeps its surname (张**); a 单位 name is public and kept."""
    if kind is PartyKind.ORGANISATION or not name:
        return name
    return name[0] + "*" * (len(name) - 1)


@dataclass(frozen=True)
class Party:
    """当事人 as recorded on the case."""

    name: str
    kind: PartyKind = PartyKind.INDIVIDUAL
    id_number: str = ""
    address: str = ""
    contact: str = ""

    @property
    def identified(self) -> bool:
        """Name, 证件号 and address are on record (what a decision must state, art. 59)."""
        return bool(self.name and self.id_number and self.address)


def party_view(party: Party, full: bool) -> dict[str, Any]:
    """The party for output: in the clear for roles that need it, else masked (last 4)."""
    if full:
        name, number, address, contact = (
            party.name,
            party.id_number,
            party.address,
            party.contact,
        )
    else:
        name = mask_name(party.name, party.kind)
        number, address, contact = mask(party.id_number), mask(party.address), mask(party.contact)
    return {
        "kind": party.kind.value,
        "kind_zh": party.kind.zh,
        "name": name,
        "id_number": number,
        "address": address,
        "contact": contact,
        "masked": not full,
    }


def sees_party(role: str | None) -> bool:
    """Whether a role needs the party's identity in the clear."""
    return role in SEES_PARTY
