"""Case numbers (案件编号): one gapless sequence per township, kind and year.

`台城镇综执罚〔2026〕17号` is stream `case-taicheng-P-2026-17`, short id
`taicheng-P-2026-17`. No side table: number n is taken by creating its stream with
`expected_version=0`, and only once stream n-1 exists, so the numbers in use are
always 1..max (gapless by construction). Two openers racing for the same n: the
database lets one win; the other gets a ConcurrencyError and tries n+1.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from events import AppendResult, ConcurrencyError, EventStore, NewEvent
from workflow.cases.ports import DirectoryLike
from workflow.errors import NotFound

KIND_LETTER = {"penalty": "P", "licensing": "L"}
KIND_ZH = {"P": "罚", "L": "许"}
LETTER_KIND = {v: k for k, v in KIND_LETTER.items()}
SHORT = re.compile(r"^(?:case-)?([a-z0-9_]+)-([PL])-(\d{4})-(\d+)$")
HUMAN = re.compile(  # 〔2026〕1号 as printed; also [2026]1号, (2026)1号, 2026-1, 2026年第1号
    r"^(.+?)综执([罚许])\s*(?:[〔\[（(【]\s*(\d{4})\s*[〕\]）)】]|(\d{4})\s*(?:[-－—]|年)?)"
    r"\s*第?\s*(\d+)\s*号?$"
)
MAX_ATTEMPTS = 10_000


@dataclass(frozen=True)
class CaseNumber:
    """A case's place in its sequence: township code, kind letter (P/L), year, n."""

    township: str
    letter: str
    year: int
    n: int

    @property
    def short_id(self) -> str:
        return f"{self.township}-{self.letter}-{self.year}-{self.n}"

    @property
    def stream_id(self) -> str:
        return f"case-{self.short_id}"

    def human(self, township_name: str) -> str:
        return f"{township_name}综执{KIND_ZH[self.letter]}〔{self.year}〕{self.n}号"

    def with_n(self, n: int) -> CaseNumber:
        return CaseNumber(self.township, self.letter, self.year, n)


def needs_directory(ref: str) -> bool:
    """Whether `parse_case_ref` needs the directory for `ref` (a human number names its
    township by name; a short id or stream id does not)."""
    return SHORT.match(ref.strip()) is None


def parse_case_ref(ref: str, directory: DirectoryLike | None = None) -> CaseNumber:
    """A short id, a stream id or the human number (needs the directory for the township)."""
    text = ref.strip()
    short = SHORT.match(text)
    if short:
        return CaseNumber(short[1], short[2], int(short[3]), int(short[4]))
    human = HUMAN.match(text)
    if human and directory is not None:
        township = directory.township(human[1])
        letter = "P" if human[2] == "罚" else "L"
        return CaseNumber(township.code, letter, int(human[3] or human[4]), int(human[5]))
    raise NotFound(
        f"无法识别的案件编号：{ref}（例如 taicheng-P-2026-1 或 台城镇综执罚〔2026〕1号）",
        f"not a case id or number: {ref} (e.g. taicheng-P-2026-1 or 台城镇综执罚〔2026〕1号)",
    )


def _exists(store: EventStore, number: CaseNumber) -> bool:
    return store.stream_version(number.stream_id) > 0


def current_max(store: EventStore, first: CaseNumber, known: int = 0) -> int:
    """The highest n in use (0 if none), galloping up from `known` (a number that exists)."""
    low, step = known, 1
    while _exists(store, first.with_n(low + step)):
        low, step = low + step, step * 2
    high = low + step  # low exists (or is 0), high does not
    while high - low > 1:
        mid = (low + high) // 2
        if _exists(store, first.with_n(mid)):
            low = mid
        else:
            high = mid
    return low


def allocate(
    store: EventStore,
    sequence: CaseNumber,
    build: Callable[[CaseNumber], list[NewEvent]],
    *,
    hint: int = 0,
    command_id: str | None = None,
    metadata: dict[str, object] | None = None,
) -> tuple[CaseNumber, AppendResult]:
    """Create the next case stream of the sequence with the events `build(number)` returns.

    `hint` is a number known to exist (0: none), e.g. the last one this process saw; a
    stale hint only costs a few refused appends before galloping forward. n is tried only
    when n-1 is known to exist, so no number is ever skipped.
    """
    n = (hint if hint else current_max(store, sequence)) + 1
    misses = 0
    for _ in range(MAX_ATTEMPTS):
        number = sequence.with_n(n)
        try:
            result = store.append(
                number.stream_id,
                build(number),
                expected_version=0,
                command_id=command_id,
                metadata=metadata,
            )
        except ConcurrencyError:  # n exists: someone else took it
            misses += 1
            n = (n if misses < 3 else current_max(store, sequence, known=n)) + 1
            continue
        if result.duplicate:
            return parse_case_ref(result.stream_id), result
        return number, result
    raise ConcurrencyError(sequence.stream_id, 0, -1)
