"""`targetwatch serve`: the real command, its help, and a clear error for a port in use."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx

CLI = [sys.executable, "-m", "targetwatch.cli"]


def test_help_explains_the_command() -> None:
    res = subprocess.run([*CLI, "serve", "--help"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0
    for word in ("--host", "--port", "TARGETWATCH_ADMIN_TOKEN", "TARGETWATCH_BASE_URL", "read-only"):
        assert word in res.stdout
    listed = subprocess.run([*CLI, "--help"], capture_output=True, text=True, timeout=60).stdout
    assert "serve" in listed


def test_port_in_use_is_a_one_line_error(tmp_path) -> None:  # noqa: ANN001
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        res = subprocess.run([*CLI, "serve", "--port", str(port)], capture_output=True, text=True, timeout=60,
                             env={**os.environ, "TARGETWATCH_HOME": str(tmp_path)})
    assert res.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in res.stderr and "Traceback" not in res.stderr


def test_serves_an_empty_archive(tmp_path) -> None:  # noqa: ANN001
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([*CLI, "serve", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "TARGETWATCH_HOME": str(tmp_path)})
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(base + "/healthz", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "no answer within 30 s"
                time.sleep(0.2)
        assert r.status_code == 200 and "newest document 0" in r.text
        home = httpx.get(base + "/", timeout=10)
        assert home.status_code == 200 and "0 个地区" in home.text
        assert httpx.get(base + "/scoreboard", timeout=10).status_code == 200
        assert httpx.get(base + "/api/v1/regions", timeout=10).json() == {"regions": []}
    finally:
        proc.terminate()
        proc.wait(10)
    assert b"read-only" in proc.stderr.read()
