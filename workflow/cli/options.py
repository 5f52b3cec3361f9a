"""Options many commands share, defined once.

Two spellings, for the two styles the modules use: a default (`at: str = AT`) or an
`Annotated` type (`command_id: CommandId = None`). A new command reuses these rather
than writing the option again.
"""

from __future__ import annotations

from typing import Annotated

import typer

AT = typer.Option(None, "--at", help="business time (ISO; naive = Asia/Shanghai); default now")
FILE = typer.Option(None, "--file", help="a file kept as evidence (its SHA-256 is recorded)")
LATE = typer.Option(
    "", "--late-reason", help="补录原因: required when --at is more than an hour back"
)
CID = typer.Option(
    None, "--command-id", help="idempotency key: a retry with the same id does nothing twice"
)
CommandId = Annotated[
    str | None, typer.Option("--command-id", help="a retry with the same id does nothing twice")
]
Township = Annotated[str | None, typer.Option("--township", help="code or name, e.g. 台城镇")]
