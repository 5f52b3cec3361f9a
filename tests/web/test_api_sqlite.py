from tests.integration.backends import SQLiteBackend
from tests.web.api_contract import ApiContract


class TestApiSQLite(SQLiteBackend, ApiContract):
    pass
