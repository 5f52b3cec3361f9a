"""The options of an opening (立案), defined once: `case open` and `case source accept` take
the same ones, and `opening` builds the `OpenCase` from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer

from workflow.cases import commands as cmd
from workflow.datafile import as_date

TownshipCode = Annotated[str, typer.Option("--township", help="township code or name")]
Matter = Annotated[str, typer.Option("--matter", help="catalogue item code")]
PartyName = Annotated[str, typer.Option("--party", help="当事人")]
Summary = Annotated[str, typer.Option("--summary", help="案情摘要")]
ViolationDate = Annotated[
    str | None, typer.Option("--violation-date", help="违法行为发生日期 YYYY-MM-DD")
]
Kind = Annotated[
    str | None, typer.Option("--kind", help="penalty|licensing (checked against the matter)")
]
PartyType = Annotated[
    str | None, typer.Option("--party-type", help="当事人类型: 个人 | 单位 (default 个人)")
]
IdNumber = Annotated[
    str,
    typer.Option(
        "--id-number", help="身份证号码 (个人) or 统一社会信用代码 (单位), checked by checksum"
    ),
]
Address = Annotated[str, typer.Option("--address", help="当事人地址")]
Contact = Annotated[str, typer.Option("--contact", help="当事人联系方式")]
ViolationEnd = Annotated[
    str | None,
    typer.Option("--violation-end", help="连续或继续状态的违法行为终了日期 (art. 36)"),
]
GraveHarm = Annotated[
    bool,
    typer.Option(
        "--grave-harm", help="涉及公民生命健康安全、金融安全且有危害后果: 5-year limit"
    ),
]
ViolationUnknown = Annotated[
    str,
    typer.Option(
        "--violation-unknown",
        "--violation-date-unknown",
        help="why the violation date is unknown (a warning is kept)",
    ),
]


@dataclass(frozen=True)
class Opening:
    """What `case open` and `case source accept` take, as typed."""

    matter: str
    party: str
    summary: str
    violation_date: str | None = None
    kind: str | None = None
    party_type: str | None = None
    id_number: str = ""
    address: str = ""
    contact: str = ""
    violation_end: str | None = None
    grave_harm: bool = False
    violation_unknown: str = ""

    def command(self, actor: str, township: str, **extra: object) -> cmd.OpenCase:
        """The OpenCase (dates checked as usage errors naming their option)."""
        day = as_date(self.violation_date, "--violation-date") if self.violation_date else None
        end = as_date(self.violation_end, "--violation-end") if self.violation_end else None
        return cmd.OpenCase(
            actor=actor, township=township, matter=self.matter, party=self.party,
            summary=self.summary, violation_date=day, kind=self.kind,
            party_kind=self.party_type, party_id_number=self.id_number,
            party_address=self.address, party_contact=self.contact, violation_end=end,
            grave_harm=self.grave_harm, violation_unknown=self.violation_unknown,
            **extra,  # type: ignore[arg-type]
        )  # fmt: skip
