import pytest

from tests.integration.backends import PostgresBackend
from tests.web.accountability_pages_contract import AccountabilityPagesContract

pytestmark = pytest.mark.postgres


class TestAccountabilityPagesPostgres(PostgresBackend, AccountabilityPagesContract):
    pass
