"""The schedule and service options: seasons to crontabs, service.toml overrides, bad files."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from targetwatch.diffing.regions import PROVINCES
from tests.worker.conftest import run_in_process, settings_for, write_service_toml
from targetwatch.errors import UserError
from targetwatch.worker.schedule import Schedule, beat_entries, load_config

SHANGHAI = ZoneInfo("Asia/Shanghai")


def fires(entry: dict, when: datetime) -> bool:
    """Whether a crontab entry matches this local minute (crontab's own sets)."""
    c = entry["schedule"]
    return (when.minute in c.minute and when.hour in c.hour and when.month in c.month_of_year
            and when.isoweekday() % 7 in c.day_of_week and when.day in c.day_of_month)


def checks_at(entries: dict, when: datetime) -> list[str]:
    return sorted(name for name, e in entries.items() if e["task"] == "targetwatch.check" and fires(e, when))


def test_default_seasons_daily_in_season_weekly_otherwise() -> None:
    entries = beat_entries(Schedule())
    npc_session = datetime(2025, 3, 5, 9, 30, tzinfo=SHANGHAI)  # a Wednesday in March
    assert checks_at(entries, npc_session) == ["check-national-daily", "check-provinces-daily"]
    assert checks_at(entries, datetime(2025, 1, 15, 9, 30, tzinfo=SHANGHAI)) == ["check-provinces-daily"]
    assert checks_at(entries, datetime(2025, 7, 9, 9, 30, tzinfo=SHANGHAI)) == []  # a Wednesday in July
    assert checks_at(entries, datetime(2025, 7, 7, 9, 30, tzinfo=SHANGHAI)) == [  # a Monday in July
        "check-national-weekly", "check-provinces-weekly"]
    assert checks_at(entries, datetime(2025, 3, 10, 9, 30, tzinfo=SHANGHAI)) == [  # a Monday in March
        "check-national-daily", "check-provinces-daily"]
    assert entries["check-national-daily"]["kwargs"] == {"regions": ["national"]}
    assert entries["check-provinces-daily"]["kwargs"]["regions"] == list(PROVINCES)
    assert fires(entries["digest-weekly"], datetime(2025, 7, 7, 8, 0, tzinfo=SHANGHAI))
    assert not fires(entries["digest-weekly"], datetime(2025, 7, 8, 8, 0, tzinfo=SHANGHAI))
    assert fires(entries["send-outbox"], datetime(2025, 7, 8, 13, 25, tzinfo=SHANGHAI))


def test_service_toml_overrides(tmp_path: Path) -> None:
    write_service_toml(tmp_path, """
[schedule]
check_at = "07:05"
weekly_day = "Friday"
digest_day = "sun"
digest_at = "18:00"

[[schedule.season]]
name = "beijing"
regions = ["北京"]
daily_months = [1]

[delivery]
unsubscribe_url = "https://tw.example.org/u?token={token}"
""")
    config = load_config(tmp_path)
    entries = beat_entries(config.schedule)
    assert set(entries) == {"check-beijing-daily", "check-beijing-weekly", "digest-weekly", "send-outbox", "sweep"}
    assert checks_at(entries, datetime(2025, 1, 7, 7, 5, tzinfo=SHANGHAI)) == ["check-beijing-daily"]
    assert checks_at(entries, datetime(2025, 5, 9, 7, 5, tzinfo=SHANGHAI)) == ["check-beijing-weekly"]
    assert entries["check-beijing-daily"]["kwargs"] == {"regions": ["beijing"]}
    assert fires(entries["digest-weekly"], datetime(2025, 5, 11, 18, 0, tzinfo=SHANGHAI))
    assert config.delivery.unsubscribe_url == "https://tw.example.org/u?token={token}"


@pytest.mark.parametrize("text, message", [
    ("[schedule]\ncheck_at = \"25:00\"", "schedule.check_at must be a time"),
    ("[schedule]\nweekly_day = \"someday\"", "must be a weekday"),
    ("[[schedule.season]]\nregions = [\"atlantis\"]\ndaily_months = [3]", "unknown region 'atlantis'"),
    ("[[schedule.season]]\nregions = [\"national\"]\ndaily_months = [13]", "daily_months between 1 and 12"),
    ("[celery]\nvisibility_timeout = 60\nretry_delay_max = 120", "visibility_timeout must be longer"),
    ("[delivery]\nlease_seconds = 30", "lease_seconds must be well above"),
    ("[mail]\nx = 1", "unknown section(s) mail"),
    ("[delivery]\nmax_attemps = 3", "unknown key delivery.max_attemps"),
    ("[delivery\n", "cannot read it"),
])
def test_bad_service_toml_is_one_line_error(tmp_path: Path, text: str, message: str) -> None:
    write_service_toml(tmp_path, text)
    with pytest.raises(UserError) as err:
        load_config(tmp_path)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_celery_app_settings_that_exactly_once_relies_on(tmp_path: Path) -> None:
    from targetwatch.worker.celery_app import make_app
    from targetwatch.worker.schedule import load_config

    app = make_app(settings_for(tmp_path, "sqlite://", broker_url="redis://127.0.0.1:6379/9"), load_config(tmp_path))
    c = app.conf
    assert (c.timezone, c.task_acks_late, c.task_reject_on_worker_lost, c.worker_prefetch_multiplier) == \
        ("Asia/Shanghai", True, True, 1)
    limits = load_config(tmp_path).celery
    assert c.broker_transport_options["visibility_timeout"] > max(limits.retry_delay_max, c.task_time_limit)
    assert c.task_soft_time_limit < c.task_time_limit and c.result_expires
    assert c.beat_scheduler == "targetwatch.worker.beat.Scheduler"
    # a SIGKILLed worker's task comes back within minutes, not hours
    assert c.broker_transport_options["visibility_timeout"] + limits.restore_interval <= 10 * 60


def test_worker_and_beat_without_a_broker_say_so_in_one_line(capsys, monkeypatch) -> None:  # noqa: ANN001
    for command in ("worker", "beat"):
        result = run_in_process([command], capsys)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and "TARGETWATCH_BROKER_URL is not set" in result.stderr
    monkeypatch.setenv("TARGETWATCH_BROKER_URL", "redis://127.0.0.1:1/0")
    result = run_in_process(["worker"], capsys)
    assert result.returncode == 3 and "cannot reach the broker" in result.stderr and result.stderr.count("\n") == 1
