"""The assessment year is checked before any date arithmetic (the API fuzz found
GET /api/assessment/2147483648 ending in OverflowError, a 500)."""

from __future__ import annotations

from pathlib import Path

import pytest

from events import open_store
from workflow.accountability import assessment
from workflow.errors import UsageError


@pytest.mark.parametrize("year", [2147483648, 10_000, 0, -1])
def test_a_year_out_of_range_is_a_usage_error_before_the_log_is_read(
    year: int, tmp_path: Path
) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'casework.db'}")
    try:
        for call in (lambda: assessment.issued(store, year),
                     lambda: assessment.issue(store, year, actor=None)):  # fmt: skip
            with pytest.raises(UsageError) as refused:
                call()
            assert refused.value.exit_code == 2 and str(year) in str(refused.value)
        assert store.status().last_position == 0
    finally:
        store.close()


def test_a_year_in_range_is_taken() -> None:
    assert assessment.check_year(2026) == 2026
