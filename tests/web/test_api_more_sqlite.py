from tests.integration.backends import SQLiteBackend
from tests.web.api_more_contract import ApiMoreContract


class TestApiMoreSQLite(SQLiteBackend, ApiMoreContract):
    pass
