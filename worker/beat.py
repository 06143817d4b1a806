"""The beat scheduler: redbeat's, made to ride out a Redis restart and to say who leads.

redbeat keeps the schedule and a leader lock in Redis. Left alone, a Redis restart kills
beat: the next tick's lock extension raises LockNotOwnedError (the key went away with the
restart) or a ConnectionError, and Celery's beat loop lets either end the process. Here a
tick that meets the broker down waits a few seconds and tries again; a lock that is no
longer ours is taken again if nobody else holds it (else this beat stands by); and a
schedule that went away with a Redis that kept no data is installed again, keeping the
entries' last run times where Redis still has them.

The leader also writes `<key_prefix>beat:leader` (host, pid, since, last tick) with the
lock's timeout, so `targetwatch status` and the compose healthcheck can name the leader.
"""
from __future__ import annotations

import json
import os
import socket
import time
from typing import Any

from celery.utils.log import get_logger
from redbeat.schedulers import LUA_EXTEND_TO_SCRIPT, RedBeatScheduler, get_redis
from redis.exceptions import LockError, RedisError

log = get_logger(__name__)

OUTAGE_RETRY_SECONDS = 5.0
LEADER_KEY = "beat:leader"


def leader_key(prefix: str) -> str:
    return f"{prefix}{LEADER_KEY}"


class Scheduler(RedBeatScheduler):
    """RedBeatScheduler whose tick survives broker outages and lost locks."""

    _outage_since: float | None = None
    _leading_since: float | None = None

    def tick(self, min: Any = min, **kwargs: Any) -> float:  # noqa: A002 - celery's signature
        try:
            if self.lock_key and not self._hold_lock():
                return float(self.max_interval)
            self._ensure_schedule()
            interval = super().tick(min=min, **kwargs)
            self._announce()
        except (LockError, RedisError, OSError) as exc:
            if self._outage_since is None:
                self._outage_since = time.monotonic()
                log.warning("beat: the broker is unreachable (%s: %s); trying again every %gs",
                            type(exc).__name__, exc, OUTAGE_RETRY_SECONDS)
            return OUTAGE_RETRY_SECONDS
        if self._outage_since is not None:
            log.warning("beat: the broker answers again after %.0fs", time.monotonic() - self._outage_since)
            self._outage_since = None
        return interval

    def _hold_lock(self) -> bool:
        """True while this beat holds the leader lock, taking it when free (after a restart, a crash)."""
        if self.lock is None:
            client = get_redis(self.app)
            lock = client.lock(self.lock_key, timeout=self.lock_timeout, sleep=self.max_interval)
            lock.lua_extend = client.register_script(LUA_EXTEND_TO_SCRIPT)
            self.lock = lock
        if self.lock.owned():
            return True
        if self.lock.acquire(blocking=False):
            log.warning("beat: took the leader lock %s (again)", self.lock_key)
            self._leading_since = None
            return True
        if self._leading_since is not None:
            log.warning("beat: another beat holds the leader lock now; standing by")
            self._leading_since = None
        return False

    def _ensure_schedule(self) -> None:
        client = get_redis(self.app)
        if not client.exists(self.app.redbeat_conf.schedule_key):
            log.warning("beat: the schedule is missing from Redis (restarted without its data?); installing it")
            self.setup_schedule()

    def _announce(self) -> None:
        now = time.time()
        if self._leading_since is None:
            self._leading_since = now
        prefix = getattr(self.app.conf, "targetwatch_config", None)
        key = leader_key(prefix.celery.key_prefix if prefix else "")
        value = {"host": socket.gethostname(), "pid": os.getpid(), "since": self._leading_since, "at": now}
        get_redis(self.app).set(key, json.dumps(value), ex=int(self.lock_timeout))

    def close(self) -> None:
        try:
            super().close()
        except (LockError, RedisError, OSError) as exc:
            log.warning("beat: could not release the leader lock (%s); it expires by itself", exc)
            self.lock = None


def leader(client: Any, prefix: str) -> dict[str, Any] | None:
    """What the leading beat last wrote about itself, or None when no beat has ticked lately."""
    raw = client.get(leader_key(prefix))
    if not raw:
        return None
    try:
        return dict(json.loads(raw))
    except (ValueError, TypeError):
        return None


def main() -> int:
    """`python -m targetwatch.worker.beat`: exit 0 while some beat holds the lock (the compose healthcheck).

    The lock's name follows celery.key_prefix in service.toml, which a fixed key in the
    healthcheck would not.
    """
    import redis

    from targetwatch.config import load_settings
    from targetwatch.worker.schedule import load_config

    settings = load_settings()
    config = load_config(settings.home)
    if not settings.broker_url:
        print("TARGETWATCH_BROKER_URL is not set")
        return 1
    try:
        held = redis.Redis.from_url(settings.broker_url, socket_timeout=5).exists(
            f"{config.celery.key_prefix}redbeat:lock")
    except (RedisError, OSError) as exc:
        print(f"broker unreachable: {exc}")
        return 1
    print("a beat holds the leader lock" if held else "no beat holds the leader lock")
    return 0 if held else 1


if __name__ == "__main__":
    raise SystemExit(main())
