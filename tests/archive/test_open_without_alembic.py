"""Opening an archive already at the head schema costs one query and never loads alembic."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from targetwatch.archive import db


def test_head_read_from_the_files_is_alembics_head() -> None:
    assert db.head_from_files() == db.head_revision()


def test_a_tree_with_two_heads_is_left_to_alembic(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('revision = "a"\ndown_revision = None\n', encoding="utf-8")
    (tmp_path / "b.py").write_text('revision = "b"\ndown_revision = "a"\n', encoding="utf-8")
    assert db.head_from_files(tmp_path) == "b"
    (tmp_path / "c.py").write_text('revision = "c"\ndown_revision = "a"\n', encoding="utf-8")
    assert db.head_from_files(tmp_path) is None


def test_an_archive_at_head_opens_without_alembic(archive_url: str) -> None:
    from targetwatch.archive import Archive

    Archive(archive_url).close()  # the first open migrates
    code = ("import sys; from targetwatch.archive import Archive; a = Archive(sys.argv[1]); a.years('national'); "
            "a.close(); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, archive_url], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_an_archive_behind_head_is_still_migrated(archive_url: str) -> None:
    from sqlalchemy import text

    from targetwatch.archive import Archive

    engine = db.create_archive_engine(archive_url)
    db.migrate(engine, "0001_archive")
    engine.dispose()
    with Archive(archive_url) as archive:
        assert archive.regions() == []
    engine = db.create_archive_engine(archive_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == db.head_revision()
    engine.dispose()
