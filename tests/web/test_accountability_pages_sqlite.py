from tests.integration.backends import SQLiteBackend
from tests.web.accountability_pages_contract import AccountabilityPagesContract


class TestAccountabilityPagesSQLite(SQLiteBackend, AccountabilityPagesContract):
    pass
