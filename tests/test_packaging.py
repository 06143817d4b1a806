"""Installed, targetwatch is one top-level package and nothing else: `import archive` or
`import templates` in a user's environment must never mean us."""
from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _folder(package: str) -> Path:
    """Where a dotted package lives in the repository, by the package-dir mapping."""
    mapping = CONFIG["package-dir"]
    parts = package.split(".")
    for i in range(len(parts), 0, -1):
        head = ".".join(parts[:i])
        if head in mapping:
            return ROOT / mapping[head] / Path(*parts[i:]) if parts[i:] else ROOT / mapping[head]
    raise AssertionError(f"{package} is not under any package-dir mapping")


def test_every_package_is_listed_and_every_listed_package_exists() -> None:
    listed = set(CONFIG["packages"])
    assert all(p == "targetwatch" or p.startswith("targetwatch.") for p in listed)
    for package in listed:
        assert _folder(package).is_dir(), f"{package} -> {_folder(package)} does not exist"
    on_disk = set()
    for top in CONFIG["package-dir"]:
        base = _folder(top)
        for init in base.rglob("__init__.py"):
            rel = init.parent.relative_to(base)
            on_disk.add(".".join([top, *rel.parts]))
    assert on_disk <= listed, f"packages missing from pyproject.toml: {sorted(on_disk - listed)}"


@pytest.mark.slow
def test_the_wheel_holds_one_top_level_package(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    [wheel] = tmp_path.glob("targetwatch-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"targetwatch", wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".dist-info"}
    for needed in ("targetwatch/py.typed", "targetwatch/templates/comparison.html", "targetwatch/scrapers/sources.toml",
                   "targetwatch/archive/alembic.ini", "targetwatch/archive/migrations/env.py",
                   "targetwatch/worker/samples/national-2024.txt", "targetwatch/cli/main.py", "targetwatch/web/app.py",
                   "targetwatch/templates/web/site.css", "targetwatch/templates/web/report.html",
                   "targetwatch/templates/web/feed.xml"):
        assert needed in names, f"{needed} is not in the wheel"
