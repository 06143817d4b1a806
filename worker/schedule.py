"""The service's options: when to check which regions, how to deliver, the Celery limits.

They live in `$TARGETWATCH_HOME/service.toml` (every key optional; docs/service.md lists
them) rather than in environment variables because a schedule is a structure (seasons per
group of regions), not a string. The five TARGETWATCH_* variables stay the only place for
where things are (database, broker, SMTP); this file says when and how.

Work reports come out in seasons: provinces in January-February (a few stragglers into
March), the national report at the NPC session in early March. Outside its season a
region is checked weekly, inside it daily, so a new report is found within a day at the
cost of a few polite requests.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from targetwatch.diffing.regions import PROVINCES, normalize_region
from targetwatch.errors import UserError

FILE_NAME = "service.toml"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Season:
    """A group of regions, checked daily in `daily_months` and weekly in the other months."""

    name: str
    regions: tuple[str, ...]
    daily_months: tuple[int, ...]


DEFAULT_SEASONS = (
    Season("national", ("national",), (3,)),
    Season("provinces", PROVINCES, (1, 2, 3)),
)


@dataclass(frozen=True, slots=True)
class Schedule:
    timezone: str = "Asia/Shanghai"
    check_at: tuple[int, int] = (9, 30)  # local time of the daily/weekly checks
    weekly_day: str = "mon"  # off-season check day
    digest_day: str = "mon"  # the weekly digest
    digest_at: tuple[int, int] = (8, 0)
    send_every_minutes: int = 5  # the outbox sweep: retries and anything left behind
    sweep_every_minutes: int = 10  # compare and queue what the archive shows unfinished
    seasons: tuple[Season, ...] = DEFAULT_SEASONS


@dataclass(frozen=True, slots=True)
class Delivery:
    lease_seconds: int = 900
    """A delivery "sending" for longer than this was abandoned by a dead sender (see worker.mail.outbox)."""
    max_attempts: int = 8
    claim_batch: int = 20
    """Rows claimed per round trip; a crashed sender leaves at most one of them uncertain."""
    smtp_timeout: float = 60.0
    unsubscribe_url: str | None = None
    """e.g. "https://example.org/unsubscribe?token={token}"; enables List-Unsubscribe-Post one-click."""


@dataclass(frozen=True, slots=True)
class CeleryLimits:
    soft_time_limit: int = 240
    time_limit: int = 300
    """Tasks are short (one report, one comparison, one sending run of half the soft limit), so a
    dead worker's task can come back within minutes; compose's stop_grace_period is above this."""
    visibility_timeout: int = 360
    """Seconds before Redis hands an unacknowledged task to another worker: longer than any retry
    delay and time limit, short enough that a SIGKILLed worker's task returns within minutes.
    Longer outages need no long retries: beat's sweep finds the unfinished work again."""
    retry_delay_max: int = 240
    result_expires: int = 86400
    restore_interval: float = 30.0
    """How often a worker looks for unacknowledged tasks whose visibility timeout has passed."""
    key_prefix: str = "targetwatch:"
    """Prefix of every Redis key (queues, results, beat schedule), so one Redis can serve several installs."""
    concurrency: int = 2
    beat_loop_seconds: int = 30
    """How often beat wakes up; a standby beat retries the lock this often, and a crashed leader's
    lock expires after five of these, so another beat takes over within about three minutes."""


@dataclass(frozen=True, slots=True)
class Fetching:
    allow_private: bool = False  # True only for a test site on 127.0.0.1
    min_interval: float = 2.0
    timeout: float = 60.0  # one exchange in all: DNS, connect, headers and body
    include_registry: bool = True


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    schedule: Schedule = field(default_factory=Schedule)
    delivery: Delivery = field(default_factory=Delivery)
    celery: CeleryLimits = field(default_factory=CeleryLimits)
    fetch: Fetching = field(default_factory=Fetching)
    path: Path | None = None

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.delivery.lease_seconds)


def load_config(home: Path) -> ServiceConfig:
    """The options in `home/service.toml`, defaults for what it leaves out; UserError if malformed."""
    path = Path(home) / FILE_NAME
    if not path.is_file():
        return ServiceConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"{path}: cannot read it: {exc}") from exc
    try:
        return parse_config(data, path)
    except (TypeError, ValueError) as exc:
        raise UserError(f"{path}: {exc}") from exc


def parse_config(data: dict[str, Any], path: Path | None = None) -> ServiceConfig:
    unknown = set(data) - {"schedule", "delivery", "celery", "fetch"}
    if unknown:
        raise ValueError(f"unknown section(s) {', '.join(sorted(unknown))}; "
                         "expected schedule, delivery, celery, fetch")
    sched = dict(data.get("schedule", {}))
    seasons = sched.pop("season", None)
    schedule = _fill(Schedule(), sched, "schedule", {"check_at": _clock, "digest_at": _clock,
                                                    "weekly_day": _weekday, "digest_day": _weekday})
    if seasons is not None:
        schedule = replace(schedule, seasons=tuple(_season(s, i) for i, s in enumerate(seasons)))
    config = ServiceConfig(schedule=schedule,
                           delivery=_fill(Delivery(), data.get("delivery", {}), "delivery"),
                           celery=_fill(CeleryLimits(), data.get("celery", {}), "celery"),
                           fetch=_fill(Fetching(), data.get("fetch", {}), "fetch"), path=path)
    c = config.celery
    if c.visibility_timeout <= c.retry_delay_max or c.visibility_timeout <= c.time_limit:
        raise ValueError("celery.visibility_timeout must be longer than retry_delay_max and time_limit, or Redis "
                         "would hand a task that is merely waiting or running to a second worker")
    if c.soft_time_limit >= c.time_limit:
        raise ValueError("celery.soft_time_limit must be shorter than celery.time_limit")
    if config.delivery.lease_seconds <= config.delivery.smtp_timeout * 3:
        raise ValueError("delivery.lease_seconds must be well above delivery.smtp_timeout (3x at least)")
    return config


def _fill(default: Any, values: dict[str, Any], section: str, readers: dict[str, Any] | None = None) -> Any:
    readers = readers or {}
    changes = {}
    for key, value in values.items():
        if key not in default.__dataclass_fields__:
            raise ValueError(f"unknown key {section}.{key}")
        current = getattr(default, key)
        if key in readers:
            value = readers[key](value, f"{section}.{key}")
        elif isinstance(current, bool) and not isinstance(value, bool):
            raise ValueError(f"{section}.{key} must be true or false")
        elif isinstance(current, (int, float)) and not isinstance(current, bool):
            low_ok = 0 if isinstance(current, float) else 1  # a delay may be 0, a count or limit may not
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < low_ok:
                raise ValueError(f"{section}.{key} must be a number of at least {low_ok}")
            value = type(current)(value)
        elif isinstance(current, str) and not isinstance(value, str):
            raise ValueError(f"{section}.{key} must be a string")
        changes[key] = value
    return replace(default, **changes)


def _clock(value: Any, where: str) -> tuple[int, int]:
    try:
        hour, minute = (int(p) for p in str(value).split(":"))
    except ValueError:
        raise ValueError(f"{where} must be a time like \"09:30\", not {value!r}") from None
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(f"{where} must be a time like \"09:30\", not {value!r}")
    return hour, minute


def _weekday(value: Any, where: str) -> str:
    day = str(value).strip().lower()[:3]
    if day not in WEEKDAYS:
        raise ValueError(f"{where} must be a weekday (mon … sun), not {value!r}")
    return day


def _season(entry: Any, i: int) -> Season:
    where = f"schedule.season[{i}]"
    if not isinstance(entry, dict) or set(entry) - {"name", "regions", "daily_months"}:
        raise ValueError(f"{where} takes name, regions and daily_months")
    regions: list[str] = []
    for value in entry.get("regions", []):
        if value == "provinces":
            regions.extend(PROVINCES)
            continue
        rid = normalize_region(str(value))
        if rid is None:
            raise ValueError(f"{where}: unknown region {value!r}")
        regions.append(rid)
    months = entry.get("daily_months", [])
    if not regions or not all(isinstance(m, int) and 1 <= m <= 12 for m in months):
        raise ValueError(f"{where} needs regions and daily_months between 1 and 12")
    return Season(str(entry.get("name") or f"season{i}"), tuple(dict.fromkeys(regions)), tuple(sorted(set(months))))


def beat_entries(schedule: Schedule) -> dict[str, dict[str, Any]]:
    """The Celery beat schedule: per season a daily and an off-season weekly check, the weekly
    digest and the outbox sweep. crontab is read in the app's timezone (Asia/Shanghai)."""
    from celery.schedules import crontab

    hour, minute = schedule.check_at
    entries: dict[str, dict[str, Any]] = {}
    for season in schedule.seasons:
        args = {"regions": list(season.regions)}
        daily = ",".join(map(str, season.daily_months))
        rest = ",".join(str(m) for m in range(1, 13) if m not in season.daily_months)
        if daily:
            entries[f"check-{season.name}-daily"] = {
                "task": "targetwatch.check", "kwargs": args,
                "schedule": crontab(minute=minute, hour=hour, month_of_year=daily)}
        if rest:
            entries[f"check-{season.name}-weekly"] = {
                "task": "targetwatch.check", "kwargs": args,
                "schedule": crontab(minute=minute, hour=hour, day_of_week=schedule.weekly_day, month_of_year=rest)}
    dh, dm = schedule.digest_at
    entries["digest-weekly"] = {"task": "targetwatch.weekly_digest", "kwargs": {},
                                "schedule": crontab(minute=dm, hour=dh, day_of_week=schedule.digest_day)}
    entries["sweep"] = {"task": "targetwatch.sweep", "kwargs": {},
                        "schedule": crontab(minute=f"*/{schedule.sweep_every_minutes}")}
    entries["send-outbox"] = {"task": "targetwatch.send_due", "kwargs": {},
                              "schedule": crontab(minute=f"*/{schedule.send_every_minutes}")}
    return entries
