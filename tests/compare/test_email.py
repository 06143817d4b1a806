"""`targetwatch compare … --email ADDR`: the comparison mailed as HTML and text (outbox by default)."""
from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest

from targetwatch.cli.main import main

SAMPLES = Path(__file__).resolve().parents[2] / "worker" / "samples"


def run(*argv: str, capsys) -> tuple[int, str, str]:  # noqa: ANN001
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def test_a_comparison_is_mailed_to_the_outbox_with_a_chinese_subject(capsys, _private_home: Path) -> None:
    code, out, err = run("compare", "--old", str(SAMPLES / "national-2024.txt"), "--new",
                         str(SAMPLES / "national-2025.txt"), "--format", "table", "--email", "analyst@example.org",
                         capsys=capsys)
    assert code == 0, err
    assert "完成" in out
    files = list((_private_home / "outbox").glob("*.eml"))
    assert len(files) == 1 and str(files[0]) in err
    msg = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert msg["To"] == "analyst@example.org"
    assert "全国" in msg["Subject"] and "2025" in msg["Subject"]
    html = msg.get_body(("html",)).get_content()
    text = msg.get_body(("plain",)).get_content()
    assert "国内生产总值增长5%左右" in html and "国内生产总值增长5%左右" in text


def test_a_bad_address_is_refused_before_anything_is_done(capsys, _private_home: Path) -> None:
    code, out, err = run("compare", "--old", str(SAMPLES / "national-2024.txt"), "--new",
                         str(SAMPLES / "national-2025.txt"), "--email", "not-an-address", capsys=capsys)
    assert code == 2 and out == ""
    assert err.startswith("targetwatch: error: --email:") and err.count("\n") == 1
    assert not (_private_home / "outbox").exists() or not list((_private_home / "outbox").iterdir())
