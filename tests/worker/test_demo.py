"""`targetwatch demo` as a new user runs it: no Redis, no mail server, an empty home, twice."""
from __future__ import annotations

import email
import email.policy
import re
import subprocess
from pathlib import Path

from tests.worker.conftest import TARGETWATCH, cli_env


def test_demo_runs_twice_without_services(tmp_path: Path) -> None:
    home = tmp_path / "fresh-home"
    env = cli_env(home)
    env["NO_PROXY"] = ""
    env["HTTP_PROXY"] = env["HTTPS_PROXY"] = "http://127.0.0.1:9"  # any network use would fail loudly

    def demo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(TARGETWATCH + ["demo"], env=env, capture_output=True, text=True, timeout=120,
                              cwd=tmp_path)

    first = demo()
    assert first.returncode == 0, first.stderr
    out = first.stdout
    user_home, home = home, home / "demo"  # the demo keeps to a folder of its own
    assert f"demo folder: {home}" in out
    assert not (user_home / "archive.sqlite3").exists() and not (user_home / "outbox").exists()
    assert "imported 5 sample report(s)" in out
    assert "national 2024 vs 2023 (全国):" in out
    assert "2023 GDP growth target 5%左右 met (5.2%)" in out
    assert "beijing 2025 vs 2024 (北京):" in out
    emls = sorted((home / "outbox").glob("*.eml"))
    assert [p.name for p in emls] == ["digest-000001-demo@example.org.eml"]
    assert f"digest for demo@example.org (5 reports): {emls[0]}" in out
    assert "targetwatch compare national 2025" in out  # the next commands to try
    assert (home / "archive.sqlite3").is_file()

    msg = email.message_from_bytes(emls[0].read_bytes(), policy=email.policy.default)
    assert msg["To"] == "demo@example.org" and msg["Subject"] == "targetwatch：全国、北京5份新政府工作报告"
    html = msg.get_body(("html",)).get_content()
    # Five reports: a summary line of each at the top, newest first, then the newest three in full
    # (digest.FULL_SECTIONS), so the mail stays small and opens with the latest verdicts.
    assert html.count("政府工作报告</h2>") == 3 and html.count("政府工作报告</strong>") == 5
    summary = [html.index(f"{name} {year}年政府工作报告</strong>") for name, year in
               (("全国", 2025), ("北京", 2025), ("全国", 2024), ("北京", 2024), ("全国", 2023))]
    assert summary == sorted(summary), "the summary lines run newest first"
    full = [html.index(f"{name} {year}年政府工作报告</h2>") for name, year in (("全国", 2025), ("北京", 2025), ("全国", 2024))]
    assert summary[-1] < full[0] and full == sorted(full), "the newest reports in full, newest first"
    assert "未完成：一般公共预算收入增长" in html[:full[0]], "a miss is named in the summary at the top"
    # National's charts (its history) are drawn once, in its newest section, not again for 2024.
    assert html.count("国内生产总值增长：目标与实际</title>") == 1
    assert html.index("国内生产总值增长：目标与实际</title>") < full[1]
    # 赤字率 and 专项债券 are settings, not outcomes the report failed to give.
    unreported = re.findall(r"未给出实际（\d+项）：[^<]*", html)
    assert unreported and not any("赤字率" in ln or "专项债" in ln for ln in unreported)
    words = re.sub(r"<[^>]+>", "", html)
    assert "赤字率（政策安排）：3% → 4%左右" in words and "2024年政策安排（是计划，不判完成与否" in words
    assert len(html.encode()) < 100 * 1024 and "file://" not in html
    assert html.count("［示例］") >= 5  # the samples say they are samples in the digest too

    written = emls[0].read_bytes()
    second = demo()
    assert second.returncode == 0, second.stderr
    assert "imported nothing new: the 5 sample reports are already archived" in second.stdout
    assert "nothing new found" in second.stdout
    assert f"the earlier digest is {emls[0]}" in second.stdout
    assert sorted((home / "outbox").glob("*.eml")) == emls
    assert emls[0].read_bytes() == written, "the earlier digest was not rewritten"

    listed = subprocess.run(TARGETWATCH + ["archive", "list"], env={**env, "TARGETWATCH_HOME": str(home)},
                            capture_output=True, text=True, timeout=60)
    assert listed.stdout.count("sample") >= 5, listed.stdout  # samples are marked wherever listed

    again = subprocess.run(TARGETWATCH + ["demo", "--reset"], env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "removed the previous demo" in again.stdout and "imported 5 sample report(s)" in again.stdout


def test_the_demo_never_touches_the_users_archive_or_subscriptions(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = cli_env(home)
    db = tmp_path / "mine.sqlite3"
    env["TARGETWATCH_DATABASE_URL"] = f"sqlite:///{db}"
    sub = subprocess.run(TARGETWATCH + ["subscribe", "me@example.org", "--region", "national"], env=env,
                         capture_output=True, text=True, timeout=60)
    assert sub.returncode == 0, sub.stderr
    before = db.read_bytes()
    run = subprocess.run(TARGETWATCH + ["demo"], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert db.read_bytes() == before
    assert "env -u TARGETWATCH_DATABASE_URL" in run.stdout  # the next commands point at the demo
    listed = subprocess.run(TARGETWATCH + ["subscriptions"], env=env, capture_output=True, text=True, timeout=60)
    assert "demo@example.org" not in listed.stdout and "me@example.org" in listed.stdout
