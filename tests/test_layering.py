"""Imports point one way, so each part can be used, tested and replaced on its own.

    diffing  <-  scrapers  <-  archive  <-  worker
       ^            ^                         ^
    templates (presentation)   targetwatch (root: settings, errors, inputs, the library)
                                  cli and web sit on top; nothing imports the CLI.

The pure core (diffing) does no I/O, so a notebook, the web app and the tests can run it on
any text; presentation (templates) imports no Celery and no database driver, so the web app
can render without pulling in the service.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# folder in the repository -> its name under the targetwatch namespace
PARTS = {
    "targetwatch": "targetwatch",
    "diffing": "targetwatch.diffing",
    "scrapers": "targetwatch.scrapers",
    "archive": "targetwatch.archive",
    "templates": "targetwatch.templates",
    "worker": "targetwatch.worker",
    "cli": "targetwatch.cli",
    "web": "targetwatch.web",
}

IO_MODULES = {"os", "io", "pathlib", "socket", "subprocess", "httpx", "requests", "urllib", "shutil", "tempfile",
              "sqlalchemy", "alembic", "psycopg", "psycopg2", "sqlite3", "redis", "celery", "kombu", "smtplib"}
SERVICE_MODULES = {"celery", "kombu", "redis", "sqlalchemy", "alembic", "psycopg", "psycopg2", "sqlite3", "smtplib"}

# folder -> parts of targetwatch (dotted) and outside modules it must not import
FORBIDDEN: dict[str, set[str]] = {
    "diffing": {"targetwatch.scrapers", "targetwatch.archive", "targetwatch.templates", "targetwatch.worker",
                "targetwatch.cli", "targetwatch.web", "targetwatch.config", "targetwatch.inputs",
                "targetwatch.library", *IO_MODULES},
    "scrapers": {"targetwatch.archive", "targetwatch.templates", "targetwatch.worker", "targetwatch.cli",
                 "targetwatch.web"},
    "archive": {"targetwatch.templates", "targetwatch.worker", "targetwatch.cli", "targetwatch.web"},
    "templates": {"targetwatch.scrapers", "targetwatch.archive", "targetwatch.worker", "targetwatch.cli",
                  "targetwatch.web", *SERVICE_MODULES},
    "worker": {"targetwatch.cli", "targetwatch.web"},
    "web": {"targetwatch.cli", "celery", "kombu"},
    "targetwatch": {"targetwatch.cli", "targetwatch.web", "targetwatch.worker"},
}


def _imports(path: Path) -> set[str]:
    """Every module a file imports, absolute and dotted (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    package = _module_name(path).rpartition(".")[0] if path.name != "__init__.py" else _module_name(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT)
    parts = [PARTS[rel.parts[0]], *rel.parts[1:]]
    parts[-1] = parts[-1].removesuffix(".py")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _violations(imported: set[str], forbidden: set[str]) -> set[str]:
    return {name for name in imported for bad in forbidden if name == bad or name.startswith(bad + ".")}


def _python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py")) if (ROOT / folder).is_dir() else []


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_part_imports_only_what_it_may(folder: str) -> None:
    bad = []
    for path in _python_files(folder):
        wrong = _violations(_imports(path), FORBIDDEN[folder])
        if wrong:
            bad.append(f"{path.relative_to(ROOT)} imports {sorted(wrong)}")
    assert not bad, bad


def test_nothing_imports_the_cli() -> None:
    bad = []
    for folder in PARTS:
        if folder == "cli":
            continue
        for path in _python_files(folder):
            if _violations(_imports(path), {"targetwatch.cli"}):
                bad.append(str(path.relative_to(ROOT)))
    assert not bad, f"only the console script enters the CLI: {bad}"


def test_no_import_outside_the_namespace() -> None:
    """The old top-level names (import diffing, from worker import …) would break once installed."""
    old = {"diffing", "scrapers", "archive", "templates", "worker", "cli", "web"}
    bad = []
    for folder in PARTS:
        for path in _python_files(folder):
            tops = {name.split(".")[0] for name in _imports(path)}
            if tops & old:
                bad.append(f"{path.relative_to(ROOT)} imports {sorted(tops & old)}")
    assert not bad, bad


def test_diffing_never_opens_files() -> None:
    for path in _python_files("diffing"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                 and n.func.id in ("open", "input", "print")]
        assert not calls, f"{path.relative_to(ROOT)} calls {[c.func.id for c in calls]}"


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    """The rules above would pass vacuously if _imports found nothing; show that it finds imports."""
    found = _imports(ROOT / "templates" / "render.py")
    assert "targetwatch.diffing.compare" in found
    assert _violations({"sqlalchemy.orm"}, FORBIDDEN["templates"]) == {"sqlalchemy.orm"}
    assert _violations({"targetwatch.cli.main"}, {"targetwatch.cli"}) == {"targetwatch.cli.main"}
