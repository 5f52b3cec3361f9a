"""Document numbers (文号): one gapless sequence per township, kind and year.

`台城镇综执罚决字〔2026〕第5号` is event 5 of stream `document-taicheng-fajue-2026`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workflow.documents.kinds import SPECS, WORD_TO_KIND, DocumentKind
from workflow.errors import NotFound

HUMAN = re.compile(r"^(.+?)综执(.+字)〔(\d{4})〕第(\d+)号$")
SLUG_TO_KIND = {spec.slug: kind for kind, spec in SPECS.items()}
STREAM = re.compile(r"^document-([a-z0-9_]+)-([a-z]+)-(\d{4})$")


@dataclass(frozen=True)
class DocumentSequence:
    """The sequence a document number belongs to."""

    township: str
    kind: DocumentKind
    year: int

    @property
    def stream_id(self) -> str:
        return f"document-{self.township}-{self.kind.spec.slug}-{self.year}"

    def human(self, township_name: str, n: int) -> str:
        return f"{township_name}综执{self.kind.spec.word}〔{self.year}〕第{n}号"


def parse_number(text: str, township_code: str) -> tuple[DocumentSequence, int]:
    """The sequence and n of a human number; the township's name is checked by the caller."""
    match = HUMAN.match(text.strip())
    if not match or match[2] not in WORD_TO_KIND:
        raise NotFound(f"无法识别的文书编号：{text}", f"not a document number: {text}")
    return DocumentSequence(township_code, WORD_TO_KIND[match[2]], int(match[3])), int(match[4])


def parse_stream(stream_id: str) -> DocumentSequence | None:
    """The sequence of a document stream id, or None."""
    match = STREAM.match(stream_id)
    if not match or match[2] not in SLUG_TO_KIND:
        return None
    return DocumentSequence(match[1], SLUG_TO_KIND[match[2]], int(match[3]))
