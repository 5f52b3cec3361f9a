"""Amounts of money as a 文书 writes them: 500元 and 人民币伍佰元整."""

from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ["", "拾", "佰", "仟"]
GROUPS = ["", "万", "亿"]


def yuan(amount: float) -> str:
    """500 -> 500元; 12.5 -> 12.50元."""
    cents = round(amount * 100)
    if cents % 100 == 0:
        return f"{cents // 100}元"
    return f"{cents // 100}.{cents % 100:02d}元"


def yuan_upper(amount: float) -> str:
    """The amount in capital numerals (大写), as on a receipt: 1050.5 -> 壹仟零伍拾元伍角."""
    cents = round(amount * 100)
    whole, jiao, fen = cents // 100, (cents // 10) % 10, cents % 10
    text = (_integer(whole) if whole else "零") + "元"
    if jiao == 0 and fen == 0:
        return text + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif whole:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    return text


def _integer(n: int) -> str:
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = ""
    zero_pending = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(out)
            continue
        if out and (zero_pending or group < 1000):
            out += "零"
        out += _group(group) + GROUPS[index]
        zero_pending = False
    return out


def _group(n: int) -> str:
    out, zero = "", False
    for position in range(3, -1, -1):
        digit = (n // 10**position) % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[digit] + UNITS[position]
    return out
