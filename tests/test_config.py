"""Settings from the environment: a mistyped address is refused at once, in one line, naming the variable."""
from __future__ import annotations

import pytest

from targetwatch.config import load_settings
from targetwatch.errors import UserError


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/0", "rediss://:pw@cache.example.org:6380/2",
                                 "unix:///run/redis.sock", " redis://redis:6379/0 "])
def test_a_redis_address_is_a_broker(url: str) -> None:
    assert load_settings({"TARGETWATCH_BROKER_URL": url}).broker_url == url.strip()


@pytest.mark.parametrize("url,says", [
    ("notaurl", "must be a Redis URL"),
    ("127.0.0.1:6379", "must be a Redis URL"),
    ("amqp://guest@127.0.0.1//", "must be a Redis URL"),
    ("redis://", "must be a Redis URL"),
    ("redis://u:secret@127.0.0.1:port/0", "bad port"),
])
def test_anything_else_is_refused_naming_the_variable(url: str, says: str) -> None:
    with pytest.raises(UserError) as err:
        load_settings({"TARGETWATCH_BROKER_URL": url})
    assert "TARGETWATCH_BROKER_URL" in str(err.value) and says in str(err.value)
    assert "secret" not in str(err.value)


@pytest.mark.parametrize("url", ["ftp://tw.example.org", "tw.example.org", "https://", "javascript:alert(1)"])
def test_a_base_url_that_would_make_broken_links_is_refused(url: str) -> None:
    with pytest.raises(UserError, match="TARGETWATCH_BASE_URL"):
        load_settings({"TARGETWATCH_BASE_URL": url})


def test_unset_or_empty_means_none() -> None:
    s = load_settings({"TARGETWATCH_BROKER_URL": "", "TARGETWATCH_BASE_URL": " "})
    assert s.broker_url is None and s.base_url is None


@pytest.mark.parametrize("argv", [["status"], ["parse", "http://"], ["parse", "https://[::1"]])
def test_the_command_line_says_it_in_one_line_and_exits_2(argv, monkeypatch, capsys, tmp_path) -> None:
    from targetwatch.cli.main import main

    monkeypatch.setenv("TARGETWATCH_HOME", str(tmp_path))
    monkeypatch.setenv("TARGETWATCH_BROKER_URL", "notaurl" if argv == ["status"] else "redis://127.0.0.1:6379/0")
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
