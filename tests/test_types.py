"""The pure core type-checks clean under mypy (installed by the test extra).

mypy cannot follow setuptools' editable-install finder, so the check runs over a tree of
symlinks laid out as the installed package: targetwatch/ with diffing/ inside.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_pure_core_type_checks(tmp_path: Path) -> None:
    package = tmp_path / "tree" / "targetwatch"
    package.mkdir(parents=True)
    (package / "__init__.py").symlink_to(ROOT / "targetwatch" / "__init__.py")
    (package / "diffing").symlink_to(ROOT / "diffing", target_is_directory=True)
    res = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
                          "--follow-imports=silent", "--cache-dir", str(tmp_path / "cache"), "-p", "targetwatch.diffing"],
                         cwd=tmp_path / "tree", env={**os.environ, "MYPYPATH": str(tmp_path / "tree")},
                         capture_output=True, text=True, timeout=300)
    assert "No module named mypy" not in res.stderr, "mypy is part of the test extra: pip install -e '.[test]'"
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-1000:]
    assert "no issues found" in res.stdout
