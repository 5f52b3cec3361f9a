"""The inquiry contract on both backends."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.inquiry_contract import InquiryContract


class TestSQLiteInquiries(SQLiteBackend, InquiryContract):
    pass


@pytest.mark.postgres
class TestPostgresInquiries(PostgresBackend, InquiryContract):
    pass
