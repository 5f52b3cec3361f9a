"""The text-limit table: lengths, control characters, nested values, the field named."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.limits import DEFAULT, InvalidText, check_event, check_text, limit


@dataclass(frozen=True)
class Sample:
    party: str
    summary: str
    officers: list[str] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)


def test_the_table_and_its_default() -> None:
    assert limit("party") == 300 and limit("findings") == 4000 and limit("whatever") == DEFAULT


@pytest.mark.parametrize("name", ["party", "name", "details", "findings", "opinion", "summary"])
def test_at_the_limit_passes_one_over_is_refused(name: str) -> None:
    check_text(name, "字" * limit(name))
    with pytest.raises(InvalidText, match=f"{name} is longer than {limit(name)}") as err:
        check_text(name, "字" * (limit(name) + 1))
    assert err.value.exit_code == 2


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\ud800"])
def test_control_characters_are_refused_with_the_field_named(char: str) -> None:
    with pytest.raises(InvalidText, match=rf"party holds a control character U\+{ord(char):04X}"):
        check_text("party", f"张{char}三")


def test_newline_and_tab_only_in_multi_line_text() -> None:
    check_text("summary", "第一行\n\t第二行")
    with pytest.raises(InvalidText, match="party"):
        check_text("party", "张\n三")
    with pytest.raises(InvalidText, match="U\\+000D"):
        check_text("summary", "a\rb")


def test_nested_values_name_their_path() -> None:
    with pytest.raises(InvalidText, match=r"officers\[1\]"):
        check_event(Sample("张三", "s", officers=["tc-1", "tc\x00"]))
    with pytest.raises(InvalidText, match=r"items\[0\]\.name is longer than 100"):
        check_event(Sample("张三", "s", items=[{"name": "x" * 101}]))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=300))
def test_any_printable_text_within_the_limit_passes(value: str) -> None:
    check_text("party", value)
