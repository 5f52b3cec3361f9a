import pytest

from tests.integration.backends import PostgresBackend
from tests.web.api_more_contract import ApiMoreContract

pytestmark = pytest.mark.postgres


class TestApiMorePostgres(PostgresBackend, ApiMoreContract):
    pass
