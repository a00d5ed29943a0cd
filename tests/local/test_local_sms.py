"""The local mailbox lists the text messages SNS published to phone numbers, as moto keeps them."""

from __future__ import annotations

from moto import mock_aws
from moto.core.models import DEFAULT_ACCOUNT_ID

from chalicelib.adapters.sms import SnsSms
from local.mailbox import list_page, moto_sms


def test_what_the_sns_adapter_publishes_is_listed_newest_first() -> None:
    with mock_aws():
        sender = SnsSms()
        sender.send("+4915123456789", "DocSpot: your confirmation code is 123456.")
        sender.send("+4915100000002", "DocSpot reminder: <b>Anna</b>")

        texts = moto_sms(DEFAULT_ACCOUNT_ID, sender._client.meta.region_name)

    assert [(t.to, t.text) for t in texts] == [
        ("+4915100000002", "DocSpot reminder: <b>Anna</b>"),
        ("+4915123456789", "DocSpot: your confirmation code is 123456."),
    ]
    page = list_page([], texts)
    assert "Text messages (SMS)" in page and "your confirmation code is 123456" in page
    assert "<b>Anna</b>" not in page and "&lt;b&gt;Anna&lt;/b&gt;" in page
