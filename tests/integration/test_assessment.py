"""The assessment contract on both backends."""

from __future__ import annotations

import pytest

from tests.integration.assessment_contract import AssessmentContract
from tests.integration.backends import PostgresBackend, SQLiteBackend


class TestSQLiteAssessment(SQLiteBackend, AssessmentContract):
    pass


@pytest.mark.postgres
class TestPostgresAssessment(PostgresBackend, AssessmentContract):
    pass
