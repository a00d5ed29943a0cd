"""The real sender: posts through Chalice's WebsocketAPI to the @connections endpoint the settings name (moto's
management API here), and tells a closed connection from other failures."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from moto.apigatewaymanagementapi.models import apigatewaymanagementapi_backends
from moto.core.models import DEFAULT_ACCOUNT_ID

from chalicelib.adapters.ws_sender import ApiGatewaySender, ConnectionGone, ManagementApi

ENDPOINT = "https://abc123.execute-api.us-east-1.amazonaws.com/api"


@pytest.fixture
def endpoint(aws: None, configure) -> str:
    configure(DOCSPOT_WS_ENDPOINT=ENDPOINT + "/")
    return ENDPOINT


def posted(connection_id: str) -> bytes:
    return apigatewaymanagementapi_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].connections[connection_id].data


def test_a_push_reaches_the_management_api_the_settings_name(endpoint: str):
    api = ManagementApi()

    ApiGatewaySender(api).send("Abc123", '{"type": "pong"}')

    assert posted("Abc123") == b'{"type": "pong"}'
    assert api._get_client().meta.endpoint_url == ENDPOINT


def test_the_settings_endpoint_wins_over_the_one_a_websocket_event_implies(endpoint: str):
    api = ManagementApi()

    api.configure_from_api_id("other-api", "api")

    assert api._get_client().meta.endpoint_url == ENDPOINT


def test_without_a_setting_the_endpoint_comes_from_the_websocket_event(aws: None, configure):
    configure(DOCSPOT_WS_ENDPOINT="")
    api = ManagementApi()

    api.configure_from_api_id("wsapi1", "api")

    assert api._get_client().meta.endpoint_url == "https://wsapi1.execute-api.us-east-1.amazonaws.com/api"


def test_without_any_endpoint_a_push_fails_plainly(aws: None, configure):
    configure(DOCSPOT_WS_ENDPOINT="")

    with pytest.raises(ValueError, match="DOCSPOT_WS_ENDPOINT"):
        ApiGatewaySender(ManagementApi()).send("abc=", "{}")


@pytest.mark.parametrize("code", ["GoneException", "410"])
def test_410_gone_means_the_connection_is_closed(endpoint: str, code: str):
    api = ManagementApi()
    with Stubber(api._get_client()) as stub:
        stub.add_client_error("post_to_connection", service_error_code=code, http_status_code=410)

        with pytest.raises(ConnectionGone) as raised:
            ApiGatewaySender(api).send("abc=", "{}")

    assert raised.value.connection_id == "abc="


def test_other_failures_are_not_mistaken_for_a_closed_connection(endpoint: str):
    api = ManagementApi()
    with Stubber(api._get_client()) as stub:
        stub.add_client_error("post_to_connection", service_error_code="ForbiddenException", http_status_code=403)

        with pytest.raises(ClientError):
            ApiGatewaySender(api).send("abc=", "{}")
