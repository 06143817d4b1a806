"""The archive is never silently wrong: non-reports refused, summaries and incomplete reports
kept out of the way, corrections that delete nothing and are recorded.

The texts are written for these tests (made-up figures in the shapes of each genre).
"""
from __future__ import annotations

import getpass
from pathlib import Path

import pytest

from targetwatch.archive import Archive, CorrectionRefused, DocumentRejected, NotFound
from tests.archive.conftest import fact, report_bytes, sheet_parser
from tests.archive.test_cli import one_line_error, tw  # noqa: F401 - the fixture

COMMUNIQUE = ("某某省2030年国民经济和社会发展统计公报\n某某省统计局\n"
              "初步核算，全年全省地区生产总值50000亿元，比上年增长5.1%。\n").encode()
SUMMARY = ("北京市政府工作报告要点：2025年经济增长目标5%左右\n1月14日，北京市第十六届人民代表大会第三次会议开幕，"
           "市长作政府工作报告。报告提出，2025年地区生产总值增长5%左右。\n").encode()
TARGETS = (fact(period=2025), fact("cpi", value=2.0, text="居民消费价格涨幅2%左右"))


def test_a_non_report_is_refused_and_nothing_is_stored(archive: Archive) -> None:
    with pytest.raises(DocumentRejected, match="does not look like a government work report: .*统计公报"):
        archive.add_document(COMMUNIQUE, region="guangdong", year=2025)
    assert archive.all_documents() == []
    with pytest.raises(DocumentRejected, match="not in Chinese"):
        archive.add_document(b"Annual results: revenue rose 8 percent. " * 20, region="guangdong", year=2025)
    forced = archive.add_document(COMMUNIQUE, region="guangdong", year=2025, force=True)
    assert forced.document.forced and forced.document.genre == "not_report"
    assert any("--force" in w for w in forced.warnings)


def test_a_report_is_not_filed_under_a_year_its_own_text_contradicts(archive: Archive) -> None:
    # saved as 2024.txt, or listed under 2024, but its title and review say 2025
    with pytest.raises(DocumentRejected, match="is not the report of the year given: .*report of 2025.*not of 2024"):
        archive.add_document(report_bytes("beijing", 2025), region="beijing", year=2024)
    assert archive.all_documents() == []
    assert archive.add_document(report_bytes("beijing", 2025), region="beijing", year=2025).document.report_year == 2025
    # whoever knows better (the text is wrong) says so, and is obeyed
    forced = archive.add_document(report_bytes("shanghai", 2025), region="shanghai", year=2024, force=True)
    assert forced.document.report_year == 2024


def test_the_cli_says_which_sentence_names_the_other_year(tw, tmp_path: Path) -> None:  # noqa: ANN001, F811
    path = tmp_path / "2024.txt"
    path.write_bytes(report_bytes("beijing", 2025))
    one_line_error(tw("archive", "add", str(path), "-r", "beijing", "-y", "2024"), 2,
                   "reads as the report of 2025", "leave out --year")
    code, out, _ = tw("archive", "add", str(path), "-r", "beijing")
    assert code == 0 and "beijing 2025" in out
    code, out, err = tw("parse", str(path), "-r", "beijing", "-y", "2024")
    assert code == 0 and "warning" in err and "report of 2025" in err and "parsed as 2024" in err


def test_a_summary_or_an_incomplete_report_never_replaces_the_full_one(archive: Archive) -> None:
    full = archive.add_document(report_bytes("beijing", 2025), region="beijing", year=2025,
                                parser=sheet_parser(*TARGETS))
    summary = archive.add_document(SUMMARY, region="beijing", year=2025, parser=sheet_parser(TARGETS[0]))
    assert summary.document.genre == "summary" and not summary.current and summary.warnings
    empty = archive.add_document(report_bytes("beijing", 2025, "（网页改版，目标部分丢失）"), region="beijing",
                                 year=2025, parser=sheet_parser(fact(kind="outcome", period=2024)))
    assert empty.document.incomplete and not empty.current
    assert any("no targets" in w for w in empty.warnings)
    assert archive.current_fact_set_id("beijing", 2025) == full.fact_set_id
    [row] = archive.summary("beijing")
    assert row.document_id == full.document.id and row.marks == ()
    # alone in its year, a summary stands for it, marked as such
    alone = archive.add_document(SUMMARY, region="beijing", year=2024, parser=sheet_parser(TARGETS[0]))
    assert alone.current and [r.marks for r in archive.summary("beijing") if r.report_year == 2024] == [("summary",)]


def test_withdraw_restore_and_relabel_keep_everything_and_record_who(archive: Archive) -> None:
    wrong = archive.add_document(report_bytes("national", 2020), region="national", year=2019,
                                 parser=sheet_parser(fact(period=2019)))
    real = archive.add_document(report_bytes("national", 2018), region="national", year=2018,
                                parser=sheet_parser(fact(period=2018)))
    doc_id = wrong.document.id
    archive.withdraw(doc_id, "filed under 2019 by mistake")
    assert archive.years("national") == [2018] and archive.factsheet("national", 2019) is None
    assert [s.report_year for s in archive.factsheets("national")] == [2018]
    assert archive.raw(doc_id) == report_bytes("national", 2020)  # nothing deleted
    assert [d.id for d in archive.documents()] == [real.document.id]
    assert archive.all_documents()[-1].withdrawn_why == "filed under 2019 by mistake"
    with pytest.raises(CorrectionRefused):
        archive.withdraw(doc_id)
    archive.restore(doc_id)
    assert archive.years("national") == [2018, 2019]
    with pytest.raises(CorrectionRefused):
        archive.restore(doc_id)
    old, new = archive.relabel(doc_id, "national", 2020, "its heading is 2019年和今年以来工作回顾")
    assert old.withdrawn and new.report_year == 2020 and new.id != doc_id
    assert archive.years("national") == [2018, 2020]
    assert archive.raw(new.id) == archive.raw(doc_id)
    fixes = archive.corrections(doc_id)
    assert [c.action for c in fixes] == ["withdraw", "restore", "relabel"]
    assert {c.who for c in fixes} == {getpass.getuser()}
    assert fixes[-1].new_document_id == new.id and fixes[-1].why.startswith("its heading")
    with pytest.raises(CorrectionRefused):
        archive.relabel(new.id, "national", 2020)
    with pytest.raises(NotFound):
        archive.withdraw(9999)


def test_a_relabel_undone_brings_the_report_back(archive: Archive) -> None:
    first = archive.add_document(report_bytes("national", 2019), region="national", year=2019,
                                 parser=sheet_parser(fact(period=2019)))
    with pytest.raises(CorrectionRefused, match="is not the report of the year given: .*report of 2019"):
        archive.relabel(first.document.id, "national", 2020, "looked like 2020")  # its own title says 2019
    assert archive.years("national") == [2019] and archive.corrections() == []
    _, moved = archive.relabel(first.document.id, "national", 2020, "looked like 2020", force=True)
    assert archive.years("national") == [2020]
    back_old, back = archive.relabel(moved.id, "national", 2019, "it was 2019 after all")
    assert back.id == first.document.id and not back.withdrawn and back_old.withdrawn
    assert archive.years("national") == [2019]
    assert archive.factsheet("national", 2019) is not None
    assert [c.action for c in archive.corrections(first.document.id)] == ["relabel", "restore"]
    assert "relabelled onto it: it was 2019 after all" in archive.corrections(first.document.id)[-1].why


def test_the_cli_refuses_with_one_line_and_corrects(tw, tmp_path: Path) -> None:  # noqa: ANN001, F811
    comm = tmp_path / "communique.txt"
    comm.write_bytes(COMMUNIQUE)
    one_line_error(tw("archive", "add", str(comm), "-r", "guangdong", "-y", "2025"), 2,
                   "does not look like a government work report", "--force")
    code, out, err = tw("archive", "list")
    assert "empty" in out
    code, out, err = tw("archive", "add", str(comm), "-r", "guangdong", "-y", "2025", "--force")
    assert code == 0 and "forced" in out and "warning" in err
    doc = out.split("document ")[1].split(":")[0]
    code, out, _ = tw("archive", "withdraw", doc, "--why", "a communiqué")
    assert code == 0 and "withdrew" in out
    one_line_error(tw("archive", "withdraw", doc), 2, "already withdrawn")
    code, out, _ = tw("archive", "list", "--all")
    assert "withdrawn" in out and "a communiqué" in out and getpass.getuser() in out
    code, out, _ = tw("archive", "list")
    assert "guangdong" not in out
    one_line_error(tw("archive", "relabel", "77", "-r", "beijing", "-y", "2024"), 2, "no document 77")


def test_the_cli_refuses_a_relabel_to_a_year_the_text_contradicts(tw, tmp_path: Path) -> None:  # noqa: ANN001, F811
    path = tmp_path / "2025.txt"
    path.write_bytes(report_bytes("beijing", 2025))
    code, out, _ = tw("archive", "add", str(path), "-r", "beijing", "-y", "2025")
    doc = out.split("document ")[1].split(":")[0].split()[0]
    one_line_error(tw("archive", "relabel", doc, "-r", "beijing", "-y", "2024"), 2,
                   "reads as the report of 2025", "--force")
    code, out, _ = tw("archive", "list")
    assert "2025" in out and "2024" not in out
    code, out, _ = tw("archive", "relabel", doc, "-r", "beijing", "-y", "2024", "--force", "--why", "the text is wrong")
    assert code == 0 and "as beijing 2024" in out


def test_documents_from_the_first_schema_are_reports_in_use_and_can_be_corrected(archive_url: str) -> None:
    from tests.archive.test_migrations import _fill_first_schema

    _fill_first_schema(archive_url)
    with Archive(archive_url) as arc:  # migrated through 0004_corrections on open
        [doc] = arc.all_documents()
        assert (doc.genre, doc.forced, doc.sample, doc.incomplete, doc.withdrawn) == (None, False, False, False, False)
        assert arc.factsheet("beijing", 2024) is not None
        arc.withdraw(doc.id, "test")
        assert arc.factsheet("beijing", 2024) is None and arc.corrections()[0].action == "withdraw"


def test_a_digest_never_calls_a_report_the_first_when_earlier_years_are_archived(archive: Archive) -> None:
    from targetwatch.templates.digest import DigestRenderer

    first = archive.add_document(report_bytes("guangdong", 2024), region="guangdong", year=2024,
                                 parser=sheet_parser(fact(period=2024)))
    later = archive.add_document(report_bytes("guangdong", 2026), region="guangdong", year=2026,
                                 parser=sheet_parser(fact(period=2026)))
    renderer = DigestRenderer(archive)
    s_first = renderer.section("guangdong", 2024, first.document.id)
    s_later = renderer.section("guangdong", 2026, later.document.id)
    assert "第一份报告" in s_first.text and "first archived year" in s_first.headlines()[0]
    assert "第一份报告" not in s_later.text and "第一份报告" not in s_later.html
    assert "没有2025年报告可比" in s_later.text and "2024" in s_later.headlines()[0]


def test_a_withdrawn_document_is_out_of_the_scoreboard(archive: Archive) -> None:
    a = archive.add_document(report_bytes("hebei", 2025), region="hebei", year=2025, parser=sheet_parser(*TARGETS))
    archive.add_document(report_bytes("hebei", 2024), region="hebei", year=2024, parser=sheet_parser(fact(period=2024)))
    assert archive.report_index() == {"hebei": [2024, 2025]}
    archive.withdraw(a.document.id, "test")
    assert archive.report_index() == {"hebei": [2024]}
    assert [s.report_year for s in archive.sheets_of_years([2024, 2025])["hebei"]] == [2024]
