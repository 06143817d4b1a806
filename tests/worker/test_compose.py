"""compose.yaml and the Dockerfile, checked without Docker (not available on the dev machines).

What can be checked as data is: the six services (the web app included), a healthcheck on each, the order of
start-up on healthy dependencies, persistent volumes, and that the worker and beat get the
environment variables targetwatch actually reads (targetwatch/config.py), nothing misspelt.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = {"TARGETWATCH_HOME", "TARGETWATCH_DATABASE_URL", "TARGETWATCH_BROKER_URL", "TARGETWATCH_SMTP_URL",
            "TARGETWATCH_MAIL_FROM", "TARGETWATCH_BASE_URL", "TARGETWATCH_ADMIN_TOKEN"}


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def test_services_healthchecks_and_dependencies() -> None:
    compose = _compose()
    services = compose["services"]
    assert set(services) == {"redis", "postgres", "worker", "beat", "mailpit", "web"}
    for name, svc in services.items():
        check = svc.get("healthcheck")
        assert check and check["test"][0] in ("CMD", "CMD-SHELL"), f"{name} has no healthcheck"
        assert "image" in svc or "build" in svc
    for name in ("worker", "beat"):
        deps = services[name]["depends_on"]
        for needed in ("redis", "postgres", "mailpit"):
            assert deps[needed]["condition"] == "service_healthy", (name, needed)
    assert services["web"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    named = set(compose["volumes"])
    for name in ("redis", "postgres", "worker", "beat", "mailpit", "web"):
        mounts = [m.split(":")[0] for m in services[name].get("volumes", [])]
        assert mounts and set(mounts) <= named, f"{name} keeps no data in a named volume"


def test_worker_and_beat_get_exactly_the_settings_targetwatch_reads() -> None:
    config_source = (ROOT / "targetwatch" / "config.py").read_text(encoding="utf-8")
    read = set(re.findall(r"env\.get\(\"(TARGETWATCH_[A-Z_]+)\"", config_source))
    assert read == SETTINGS
    services = _compose()["services"]
    for name in ("worker", "beat", "web"):
        env = services[name]["environment"]
        assert set(env) == SETTINGS, name
        assert env["TARGETWATCH_BROKER_URL"].startswith("redis://redis:6379/")
        assert env["TARGETWATCH_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert "@postgres:5432/" in env["TARGETWATCH_DATABASE_URL"]
        assert "mailpit:1025" in env["TARGETWATCH_SMTP_URL"]
    assert services["worker"]["command"][0] == "worker" and services["beat"]["command"] == ["beat"]
    assert services["web"]["command"][:3] == ["serve", "--host", "0.0.0.0"] and "8000:8000" in services["web"]["ports"]
    pg = services["postgres"]["environment"]
    assert f"{pg['POSTGRES_USER']}:{pg['POSTGRES_PASSWORD']}@postgres:5432/{pg['POSTGRES_DB']}" in \
        services["worker"]["environment"]["TARGETWATCH_DATABASE_URL"]


def test_dockerfile_installs_the_package_and_runs_the_cli() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    copied = set(re.findall(r"^COPY (\S+) ", text, re.M))
    for package in ("diffing", "scrapers", "archive", "worker", "templates", "cli", "web"):
        assert package in copied, package
    assert "pip install '.[postgres]'" in text and 'ENTRYPOINT ["targetwatch"]' in text
    assert re.search(r"^USER (?!root)", text, re.M), "the container should not run as root"
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".git" in ignored and ".venv" in ignored


def _seconds(value: str) -> int:
    m = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", value)
    assert m and any(m.groups()), value
    return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)


def test_a_deploy_lets_the_longest_task_finish() -> None:
    from targetwatch.worker.schedule import CeleryLimits

    grace = _seconds(_compose()["services"]["worker"]["stop_grace_period"])
    assert grace >= CeleryLimits().time_limit


def test_the_beat_healthcheck_reads_the_key_prefix_from_service_toml(tmp_path, redis_server) -> None:  # noqa: ANN001
    import subprocess
    import sys

    from tests.worker.conftest import cli_env, write_service_toml

    assert _compose()["services"]["beat"]["healthcheck"]["test"] == ["CMD", "python", "-m",
                                                                      "targetwatch.worker.beat"]
    prefix = redis_server.prefix()
    write_service_toml(tmp_path, f'[celery]\nkey_prefix = "{prefix}"\n')
    env = cli_env(tmp_path, TARGETWATCH_BROKER_URL=redis_server.url)
    check = [sys.executable, "-m", "targetwatch.worker.beat"]
    try:
        assert subprocess.run(check, env=env, capture_output=True, timeout=30).returncode == 1
        redis_server.client().set(f"{prefix}redbeat:lock", "token", ex=60)
        assert subprocess.run(check, env=env, capture_output=True, timeout=30).returncode == 0
    finally:
        redis_server.delete_prefix(prefix)
