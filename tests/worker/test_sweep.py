"""The sweep derives its work from the archive: what is archived but not compared or not digested.

Reports here are archived the way a fetch redelivered after a broker outage leaves them:
in the archive, with no compare or digest task ever queued for them.
"""
from __future__ import annotations

from tests.worker.conftest import import_samples
from targetwatch.worker.steps import sweep, uncompared


def test_a_report_archived_without_its_compare_is_compared_and_digested_by_the_sweep(archive) -> None:  # noqa: ANN001
    archive.subscribe("analyst@example.org", ["national"])
    import_samples(archive, "national-2023", "national-2024", "national-2025")
    assert uncompared(archive) == [("national", 2024), ("national", 2025)]
    first = sweep(archive)
    assert first.compared == (("national", 2024), ("national", 2025))
    assert first.queued == 1
    assert archive.comparison("national", 2025) is not None
    [d] = archive.deliveries()
    assert [r["year"] for r in d.payload["reports"]] == [2023, 2024, 2025]


def test_a_second_sweep_finds_nothing_to_do(archive) -> None:  # noqa: ANN001
    archive.subscribe("analyst@example.org", ["national"])
    import_samples(archive, "national-2024", "national-2025")
    sweep(archive)
    again = sweep(archive)
    assert again.compared == () and again.queued == 0
    assert len(archive.deliveries()) == 1
    assert uncompared(archive) == []


def test_a_report_archived_later_is_compared_by_the_next_sweep(archive) -> None:  # noqa: ANN001
    import_samples(archive, "national-2025")
    assert sweep(archive).compared == ()
    import_samples(archive, "national-2024")  # last year's, archived late
    assert sweep(archive).compared == (("national", 2025),)
