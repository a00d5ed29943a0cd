"""The directory snapshot (catalogue/_directory.py): one S3 object per directory version, read once per process
and read again only when the version moves; the process that meets a new version first makes it for the others."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from moto.core.botocore_stubber import BotocoreStubber

from chalicelib.adapters.registry import use_adapters
from chalicelib.adapters.storage import S3Storage
from chalicelib.config import get_settings
from chalicelib.services.catalogue import _directory as directory
from chalicelib.services.core import directory_version
from local.buckets import create_uploads_bucket
from tests.support.api import Api
from tests.support.fakes import FakeClock


@pytest.fixture
def requests(api: Api, monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Requests to moto by service and operation (``s3.GetObject``, ``dynamodb.Query``), with the uploads bucket."""
    create_uploads_bucket(["http://127.0.0.1:8000"])
    settings = get_settings()
    use_adapters(storage=S3Storage(settings.uploads_bucket, settings.region))
    calls: Counter[str] = Counter()
    original = BotocoreStubber.__call__

    def counting(self: BotocoreStubber, event_name: str, request: Any, **kwargs: Any) -> Any:
        if self.enabled:
            calls[".".join(event_name.split(".")[1:3])] += 1
        return original(self, event_name, request, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", counting)
    yield calls


def _moved(clock: FakeClock) -> None:
    directory_version.changed()
    clock.advance(seconds=directory.SETTLE_SECONDS + 1)


def test_the_snapshot_is_read_once_per_version_and_again_only_when_it_moves(
    api: Api, approved_doctor: dict[str, Any], clock: FakeClock, requests: Counter[str]
) -> None:
    _moved(clock)
    requests.clear()
    first = api.get("/doctors?q=smith").body["items"]
    # The first process at this version: the object is missing, so the index is read and the snapshot written.
    assert (requests["s3.GetObject"], requests["s3.PutObject"]) == (1, 1)
    assert requests["dynamodb.Query"] == 2  # the status index and the specialties

    requests.clear()
    assert api.get("/doctors?q=smith").body["items"] == first
    assert (requests["s3.GetObject"], requests["dynamodb.Query"], requests["dynamodb.GetItem"]) == (0, 0, 1)

    directory.forget()  # another process, same version: the snapshot, not the index
    requests.clear()
    assert api.get("/doctors?q=smith").body["items"] == first
    assert (requests["s3.GetObject"], requests["s3.PutObject"], requests["dynamodb.Query"]) == (1, 0, 0)

    _moved(clock)  # a change: read again, once
    requests.clear()
    api.get("/doctors?q=smith")
    api.get("/doctors?q=smith")
    assert (requests["s3.GetObject"], requests["s3.PutObject"], requests["dynamodb.Query"]) == (1, 1, 2)


def test_a_snapshot_of_another_version_is_never_used(
    api: Api, approved_doctor: dict[str, Any], clock: FakeClock, requests: Counter[str]
) -> None:
    _moved(clock)
    api.get("/doctors?q=smith")
    stored = directory.decode(get_settings_storage_get(), directory_version.current())
    assert stored is not None and [d.doctor_id for d in stored[0]] == [approved_doctor["doctor_id"]]

    _moved(clock)

    assert directory.decode(get_settings_storage_get(), directory_version.current()) is None


def get_settings_storage_get() -> bytes:
    settings = get_settings()
    data = S3Storage(settings.uploads_bucket, settings.region).get(directory.SNAPSHOT_KEY)
    assert data is not None
    return data
