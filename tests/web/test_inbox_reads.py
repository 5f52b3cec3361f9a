import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.web.inbox_reads_contract import InboxReadsContract


class TestInboxReadsSQLite(SQLiteBackend, InboxReadsContract):
    pass


@pytest.mark.postgres
class TestInboxReadsPostgres(PostgresBackend, InboxReadsContract):
    pass
