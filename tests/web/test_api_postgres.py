import pytest

from tests.integration.backends import PostgresBackend
from tests.web.api_contract import ApiContract

pytestmark = pytest.mark.postgres


class TestApiPostgres(PostgresBackend, ApiContract):
    pass
