"""The OpenAPI schema at /api/schema/ (issue 14): served to signed-in users and API tokens as valid OpenAPI 3 covering
search, answer, pages, 様式 and documents; and schemathesis, calling every operation with generated valid and
invalid parameters, finds no server error and no answer that breaks the schema."""

import os
import re

import pytest
import schemathesis
from django.conf import settings
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.test import Client
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from apitokens.models import Scope
from apitokens.throttling import TokenRateThrottle
from portal import write_behind
from portal.roles import READER

from .conftest import HOSTS
from .test_apitokens import bot, make_token
from .test_documents import document_of  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

DESCRIBED = [
    "/api/v2/search/", "/api/v2/answer/", "/api/v2/pages/", "/api/v2/pages/{id}/", "/api/v2/pages/find/",
    "/api/v2/forms/", "/api/v2/forms/{id}/", "/api/v2/forms/find/", "/api/v2/documents/", "/api/v2/documents/{id}/",
    "/api/v2/documents/find/",
]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Generated cases per operation and mode; SCHEMATHESIS_EXAMPLES=100 digs deeper (a few minutes).
EXAMPLES_PER_OPERATION = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))
# /api/v2/pages/{id}/ and /api/v2/pages/find/ → /api/v2/pages/
LISTING = re.compile(r"/(\{id\}|find)/$")


def served_schema(secret):
    response = bot(secret).get("/api/schema/")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_schema_is_valid_openapi_3_covering_the_api_for_machine_clients():
    _token, secret = make_token(scopes=["answer"])

    schema = served_schema(secret)

    validate_schema(schema)
    assert schema["openapi"].startswith("3.") and schema["info"]["title"] == "事務センターポータル API"
    assert sorted(schema["paths"]) == sorted(DESCRIBED), "only the API for machine clients, none of the staff's"
    listing = schema["paths"]["/api/v2/pages/"]["get"]
    assert {"type", "fields", "limit", "offset", "order", "child_of"} <= {p["name"] for p in listing["parameters"]}
    assert {"400", "401", "403", "429"} <= set(listing["responses"])
    search = schema["components"]["schemas"]["SearchResponse"]["properties"]
    assert {"count", "related_count", "best_answer", "results", "facets", "notice", "suggestion"} == set(search)
    token_scheme = schema["components"]["securitySchemes"]["apiToken"]
    assert (token_scheme["type"], token_scheme["scheme"]) == ("http", "bearer")


def test_the_schema_is_for_signed_in_users_and_token_holders_only(client, signed_in):
    anonymous = client.get("/api/schema/", HTTP_HOST=HOSTS["intranet"])
    as_yaml = signed_in(READER, "education").get("/api/schema/", {"format": "yaml"})

    assert anonymous.status_code == 401 and "ログイン" in anonymous.json()["detail"]
    assert as_yaml.status_code == 200 and as_yaml.content.startswith(b"openapi: 3.")


@pytest.fixture
def unthrottled(monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api_token": "100000/min"})
    cache.clear()
    yield
    cache.clear()


def signed_in_app(client):
    """The WSGI app, every request sent with the test client's session cookie (the WSGI transport of schemathesis
    keeps cookies to the host `localhost`, and the portals are told apart by their host names)."""
    app = get_wsgi_application()
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    def with_session(environ, start_response):
        return app({**environ, "HTTP_COOKIE": cookie}, start_response)

    return with_session


def listed_cases(operation, client):
    """Cases of a detail or find operation for the first items its endpoint lists (generated ids seldom exist)."""
    match = LISTING.search(operation.path)
    if match is None:
        return []
    items = client.get(operation.path[: match.start()] + "/", {"limit": 3}).json().get("items", [])
    if match.group(1) == "{id}":
        return [operation.Case(path_parameters={"id": item["id"]}) for item in items]
    return [operation.Case(query={"id": item["id"]}) for item in items]


def fuzz(schema, client, app, headers=None):
    """Every operation with generated valid, then invalid parameters (and listed ids, see listed_cases): the failures
    of all the operations, and the operations that answered below 400 at least once."""
    limits = hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
    failures, answered = [], set()

    def call(case):
        response = case.call_and_validate(app=app, base_url=f"http://{HOSTS['intranet']}", headers=headers, checks=CHECKS)
        if response.status_code < 400:
            answered.add(case.operation.label)

    for result in schema.get_all_operations():
        operation = result.ok()
        strategies = [operation.as_strategy(generation_mode=mode) for mode in schemathesis.GenerationMode]
        strategies += [st.sampled_from(cases) for cases in [listed_cases(operation, client)] if cases]
        for strategy in strategies:
            try:
                limits(given(case=strategy)(call))()
            except (Exception, FailureGroup) as failure:  # every operation's failures are reported, not only the first
                failures.append(f"{operation.label}: {failure}")
    write_behind.flush()  # the token's uses, while the token is still in the database
    return failures, answered


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_answer_off_the_schema_with_a_token(unthrottled, document_of):
    document_of("intranet")
    _token, secret = make_token(scopes=list(Scope.values))

    schema = schemathesis.openapi.from_dict(served_schema(secret))

    failures, answered = fuzz(schema, bot(secret), get_wsgi_application(), {"Authorization": f"Bearer {secret}"})

    assert not failures, "\n\n".join(failures)
    assert answered == {f"GET {path}" for path in DESCRIBED if "/documents/" not in path}, "documents are staff's"


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_answer_off_the_schema_signed_in(signed_in, document_of):
    document_of("intranet")
    client = signed_in(READER, "intranet")
    schema = schemathesis.openapi.from_dict(client.get("/api/schema/").json())

    failures, answered = fuzz(schema, client, signed_in_app(client))

    assert not failures, "\n\n".join(failures)
    assert answered == {f"GET {path}" for path in DESCRIBED}
