"""Property-based fuzzing of the JSON API from its own OpenAPI document (schemathesis):
no request, however odd, gets a 5xx, and every response matches the spec.

A modest number of examples per operation keeps it inside CI's time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from events import open_store
from tests.web.desk import PEOPLE, WebDesk

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance,
          content_type_conformance]  # fmt: skip


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDesk]:
    where = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{where / 'fuzz.db'}"
    store = open_store(url)
    desk = WebDesk(store, url, where / "evidence")
    desk.dispatched()  # one case for the case operations to find (taicheng-P-<year>-1)
    yield desk
    desk.close()
    store.close()


def operations(desk: WebDesk) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", desk.app)
    return [result.ok() for result in schema.get_all_operations()]


def test_no_5xx_and_every_response_matches_the_spec(desk: WebDesk) -> None:
    """Each operation in turn (schemathesis' pytest plugin is not used: hypothesis directly)."""
    auth = desk.token(PEOPLE["leader"])
    found = operations(desk)
    assert len(found) >= 20

    for operation in found:

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            response = case.call(headers=auth)
            case.validate_response(response, checks=CHECKS)

        check()
