"""The Celery app: Redis as broker and result backend, redbeat as the one scheduler.

Configured for tasks that must survive a worker dying mid-task: a task is acknowledged
only when it finishes (acks_late, reject on a lost worker), each worker takes one task at a
time (prefetch 1), and Redis hands an unacknowledged task to another worker after the
visibility timeout, which is longer than any retry delay or time limit (otherwise a task
merely waiting for its retry would run twice) and short enough that a SIGKILLed worker's
task comes back within minutes (6 by default, tasks being short: 5 minutes at most). The tasks themselves are idempotent, so
the redelivery that follows a crash does nothing twice.

`celery -A targetwatch.worker.celery_app worker` and `targetwatch worker` find the app as `app`,
built from the settings on first access (TARGETWATCH_BROKER_URL must be set).
"""
from __future__ import annotations

from typing import Any

from targetwatch.config import Settings, load_settings
from targetwatch.errors import UserError
from targetwatch.worker.schedule import ServiceConfig, beat_entries, load_config

NO_BROKER = ("TARGETWATCH_BROKER_URL is not set: the worker and beat need Redis (e.g. redis://localhost:6379/0); "
             "without it, run the pipeline in this process with 'targetwatch run'")


def make_app(settings: Settings | None = None, config: ServiceConfig | None = None) -> Any:
    from celery import Celery

    settings = settings or load_settings()
    config = config or load_config(settings.home)
    if not settings.broker_url:
        raise UserError(NO_BROKER)
    c = config.celery
    app = Celery("targetwatch", broker=settings.broker_url, backend=settings.broker_url, include=["targetwatch.worker.tasks"])
    prefix = c.key_prefix
    app.conf.update(
        timezone=config.schedule.timezone,
        enable_utc=True,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_concurrency=c.concurrency,
        task_soft_time_limit=c.soft_time_limit,
        task_time_limit=c.time_limit,
        result_expires=c.result_expires,
        task_default_queue="targetwatch",
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": c.visibility_timeout, "global_keyprefix": prefix,
                                  "unacked_restore_interval": c.restore_interval, "unacked_restore_throttle": 1},
        result_backend_transport_options={"global_keyprefix": prefix},
        beat_scheduler="targetwatch.worker.beat.Scheduler",
        beat_schedule=beat_entries(config.schedule),
        redbeat_redis_url=settings.broker_url,
        redbeat_key_prefix=f"{prefix}redbeat:",
        redbeat_lock_key=f"{prefix}redbeat:lock",
        redbeat_lock_timeout=5 * c.beat_loop_seconds,
        beat_max_loop_interval=c.beat_loop_seconds,
        worker_send_task_events=False,
    )
    app.conf.targetwatch_settings = settings
    app.conf.targetwatch_config = config
    return app


_app: Any = None


def get_app() -> Any:
    global _app
    if _app is None:
        _app = make_app()
    return _app


def __getattr__(name: str) -> Any:
    if name in ("app", "celery"):
        return get_app()
    raise AttributeError(name)
