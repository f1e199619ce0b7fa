"""Schemathesis over the OpenAPI description: every API operation, with generated requests, answers
with a declared status, JSON errors of the documented shape, and never a server error."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

pytestmark = pytest.mark.slow


def test_the_api_keeps_to_its_description(client: TestClient) -> None:
    # The synopsis endpoint runs the models on a story's first request: it has its own tests
    # (test_api, test_pages); here it would only measure the models' speed.
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app).exclude(path_regex=r"/synopsis$")
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def keeps_to_it(case: schemathesis.Case) -> None:
            response = case.call()
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
            case.validate_response(response)
            if response.status_code >= 400:
                body = response.json()
                assert body["status"] == response.status_code
                assert body["message"]

        keeps_to_it()
        checked.append(f"{operation.method.upper()} {operation.path}")
    assert len(checked) >= 10, checked
