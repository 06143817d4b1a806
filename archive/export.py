"""Facts with provenance as CSV or JSON, for spreadsheets and pandas.

One flat record per fact, the same columns in both formats, so that
`pandas.read_csv(...)` and `pandas.read_json(...)` give the same frame. Spans are two
integer columns (span_start, span_end) rather than a list, which CSV cannot hold.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

COLUMNS = ("region", "report_year", "document_id", "document_version", "alternate", "content_hash", "source_url",
           "fetched_at", "fact_set_id", "extractor_version", "ordinal", "indicator", "label", "kind", "period",
           "period_start", "comparator", "value", "low", "high", "unit", "text", "span_start", "span_end",
           "section")


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row[k]) for k in COLUMNS})
        n += 1
    return n


def write_json(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """A JSON array written record by record, so an export of the whole archive streams."""
    n = 0
    out.write("[")
    for row in rows:
        out.write("\n " if n == 0 else ",\n ")
        out.write(json.dumps({k: row.get(k) for k in COLUMNS}, ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


WRITERS = {"csv": write_csv, "json": write_json}
