"""`targetwatch scoreboard` end to end on an archive (SQLite, and PostgreSQL when configured)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from targetwatch.cli.main import main
from tests.archive.conftest import report_bytes


@pytest.fixture
def tw(capsys, monkeypatch, archive_url: str, tmp_path: Path):  # noqa: ANN001, ANN201
    """Beijing 2024 and 2025 (target 5%左右, outcome 5.2%) and national 2025 only, archived."""
    monkeypatch.setenv("TARGETWATCH_DATABASE_URL", archive_url)
    root = tmp_path / "reports"
    for region, year in (("beijing", 2024), ("beijing", 2025), ("national", 2025)):
        (root / region).mkdir(parents=True, exist_ok=True)
        (root / region / f"{year}.txt").write_bytes(report_bytes(region, year))

    def run(*argv: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exit_:
            main(list(argv))
        out, err = capsys.readouterr()
        return exit_.value.code, out, err

    assert run("archive", "import", str(root), "--no-progress")[0] == 0
    return run


def test_json_has_the_rows_and_says_who_is_missing(tw) -> None:  # noqa: ANN001
    code, out, err = tw("scoreboard", "2024", "--format", "json")
    assert code == 0, err
    board = json.loads(out)
    assert board["year"] == 2024 and board["check"] == "target_vs_outcome"
    [row] = board["rows"]
    assert (row["region"], row["indicator"], row["verdict"], row["margin"]) == ("beijing", "gdp_growth", "met", 0.2)
    assert board["regions_missing"] == [{"region": "national", "region_name": "全国", "region_name_en": "China",
                                         "missing": "targets", "reports": [2024], "note": None}]


@pytest.mark.parametrize("fmt,lang,words", [
    ("table", "zh", ["2024年目标完成情况", "地区生产总值增长：1个地区中，1个完成", "北京", "未纳入", "全国"]),
    ("table", "en", ["2024 targets against outcomes", "GDP growth: of 1 region, 1 met", "Beijing", "about 5%"]),
    ("md", "en", ["# 2024 targets against outcomes", "| Beijing | GDP growth |"]),
    ("html", "en", ["<svg", "Beijing", "<html lang=\"en\">"]),
    ("csv", "zh", ["year,region,region_name,region_name_en,indicator", "2024,beijing,北京,Beijing,gdp_growth"]),
])
def test_formats(tw, fmt: str, lang: str, words: list[str]) -> None:  # noqa: ANN001
    code, out, err = tw("scoreboard", "2024", "--format", fmt, "--lang", lang)
    assert code == 0, err
    for w in words:
        assert w in out, w


def test_moves(tw) -> None:  # noqa: ANN001
    code, out, _ = tw("scoreboard", "2025", "--check", "target_vs_target", "--format", "csv")
    assert code == 0
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert (row["region"], row["verdict"], row["previous"], row["current"]) == ("beijing", "unchanged", "5%左右",
                                                                                "5%左右")


@pytest.mark.parametrize("argv,words", [
    (["scoreboard", "2030"], ["no 2030 scoreboard", "years with both: 2024"]),
    (["scoreboard", "2024", "--indicator", "gdp"], ["unknown indicator gdp", "gdp_growth"]),
    (["scoreboard", "2024", "--region", "guangdong"], ["guangdong: not in the archive", "archived regions: beijing, national"]),
    (["scoreboard", "2024", "--region", "atlantis"], ["unknown region 'atlantis'"]),
    (["scoreboard", "2024", "--region", "national"], ["none of the chosen regions", "no year has both"]),
])
def test_bad_requests_are_one_line_exit_2(tw, argv: list[str], words: list[str]) -> None:  # noqa: ANN001
    code, out, err = tw(*argv)
    assert code == 2 and not out
    assert err.startswith("targetwatch: error: ") and err.count("\n") == 1
    for w in words:
        assert w in err, err


def test_help_lists_the_command(capsys) -> None:  # noqa: ANN001
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "scoreboard" in capsys.readouterr().out


def test_the_archive_knows_which_years_have_a_board(archive_url: str, tmp_path: Path) -> None:
    from targetwatch.archive import Archive

    arc = Archive(archive_url)
    try:
        for region, year in (("beijing", 2024), ("beijing", 2025), ("national", 2025)):
            arc.add_document(report_bytes(region, year), region=region, year=year)
        assert arc.scoreboard_years() == [2024]
        assert arc.scoreboard_years("target_vs_target") == [2025]
        assert arc.report_index() == {"beijing": [2024, 2025], "national": [2025]}
    finally:
        arc.close()
