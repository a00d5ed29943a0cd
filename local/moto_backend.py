"""moto's server inside the stack's process: DynamoDB, S3 and SES on 127.0.0.1, on a port the OS picks.

The worker processes and every other dev command reach it over HTTP through ``AWS_ENDPOINT_URL``, which botocore
(and so PynamoDB, whose models leave ``host`` unset) honours; nothing in chalicelib knows moto is there. moto is
imported only where the server starts: commands that merely talk to it (``make admin``) stay quick.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from moto.server import ThreadedMotoServer

REGION = "us-east-1"


@dataclass
class MotoBackend:
    server: ThreadedMotoServer
    endpoint: str

    def stop(self) -> None:
        self.server.stop()


def start_moto() -> MotoBackend:
    from moto.server import ThreadedMotoServer

    # werkzeug logs every DynamoDB call moto serves, several per API request: too loud to be useful.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return MotoBackend(server=server, endpoint=f"http://{host}:{port}")


def stack_environment(*, moto_endpoint: str, app_url: str, jwt_secret: str | None = None) -> dict[str, str]:
    """What the app needs to run against moto. Fake credentials, so that nothing can ever reach real AWS."""
    return {
        "AWS_ENDPOINT_URL": moto_endpoint,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "DOCSPOT_STAGE": "local",
        "DOCSPOT_JWT_SECRET": jwt_secret or secrets.token_urlsafe(48),
        "DOCSPOT_APP_URL": app_url,
        "POWERTOOLS_SERVICE_NAME": "docspot",
        "POWERTOOLS_METRICS_NAMESPACE": "DocSpot",
        "POWERTOOLS_TRACE_DISABLED": "1",
    }


# A profile, a session token or an SSM parameter name left in the developer's shell would point the app at AWS.
FOREIGN_VARIABLES = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "DOCSPOT_JWT_SECRET_PARAM")


def apply_environment(values: dict[str, str]) -> None:
    for name in FOREIGN_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(values)


def verify_sender(address: str) -> None:
    """moto's SES refuses mail from an unverified source, as SES in its sandbox does."""
    import boto3

    boto3.client("ses").verify_email_identity(EmailAddress=address)


def sent_emails() -> list[dict[str, Any]]:
    """The e-mails the app sent through moto's SES, newest first (the stack serves them at /_local/emails)."""
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    backend = ses_backends[DEFAULT_ACCOUNT_ID][REGION]
    return [
        {
            "id": message.id,
            "from": message.source,
            "to": [address for addresses in message.destinations.values() for address in addresses],
            "subject": message.subject,
            "body": message.body,
        }
        for message in reversed(backend.sent_messages)
    ]
