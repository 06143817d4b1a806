"""POST /api/v1/admin/check puts a real targetwatch.check task on the worker's Redis queue."""
from __future__ import annotations

import json
import time

import pytest

from tests.web.conftest import ADMIN_TOKEN
from tests.worker.conftest import RedisServer, redis_server, write_service_toml  # noqa: F401 - the fixture

AUTH = {"authorization": f"Bearer {ADMIN_TOKEN}"}


def _client(archive, broker_url: str):  # noqa: ANN001, ANN202
    from starlette.testclient import TestClient

    from targetwatch.web.app import create_app
    from targetwatch.web.context import WebSettings

    return TestClient(create_app(archive, settings=WebSettings(admin_token=ADMIN_TOKEN, broker_url=broker_url),
                                 warm=False))


def test_check_is_queued_for_the_worker(tmp_path, monkeypatch, redis_server: RedisServer) -> None:  # noqa: ANN001, F811
    from targetwatch.archive import Archive

    home = tmp_path / "home"
    prefix = redis_server.prefix()
    write_service_toml(home, f'[celery]\nkey_prefix = "{prefix}"\n')
    monkeypatch.setenv("TARGETWATCH_HOME", str(home))
    with Archive(f"sqlite:///{tmp_path / 'a.sqlite3'}") as archive:
        client = _client(archive, redis_server.url)
        try:
            r = client.post("/api/v1/admin/check", json={"regions": ["beijing"]}, headers=AUTH)
            assert r.status_code == 202, r.text
            task_id = r.json()["task_id"]
            queue = redis_server.client().lrange(f"{prefix}targetwatch", 0, -1)
            assert len(queue) == 1
            message = json.loads(queue[0])
            assert message["headers"]["task"] == "targetwatch.check" and message["headers"]["id"] == task_id
            bad = client.post("/api/v1/admin/check", json={"regions": "beijing"}, headers=AUTH)
            assert bad.status_code == 400
        finally:
            redis_server.delete_prefix(prefix)


def test_a_dead_broker_is_a_quick_503(tmp_path) -> None:  # noqa: ANN001
    from targetwatch.archive import Archive

    with Archive(f"sqlite:///{tmp_path / 'a.sqlite3'}") as archive:
        client = _client(archive, "redis://127.0.0.1:1/0")
        t = time.monotonic()
        r = client.post("/api/v1/admin/check", json={}, headers=AUTH)
        assert r.status_code == 503 and "could not queue the check" in r.json()["error"]
        assert time.monotonic() - t < 8
