"""Imports point one way: diffing <- scrapers <- archive <- worker; diffing does no I/O."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("diffing", "scrapers", "archive", "worker", "templates")
FORBIDDEN = {
    "diffing": {"scrapers", "archive", "worker", "templates", "os", "io", "pathlib", "socket", "subprocess",
                "httpx", "requests", "sqlalchemy", "redis", "celery", "shutil", "tempfile", "urllib"},
    "scrapers": {"worker", "archive"},
    "archive": {"worker"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_downward(package: str) -> None:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        wrong = _imports(path) & FORBIDDEN[package]
        if wrong:
            bad.append(f"{path.relative_to(ROOT)} imports {sorted(wrong)}")
    assert not bad, bad


def test_diffing_never_opens_files() -> None:
    for path in sorted((ROOT / "diffing").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                 and n.func.id in ("open", "input", "print")]
        assert not calls, f"{path.relative_to(ROOT)} calls {[c.func.id for c in calls]}"
