"""Documents, versions, texts and facts: added once, never overwritten, read back intact."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from targetwatch.archive import Archive, DocumentRejected
from targetwatch.archive.models import Document, DocumentText, FactRow, FactSet
from targetwatch.diffing.errors import ParseError
from targetwatch.diffing.model import FactSheet
from tests.archive.conftest import fact, report_bytes, sheet_parser

FACTS = (fact(), fact("cpi", value=2.0, comparator="at_most", text="涨幅2%左右", span=(10, 16)),
         fact("task:新增中小学学位", kind="outcome", period=2024, value=20000.0, comparator="exact", unit="个",
              text="新增中小学学位2万个", span=(20, 30), low=None, high=None, period_start=None, section="review"))


def counts(archive: Archive) -> dict[str, int]:
    with archive._read() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                for m in (Document, DocumentText, FactSet, FactRow)}


def test_add_stores_bytes_text_and_facts_and_reads_them_back(archive: Archive) -> None:
    data = report_bytes("beijing", 2025)
    result = archive.add_document(data, region="beijing", year=2025, source_url="https://example.gov.cn/r.html",
                                  etag='"abc"', last_modified="Wed, 05 Mar 2025 01:00:00 GMT",
                                  content_type="text/plain; charset=utf-8", parser=sheet_parser(*FACTS))
    assert result.created and result.fact_count == 3
    doc = result.document
    assert (doc.region, doc.report_year, doc.version, doc.alternate) == ("beijing", 2025, 1, False)
    assert doc.etag == '"abc"' and doc.last_modified.startswith("Wed") and doc.size == len(data)
    assert archive.raw(doc.id) == data
    assert "地区生产总值增长5%左右" in archive.text(doc.id)
    sheet = archive.factsheet("beijing", 2025)
    assert isinstance(sheet, FactSheet)
    assert sheet.facts == FACTS and sheet.extractor_version == "test-1"
    assert archive.years("beijing") == [2025]
    assert archive.regions() == ["beijing"]
    assert archive.known_urls() == {"https://example.gov.cn/r.html"}
    assert archive.factsheet("beijing", 2024) is None and archive.factsheet("shanghai", 2025) is None


def test_same_bytes_twice_is_a_no_op_without_parsing(archive: Archive) -> None:
    data = report_bytes("beijing", 2025)
    first = archive.add_document(data, region="beijing", year=2025, parser=sheet_parser(*FACTS))

    def must_not_parse(text: str, region=None, year=None):  # noqa: ANN001, ANN202
        raise AssertionError("an archived document was parsed again")

    again = archive.add_document(data, region="beijing", year=2025, parser=must_not_parse)
    assert not again.created and again.document.id == first.document.id
    assert counts(archive) == {"documents": 1, "document_texts": 1, "fact_sets": 1, "facts": 3}


def test_a_changed_document_is_a_new_version_and_the_old_one_stays(archive: Archive) -> None:
    v1 = archive.add_document(report_bytes("beijing", 2025), region="beijing", year=2025,
                              parser=sheet_parser(FACTS[0]))
    v2 = archive.add_document(report_bytes("beijing", 2025, "（修订）"), region="beijing", year=2025,
                              parser=sheet_parser(*FACTS))
    assert (v1.document.version, v2.document.version) == (1, 2)
    assert archive.factsheet("beijing", 2025).facts == FACTS  # the newest version is the report
    assert [d.version for d in archive.documents("beijing", 2025)] == [1, 2]
    assert archive.raw(v1.document.id) == report_bytes("beijing", 2025)
    [row] = archive.summary()
    assert (row.versions, row.version, row.fact_count) == (2, 2, 3)


def test_an_alternate_copy_never_replaces_the_primary(archive: Archive) -> None:
    archive.add_document(report_bytes("national", 2017), region="national", year=2017,
                         parser=sheet_parser(FACTS[0]))
    alt = archive.add_document(report_bytes("national", 2017, "wikisource"), region="national", year=2017,
                               alternate=True, parser=sheet_parser(*FACTS))
    assert alt.document.alternate and alt.document.version == 2
    assert archive.factsheet("national", 2017).facts == (FACTS[0],)
    only_alt = archive.add_document(report_bytes("national", 2016), region="national", year=2016,
                                    alternate=True, parser=sheet_parser(*FACTS))
    assert only_alt.created and archive.factsheet("national", 2016).facts == FACTS  # better than nothing
    [s2016, s2017] = archive.summary("national")
    assert (s2017.versions, s2017.alternates) == (1, 1)
    assert (s2016.versions, s2016.alternates) == (0, 1)


def test_factsheets_are_one_per_year_oldest_first(archive: Archive) -> None:
    for year in (2026, 2024, 2025):
        archive.add_document(report_bytes("shanghai", year), region="shanghai", year=year,
                             parser=sheet_parser(fact(period=year)))
    sheets = archive.factsheets("shanghai")
    assert [s.report_year for s in sheets] == [2024, 2025, 2026]
    assert [s.facts[0].period for s in sheets] == [2024, 2025, 2026]
    assert archive.years("shanghai") == [2024, 2025, 2026]
    assert archive.factsheets("beijing") == []


def test_unreadable_bytes_are_rejected_and_nothing_is_stored(archive: Archive) -> None:
    with pytest.raises(DocumentRejected, match="not a readable document"):
        archive.add_document(b"\x00\x01\x02binary" * 100, region="beijing", year=2025, parser=sheet_parser())
    assert counts(archive) == {"documents": 0, "document_texts": 0, "fact_sets": 0, "facts": 0}


def test_a_parse_error_is_rejected_and_nothing_is_stored(archive: Archive) -> None:
    def refuses(text: str, region=None, year=None):  # noqa: ANN001, ANN202
        raise ParseError("this is a news article, not a work report")

    with pytest.raises(DocumentRejected, match="news article"):
        archive.add_document(report_bytes("beijing", 2025), region="beijing", year=2025, parser=refuses)
    assert counts(archive)["documents"] == 0


@pytest.mark.parametrize("broken", [
    pytest.param(fact("cpi", span=None), id="python-error-after-the-document-row"),  # type: ignore[arg-type]
    pytest.param(fact("cpi", text=None), id="database-error-in-the-fact-rows"),  # type: ignore[arg-type]
])
def test_a_failure_midway_through_writing_leaves_nothing_half_written(archive: Archive, broken) -> None:  # noqa: ANN001
    archive.add_document(report_bytes("beijing", 2024), region="beijing", year=2024, parser=sheet_parser(*FACTS))
    before = counts(archive)
    with pytest.raises(Exception):  # noqa: B017, PT011 - whatever the failure, the point is what is left
        archive.add_document(report_bytes("beijing", 2025), region="beijing", year=2025,
                             parser=sheet_parser(FACTS[0], broken, FACTS[1]))
    assert counts(archive) == before
    assert archive.years("beijing") == [2024]
    ok = archive.add_document(report_bytes("beijing", 2025), region="beijing", year=2025,
                              parser=sheet_parser(*FACTS))
    assert ok.created and ok.document.version == 1


def test_region_and_year_default_to_what_the_parser_infers(archive: Archive) -> None:
    def infers(text: str, region=None, year=None):  # noqa: ANN001, ANN202
        return FactSheet(region=region or "guangdong", report_year=year or 2026, extractor_version="t",
                         facts=(fact(),))

    result = archive.add_document(report_bytes("guangdong", 2026), region=None, year=None, parser=infers)
    assert (result.document.region, result.document.report_year) == ("guangdong", 2026)


def test_bad_keys_are_refused(archive: Archive) -> None:
    with pytest.raises(ValueError, match="region"):
        archive.add_document(b"x", region="Bei jing", year=2025, parser=sheet_parser())
    with pytest.raises(ValueError, match="year"):
        archive.add_document(b"x", region="beijing", year=1800, parser=sheet_parser())


def test_documents_since_a_watermark(archive: Archive) -> None:
    a = archive.add_document(report_bytes("beijing", 2024), region="beijing", year=2024, parser=sheet_parser())
    mark = archive.max_document_id()
    b = archive.add_document(report_bytes("beijing", 2025), region="beijing", year=2025, parser=sheet_parser())
    assert mark == a.document.id
    assert [d.id for d in archive.documents(since_id=mark)] == [b.document.id]
