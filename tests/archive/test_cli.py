"""`targetwatch archive …` end to end, on the database named by TARGETWATCH_DATABASE_URL.

These run the real parser (the CLI has no other); while diffing.parse is not written they
xfail, and they pass once it is.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.archive.conftest import report_bytes
from targetwatch.cli.main import main


@pytest.fixture
def tw(capsys, monkeypatch, archive_url: str):  # noqa: ANN001, ANN201
    """Run `targetwatch ARGS` in-process on this test's database: (exit code, stdout, stderr)."""
    monkeypatch.setenv("TARGETWATCH_DATABASE_URL", archive_url)

    def run(*argv: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exit_:
            main(list(argv))
        out, err = capsys.readouterr()
        return exit_.value.code, out, err

    return run


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    for region, year in (("beijing", 2024), ("beijing", 2025), ("national", 2025)):
        (root / region).mkdir(parents=True, exist_ok=True)
        (root / region / f"{year}.txt").write_bytes(report_bytes(region, year))
    (root / "national" / "alt").mkdir()
    (root / "national" / "alt" / "2025__wikisource.txt").write_bytes(report_bytes("national", 2025, "另一来源"))
    (root / "atlantis").mkdir()
    (root / "atlantis" / "2025.txt").write_bytes(b"x")
    (root / "beijing" / "notes.txt").write_bytes(b"x")
    return root


def one_line_error(result: tuple[int, str, str], expected_code: int, *words: str) -> None:
    code, _, err = result
    assert code == expected_code, err
    assert err.startswith("targetwatch: error: ") and err.count("\n") == 1 and "Traceback" not in err
    for w in words:
        assert w in err, err


def test_import_then_again_then_with_alternates(tw, tree: Path) -> None:  # noqa: ANN001
    code, out, err = tw("archive", "import", str(tree), "--no-progress")
    assert code == 0, err
    assert out.startswith("imported 3 reports") and "0 already archived; 0 failed" in out
    assert "unknown region folder 'atlantis'" in err and "notes.txt: file name is not a year" in err
    assert "left out 1 second copies in alt/" in err
    code, out, _ = tw("archive", "import", str(tree))
    assert code == 0 and out.startswith("imported 0 reports") and "3 already archived" in out
    code, out, _ = tw("archive", "import", str(tree), "--include-alt")
    assert code == 0 and out.startswith("imported 1 reports") and "3 already archived" in out
    code, out, _ = tw("archive", "list", "--format", "json")
    listing = {(r["region"], r["report_year"]): r for r in json.loads(out)}
    assert set(listing) == {("beijing", 2024), ("beijing", 2025), ("national", 2025)}
    assert (listing[("national", 2025)]["versions"], listing[("national", 2025)]["alternates"]) == (1, 1)
    code, out, _ = tw("archive", "list")
    assert code == 0 and "beijing" in out and "2 regions, 3 reports" in out


def test_a_report_that_fails_does_not_stop_the_import(tw, tree: Path) -> None:  # noqa: ANN001
    (tree / "beijing" / "2026.txt").write_bytes(b"\x00\x01binary" * 50)
    code, out, err = tw("archive", "import", str(tree))
    assert code == 1
    assert "imported 3 reports" in out and "1 failed" in out
    assert "not archived:" in err and "2026.txt" in err


def test_add_a_file_twice_and_a_new_version(tw, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "bj.txt"
    path.write_bytes(report_bytes("beijing", 2025))
    code, out, _ = tw("archive", "add", str(path), "--region", "北京", "--year", "2025")
    assert code == 0 and out.startswith("archived beijing 2025 version 1 as document 1:")
    code, out, _ = tw("archive", "add", str(path), "-r", "beijing", "-y", "2025")
    assert code == 0 and out.startswith("already archived: beijing 2025 version 1")
    path.write_bytes(report_bytes("beijing", 2025, "修订"))
    code, out, _ = tw("archive", "add", str(path), "-r", "beijing", "-y", "2025")
    assert code == 0 and "version 2 as document 2" in out


def test_add_errors_are_one_line(tw, tmp_path: Path) -> None:  # noqa: ANN001
    one_line_error(tw("archive", "add", str(tmp_path / "missing.txt"), "-r", "beijing", "-y", "2025"), 2,
                   "no such file")
    path = tmp_path / "bj.txt"
    path.write_bytes(report_bytes("beijing", 2025))
    one_line_error(tw("archive", "add", str(path), "-r", "atlantis", "-y", "2025"), 2, "unknown region 'atlantis'")
    path.write_bytes(b"\x00\x01binary" * 50)
    one_line_error(tw("archive", "add", str(path), "-r", "beijing", "-y", "2025"), 2, "nothing was archived")


def test_export_csv_and_json_agree_and_carry_provenance(tw, tree: Path, tmp_path: Path) -> None:  # noqa: ANN001
    tw("archive", "import", str(tree))
    code, out, _ = tw("archive", "export", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    target = tmp_path / "facts.json"
    code, _, err = tw("archive", "export", "--format", "json", "--output", str(target))
    assert code == 0 and f"wrote {len(rows)} facts to {target}" in err
    records = json.loads(target.read_text(encoding="utf-8"))
    assert len(records) == len(rows)
    if not rows:
        pytest.skip("the parser found no facts in the test reports")
    first = records[0]
    for key in ("region", "report_year", "document_id", "content_hash", "source_url", "indicator", "kind",
                "period", "comparator", "value", "low", "high", "unit", "text", "span_start", "span_end",
                "extractor_version"):
        assert key in first and key in rows[0]
    # Read from local files: no web address to give, and the exporter's disk is nobody's business.
    assert first["source_url"] is None and rows[0]["source_url"] == "" and len(first["content_hash"]) == 64
    assert str(first["report_year"]) == rows[0]["report_year"]
    code, out, _ = tw("archive", "export", "--region", "national", "--bom")
    assert out.startswith("\ufeffregion,") and all(line.startswith("national,") for line in out.splitlines()[1:])


def test_reparse_reports_nothing_changed_with_the_same_parser(tw, tree: Path) -> None:  # noqa: ANN001
    tw("archive", "import", str(tree))
    code, out, _ = tw("archive", "reparse", "--no-progress")
    assert code == 0
    assert out.startswith("re-parsed 3 documents with extractor") and "0 changed" in out and "3 unchanged" in out


def test_list_regions_works_even_on_an_empty_archive(tw) -> None:  # noqa: ANN001
    code, out, _ = tw("archive", "list", "--regions")
    assert code == 0 and "beijing" in out and "北京市" in out and "hailaer" in out
    code, out, _ = tw("archive", "list")
    assert code == 0 and "the archive is empty" in out


def test_a_database_that_cannot_be_opened_is_named_with_what_to_do(capsys, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("TARGETWATCH_DATABASE_URL", "nosuchdb://x/y")
    with pytest.raises(SystemExit) as exit_:
        main(["archive", "list"])
    one_line_error((exit_.value.code, "", capsys.readouterr().err), 2, "nosuchdb://x/y", "TARGETWATCH_DATABASE_URL")
    monkeypatch.setenv("TARGETWATCH_DATABASE_URL", "postgresql+psycopg://tw:secret@127.0.0.1:1/x?connect_timeout=2")
    with pytest.raises(SystemExit) as exit_:
        main(["archive", "list"])
    err = capsys.readouterr().err
    one_line_error((exit_.value.code, "", err), 3, "127.0.0.1:1", "TARGETWATCH_DATABASE_URL", "running")
    assert "secret" not in err


def test_the_default_archive_is_sqlite_in_targetwatch_home(capsys, monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    monkeypatch.setenv("TARGETWATCH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TARGETWATCH_DATABASE_URL", raising=False)
    with pytest.raises(SystemExit) as exit_:
        main(["archive", "list"])
    assert exit_.value.code == 0
    assert (tmp_path / "home" / "archive.sqlite3").is_file()


def test_require_factsheet_says_which_years_exist(archive_url: str) -> None:
    from targetwatch.cli.commands.archive import archive_session, require_factsheet
    from targetwatch.errors import UserError

    from tests.archive.conftest import sheet_parser

    with archive_session(archive_url) as arc:
        for year in (2020, 2021, 2022, 2024):
            arc.add_document(report_bytes("national", year), region="national", year=year, parser=sheet_parser())
        assert require_factsheet(arc, "national", 2021).report_year == 2021
        with pytest.raises(UserError, match=r"national 2023 is not in the archive \(archived years of national: "
                                            r"2020-2022, 2024\)"):
            require_factsheet(arc, "national", 2023)
        with pytest.raises(UserError, match="nothing of beijing is archived"):
            require_factsheet(arc, "beijing", 2023)


@pytest.fixture
def web(tmp_path: Path):  # noqa: ANN201
    """A local web server over a folder: (folder, base URL)."""
    import functools
    import http.server
    import threading

    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_add_a_url_records_where_it_came_from(tw, web, archive_url: str) -> None:  # noqa: ANN001
    root, base = web
    (root / "report.html").write_bytes(b"<html><head><meta charset='utf-8'><title>2025\xe5\xb9\xb4</title></head>"
                                       b"<body><p>" + report_bytes("beijing", 2025) + b"</p></body></html>")
    code, out, err = tw("archive", "add", f"{base}/report.html", "-r", "beijing", "-y", "2025")
    assert code == 0, err
    from targetwatch.archive import Archive

    with Archive(archive_url) as arc:
        [doc] = arc.documents()
        assert doc.source_url == f"{base}/report.html" and doc.content_type.startswith("text/html")
        assert arc.known_urls() == {f"{base}/report.html"}
        assert arc.raw(doc.id).startswith(b"<html>")
        assert "地区生产总值增长5%左右" in arc.text(doc.id) and "<p>" not in arc.text(doc.id)


def test_import_one_regions_folder(tw, tree: Path) -> None:  # noqa: ANN001
    code, out, err = tw("archive", "import", str(tree / "beijing"))
    assert code == 0, err
    assert out.startswith("imported 2 reports") and "notes.txt" in err
    code, out, _ = tw("archive", "list", "--format", "json")
    assert {(r["region"], r["report_year"]) for r in json.loads(out)} == {("beijing", 2024), ("beijing", 2025)}


def test_add_a_url_of_several_pages_archives_the_whole_report(tw, web, archive_url: str) -> None:  # noqa: ANN001
    # The same way `parse URL` reads it: every page followed, their text joined.
    root, base = web
    paged = Path(__file__).resolve().parents[1] / "fixtures" / "sites" / "paged"
    (root / "zwgk").mkdir()
    for page in ("content.htm", "content_2.htm", "content_3.htm"):
        (root / "zwgk" / page).write_bytes((paged / page).read_bytes())
    code, out, err = tw("archive", "add", f"{base}/zwgk/content.htm", "-r", "beijing", "-y", "2024")
    assert code == 0, err
    from targetwatch.archive import Archive

    with Archive(archive_url) as arc:
        [doc] = arc.documents()
        assert doc.source_url == f"{base}/zwgk/content.htm" and doc.content_type.startswith("text/plain")
        text = arc.text(doc.id)
        assert "一、2023年工作回顾" in text and "三、2024年重点工作" in text  # pages 1 and 3
        facts = {(f.indicator, f.kind): f for f in arc.factsheet("beijing", 2024).facts}
        assert facts["gdp_growth", "target"].value == 5.5  # stated on page 2 only
