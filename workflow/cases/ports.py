"""What the case side needs from the org side (the directory), as small Protocols.

`workflow.organisation.directory.Directory` satisfies these; unit tests use a small in-memory fake.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol


class TownshipLike(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...


class PersonLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def township(self) -> str | None: ...
    @property
    def role(self) -> str: ...
    @property
    def removed(self) -> bool: ...
    def certificate_valid_on(self, day: date) -> bool:
        """True when the person holds an enforcement certificate (执法资格证) valid that day."""
        ...


class MatterLike(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def legal_basis(self) -> str: ...
    @property
    def hearing_eligible(self) -> bool: ...


class DirectoryLike(Protocol):
    def township(self, name_or_code: str) -> TownshipLike:
        """The township by name or code; raises NotFound otherwise."""
        ...

    def person(self, person_id: str) -> PersonLike | None:
        """The person with this id, or None."""
        ...

    def matter(self, code: str, on: date) -> MatterLike | None:
        """The catalogue item in force on that day, or None."""
        ...
