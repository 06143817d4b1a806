"""`targetwatch compare` and `targetwatch history` from the command line: output, and one-line errors."""
from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from targetwatch.diffing.compare import compare_sheets
from targetwatch.diffing.model import FactSheet
from tests.compare.facts import NATIONAL, beijing_2023, beijing_2024, outcome, sheet, target
from targetwatch.cli.main import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def write(tmp_path: Path, name: str, s: FactSheet) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(s.to_dict(), ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.fixture
def files(tmp_path: Path) -> dict[int, str]:
    return {y: write(tmp_path, f"{y}.json", make()) for y, make in NATIONAL.items()}


def assert_one_line_error(code: int, err: str, *words: str) -> None:
    assert code == 2
    assert err.startswith("targetwatch: error: ") and err.count("\n") == 1
    assert "Traceback" not in err
    for w in words:
        assert w in err


# --- compare from files ---------------------------------------------------------------------

def test_compare_two_facts_files_prints_the_contract_json(capsys, files):
    code, out, _ = run(capsys, "compare", "--old", files[2022], "--new", files[2023], "--format", "json")
    assert code == 0
    expected = compare_sheets(FactSheet.from_dict(json.loads(Path(files[2022]).read_text())),
                              FactSheet.from_dict(json.loads(Path(files[2023]).read_text()))).to_dict()
    assert json.loads(out) == json.loads(json.dumps(expected))


@pytest.mark.parametrize("fmt,marker", [("table", "未完成"), ("text", "未完成"), ("md", "| 指标 |"), ("html", "<!DOCTYPE html>")])
def test_compare_renders_every_format(capsys, files, fmt, marker):
    code, out, _ = run(capsys, "compare", "--old", files[2022], "--new", files[2023], "--format", fmt)
    assert code == 0 and marker in out


def test_about_tolerance_option_changes_the_verdict(capsys, tmp_path):
    old = write(tmp_path, "a.json", sheet("national", 2014, target("gdp_growth", 2014, "about", 7.5)))
    new = write(tmp_path, "b.json", sheet("national", 2015, outcome("gdp_growth", 2014, "exact", 7.4),
                                          target("gdp_growth", 2015, "about", 7.0)))
    verdict = {}
    for spec in ("0.5pp,5%", "strict", "0.05"):
        _, out, _ = run(capsys, "compare", "--old", old, "--new", new, "--about-tolerance", spec, "--format", "json")
        verdict[spec] = json.loads(out)["rows"][0]["verdict"]
    assert verdict == {"0.5pp,5%": "met", "strict": "missed", "0.05": "missed"}


def test_an_unreadable_tolerance_is_a_usage_error(capsys, files):
    code, _, err = run(capsys, "compare", "--old", files[2022], "--new", files[2023], "--about-tolerance", "lots")
    assert code == 2 and "about-tolerance" in err and "Traceback" not in err


@pytest.mark.parametrize("rule,old,new,words", [
    ("the same year twice", lambda f: f[2023], lambda f: f[2023], ["both reports are of 2023"]),
    ("two regions", lambda f: f[2023], lambda f: f["beijing"], ["different regions"]),
    ("years not consecutive", lambda f: f[2022], lambda f: f[2024], ["not consecutive"]),
    ("old and new swapped", lambda f: f[2024], lambda f: f[2023], ["swap"]),
    ("a report with no targets", lambda f: f["empty"], lambda f: f[2024], ["no main targets"]),
    ("a missing file", lambda f: "/no/such/report.txt", lambda f: f[2024], ["no such file"]),
    ("a file that is neither report nor facts", lambda f: f["broken"], lambda f: f[2024], ["not a report"]),
])
def test_bad_pairs_fail_with_one_clear_line(capsys, tmp_path, files, rule, old, new, words):
    files = dict(files)
    files["beijing"] = write(tmp_path, "beijing.json", beijing_2024())
    files["empty"] = write(tmp_path, "empty.json", sheet("national", 2023, outcome("gdp_growth", 2022, "exact", 3.0)))
    broken = tmp_path / "broken.json"
    broken.write_text('{"region": "national"', encoding="utf-8")
    files["broken"] = str(broken)
    code, out, err = run(capsys, "compare", "--old", old(files), "--new", new(files))
    assert out == ""
    assert_one_line_error(code, err, *words)


def test_a_year_out_of_range_is_named_as_the_usage_line_names_it(capsys):
    code, _, err = run(capsys, "compare", "national", "1900")
    assert code == 2 and "'YEAR'" in err and "1900" in err
    assert "Usage: targetwatch compare [OPTIONS] [REGION YEAR | OLD NEW]" in err


def test_only_one_of_old_and_new_is_an_error(capsys, files):
    code, _, err = run(capsys, "compare", "--old", files[2022])
    assert_one_line_error(code, err, "--old and --new")


def test_files_and_archive_arguments_do_not_mix(capsys, files):
    code, _, err = run(capsys, "compare", "national", "2023", "--old", files[2022], "--new", files[2023])
    assert_one_line_error(code, err, "not both")


def test_a_region_option_that_contradicts_the_facts_is_an_error(capsys, files):
    code, _, err = run(capsys, "compare", "--old", files[2022], "--new", files[2023], "--region", "beijing")
    assert_one_line_error(code, err, "not beijing")


# --- compare and history from the archive ---------------------------------------------------

class FakeArchive:
    sheets: dict[tuple[str, int], FactSheet] = {}
    opened: list[str] = []

    def __init__(self, url: str) -> None:
        self.opened.append(url)

    def factsheet(self, region: str, year: int) -> FactSheet | None:
        return self.sheets.get((region, year))

    def years(self, region: str) -> list[int]:
        return sorted(y for r, y in self.sheets if r == region)

    def close(self) -> None:
        pass


@pytest.fixture
def fake_archive(monkeypatch):
    FakeArchive.sheets = {("national", y): make() for y, make in NATIONAL.items()}
    FakeArchive.sheets[("beijing", 2023)] = beijing_2023()
    FakeArchive.opened = []
    module = types.ModuleType("targetwatch.archive.store")
    module.Archive = FakeArchive  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "targetwatch.archive.store", module)
    return FakeArchive


def test_compare_region_year_reads_both_reports_from_the_archive(capsys, fake_archive, monkeypatch):
    monkeypatch.setenv("TARGETWATCH_DATABASE_URL", "sqlite:///somewhere.db")
    code, out, _ = run(capsys, "compare", "national", "2023", "--format", "json")
    assert code == 0
    d = json.loads(out)
    assert (d["year"], d["previous_year"]) == (2023, 2022)
    assert fake_archive.opened == ["sqlite:///somewhere.db"]


def test_a_year_missing_from_the_archive_is_a_clear_error(capsys, fake_archive):
    code, _, err = run(capsys, "compare", "national", "2030")
    assert_one_line_error(code, err, "no 2030 report of national in the archive", "2022, 2023, 2024, 2025")


def test_the_previous_year_missing_from_the_archive_is_a_clear_error(capsys, fake_archive):
    code, _, err = run(capsys, "compare", "beijing", "2023")
    assert_one_line_error(code, err, "no 2022 report of beijing")


def test_an_unknown_region_is_a_clear_error(capsys, fake_archive):
    code, _, err = run(capsys, "compare", "atlantis", "2023")
    assert_one_line_error(code, err, "unknown region")


def test_without_the_archive_module_the_command_says_so(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "targetwatch.archive.store", None)  # import raises ImportError
    code, _, err = run(capsys, "compare", "national", "2024")
    assert_one_line_error(code, err, "archive is not available")
    code, _, err = run(capsys, "history", "national")
    assert_one_line_error(code, err, "archive is not available")


def test_an_archive_without_the_expected_calls_says_so(capsys, monkeypatch):
    module = types.ModuleType("targetwatch.archive.store")
    module.Archive = lambda url: object()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "targetwatch.archive.store", module)
    code, _, err = run(capsys, "compare", "national", "2024")
    assert_one_line_error(code, err, "archive is not available")


def test_history_from_the_archive(capsys, fake_archive):
    code, out, _ = run(capsys, "history", "national", "--indicator", "gdp_growth", "--format", "json")
    assert code == 0
    d = json.loads(out)
    assert [s["indicator"] for s in d["series"]] == ["gdp_growth"]
    assert d["years"] == [2022, 2023, 2024, 2025]


def test_history_of_a_region_with_nothing_archived_is_an_error(capsys, fake_archive):
    code, _, err = run(capsys, "history", "sichuan")
    assert_one_line_error(code, err, "no report of sichuan in the archive")


# --- history from files ---------------------------------------------------------------------

def test_history_from_files(capsys, files):
    code, out, _ = run(capsys, "history", "national", "--file", files[2022], "--file", files[2023], "-i", "gdp_growth")
    assert code == 0
    assert "5.5%左右" in out and "未完成" in out and "−2.5个百分点" in out


def test_history_from_a_folder_with_year_limits(capsys, files):
    folder = str(Path(files[2022]).parent)
    code, out, _ = run(capsys, "history", "national", "--dir", folder, "--since", "2023", "--format", "json")
    assert code == 0 and json.loads(out)["years"] == [2023, 2024, 2025]


def test_a_folder_without_year_files_is_an_error_not_the_archive(capsys, fake_archive, tmp_path):
    (tmp_path / "notes.txt").write_text("国内生产总值增长5%左右", encoding="utf-8")
    code, out, err = run(capsys, "history", "national", "--dir", str(tmp_path))
    assert_one_line_error(code, err, "no report named by its year")
    assert out == ""  # not the archive's history in place of the folder's


@pytest.mark.parametrize("fmt,marker", [("csv", "region,indicator,name,year"), ("html", "<svg"), ("md", "| 年份 |"),
                                        ("table", "年份")])
def test_history_formats(capsys, files, fmt, marker):
    folder = str(Path(files[2022]).parent)
    code, out, _ = run(capsys, "history", "national", "--dir", folder, "--format", fmt)
    assert code == 0 and marker in out


def test_history_of_an_unknown_indicator_lists_the_known_ones(capsys, files):
    code, _, err = run(capsys, "history", "national", "--file", files[2022], "-i", "gdp_growht")
    assert_one_line_error(code, err, "gdp_growht", "gdp_growth")


def test_history_with_a_year_given_twice_is_an_error(capsys, files, tmp_path):
    again = write(tmp_path, "copy-of-2022.json", NATIONAL[2022]())
    code, _, err = run(capsys, "history", "national", "--file", files[2022], "--file", again)
    assert_one_line_error(code, err, "two reports of 2022")


@pytest.mark.parametrize("fmt", ["table", "text", "md", "html"])
def test_compare_and_history_in_english(capsys, files, fmt):
    code, out, err = run(capsys, "compare", "--old", files[2022], "--new", files[2023], "--format", fmt, "--lang", "en")
    assert code == 0, err
    assert "GDP growth" in out and "missed" in out and "未完成" not in out
    code, out, err = run(capsys, "history", "national", "--file", files[2022], "--file", files[2023],
                         "--format", fmt, "--lang", "en")
    assert code == 0, err
    assert "GDP growth" in out and "国内生产总值增长" not in out.split("「")[0]


def test_an_unknown_language_is_a_usage_error(capsys, files):
    code, out, err = run(capsys, "compare", "--old", files[2022], "--new", files[2023], "--lang", "fr")
    assert code == 2 and "'fr' is not one of 'zh', 'en'" in err and "Traceback" not in err


def test_two_reports_given_as_old_new_compare_as_with_the_options(capsys, files):
    code, out, _ = run(capsys, "compare", files[2022], files[2023], "--format", "json")
    assert code == 0
    _, expected, _ = run(capsys, "compare", "--old", files[2022], "--new", files[2023], "--format", "json")
    assert json.loads(out) == json.loads(expected) and json.loads(out)["year"] == 2023


@pytest.mark.parametrize("args,words", [
    (["compare", "national", "2024.txt"], ("'2024.txt' is a file, not a year", "OLD NEW")),
    (["compare", "national", "20x5"], ("'20x5' is not a year", "2024")),
])
def test_what_stands_where_the_year_goes_is_told_the_way(capsys, args, words):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == "" and "Traceback" not in err
    for w in words:
        assert w in err


def test_old_new_and_the_options_together_are_refused(capsys, files):
    code, out, err = run(capsys, "compare", files[2022], files[2023], "--old", files[2022], "--new", files[2023])
    assert_one_line_error(code, err, "either as OLD NEW or as --old/--new")
