"""Shared test fixtures: where the shared corpus lives, and a private data folder per test."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TARGETWATCH_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"


def corpus_path() -> Path:
    if not (CORPUS / "reports").is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS} (set TARGETWATCH_SHARED)")
    return CORPUS


@pytest.fixture
def corpus() -> Path:
    return corpus_path()


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the developer's real data folder."""
    home = tmp_path_factory.mktemp("twhome")
    monkeypatch.setenv("TARGETWATCH_HOME", str(home))
    for var in ("TARGETWATCH_DATABASE_URL", "TARGETWATCH_BROKER_URL", "TARGETWATCH_SMTP_URL"):
        monkeypatch.delenv(var, raising=False)
    return home
