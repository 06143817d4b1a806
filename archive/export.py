"""The research panel: every current fact, or every verdict, as CSV, JSON or a SQLite file.

Researchers build region × year × indicator panels, so a record must stand on its own:
region and indicator names in Chinese and English beside the ids, the value in the
indicator's one canonical unit across regions (grain is reported in 斤, 吨 and 公斤; the
original value and unit are kept next to it), and a source URL only when it is a real web
address (a local file:// path says nothing to anyone else and names the exporter's disk).

CSV and JSON have the same columns, so `pandas.read_csv` and `pandas.read_json` give the
same frame. The SQLite file holds the panel only (facts, verdicts, regions, indicators),
never subscribers, tokens, deliveries or the outbox, and comes with a Datasette metadata
file (`datasette panel.db -m panel.metadata.json`); Datasette itself is not a dependency.
"""
from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from targetwatch.diffing.catalog import CATALOG, indicator_name_en, lookup
from targetwatch.diffing.compare import ComparisonError, compare_sheets
from targetwatch.diffing.fmt import indicator_name
from targetwatch.diffing.match import convert
from targetwatch.diffing.model import Fact, FactSheet
from targetwatch.diffing.regions import REGIONS, region_name, region_name_en

FACT_COLUMNS: tuple[str, ...] = (
    "region", "region_name", "region_name_en", "report_year", "indicator", "indicator_name", "indicator_name_en",
    "headline", "kind", "period", "period_start", "comparator", "value", "low", "high", "unit",
    "canonical_value", "canonical_low", "canonical_high", "canonical_unit", "label", "text", "span_start",
    "span_end", "section", "source_url", "extractor_version", "document_id", "document_version", "alternate",
    "content_hash", "fetched_at", "fact_set_id", "ordinal",
)
COLUMNS = FACT_COLUMNS  # the name earlier callers used

VERDICT_COLUMNS: tuple[str, ...] = (
    "region", "region_name", "region_name_en", "year", "previous_year", "check", "indicator", "indicator_name",
    "indicator_name_en", "headline", "period", "verdict", "margin", "margin_unit", "within_tolerance", "change",
    "change_unit", "older_comparator", "older_value", "older_low", "older_high", "older_unit", "older_text",
    "newer_comparator", "newer_value", "newer_low", "newer_high", "newer_unit", "newer_text", "canonical_unit",
    "older_canonical_value", "newer_canonical_value", "match_method", "match_score", "note", "extractor_version",
)

COLUMN_NOTES: dict[str, str] = {
    "region": "Region id (pinyin slug, e.g. guangdong; national for the State Council)",
    "region_name": "Region name in Chinese (short form, e.g. 广东)",
    "region_name_en": "Region name in English",
    "report_year": "Year of the government work report the fact was read from",
    "year": "Year of the newer report of the compared pair",
    "previous_year": "Year of the older report of the compared pair",
    "indicator": "Catalog indicator id (gdp_growth, cpi, …), or task:<phrase> for other quantified commitments",
    "indicator_name": "Indicator name in Chinese (the catalog's, or the report's words for a task)",
    "indicator_name_en": "Indicator name in English (tasks keep their Chinese words)",
    "headline": "1 for a catalog indicator, 0 for a task: fact",
    "kind": "target (set by the report for its year) or outcome (reported for an earlier year)",
    "period": "Year the figure is about",
    "period_start": "First year of a multi-year figure (五年年均, 累计); empty for one year",
    "comparator": "about (左右), at_least (以上), at_most (以内), range, exact, qualitative or none",
    "value": "The figure in base units of `unit` (percent, yuan, people, 斤…) as the report states it",
    "low": "Lower bound of a range", "high": "Upper bound of a range",
    "unit": "Unit as the report states it",
    "canonical_value": "value in canonical_unit, the same unit for this indicator across all regions",
    "canonical_low": "low in canonical_unit", "canonical_high": "high in canonical_unit",
    "canonical_unit": "The indicator's one unit across regions (grain in 斤); a task keeps its own unit",
    "label": "The subject phrase the figure was read with",
    "text": "The report's own words for the figure",
    "span_start": "Character offset where text starts in the report", "span_end": "Offset where it ends",
    "section": "Part of the report the figure stands in",
    "source_url": "Web address the report was fetched from (empty when it was read from a local file)",
    "extractor_version": "Version of the parser that read the fact",
    "document_id": "Archive id of the report document", "document_version": "Version of that document",
    "alternate": "1 for a second copy from another source", "content_hash": "SHA-256 of the document bytes",
    "fetched_at": "When the document was fetched (UTC)", "fact_set_id": "Archive id of the parse",
    "ordinal": "Position of the fact within its parse",
    "check": "target_vs_outcome (was the older report's target met?), target_vs_target (how the target moved) "
             "or target_vs_last_outcome (this year's target against last year's actual)",
    "verdict": "met, missed, not_reported, not_comparable; raised, lowered, unchanged, reworded, new, dropped; "
               "above, below, equal",
    "margin": "target_vs_outcome: how much better than the target (positive = better), in margin_unit",
    "margin_unit": "pp (percentage points) for rates, else the target's unit",
    "within_tolerance": "1 when an 'about' (左右) target counts as met only within the documented tolerance",
    "change": "target_vs_target and target_vs_last_outcome: newer minus older, in change_unit",
    "change_unit": "pp for rates, else the unit",
    "older_comparator": "The older figure (the target for target_vs_outcome, the previous target for "
                        "target_vs_target, last year's outcome for target_vs_last_outcome): its comparator",
    "newer_comparator": "The newer figure (the outcome, the current target, this year's target): its comparator",
    "older_value": "Older figure's value", "older_low": "Older figure's range low",
    "older_high": "Older figure's range high", "older_unit": "Older figure's unit",
    "older_text": "Older figure in the report's words", "newer_value": "Newer figure's value",
    "newer_low": "Newer figure's range low", "newer_high": "Newer figure's range high",
    "newer_unit": "Newer figure's unit", "newer_text": "Newer figure in the report's words",
    "older_canonical_value": "Older value in canonical_unit", "newer_canonical_value": "Newer value in canonical_unit",
    "match_method": "How the two figures were paired: exact (same id) or similar (task wording)",
    "match_score": "Similarity of the wording (1 for exact)", "note": "Why a verdict is what it is (Chinese)",
}


# --- facts -----------------------------------------------------------------------------------

def canonical_unit(indicator: str, unit: str | None) -> str | None:
    """The unit every region's figure of this indicator is given in: the catalog's, when the
    fact's own unit converts to it (斤/吨/公斤 for grain), else the fact's own unit."""
    ind = lookup(indicator)
    if ind is not None and unit is not None and convert(1.0, unit, ind.unit) is not None:
        return ind.unit
    return unit


def in_canonical(value: float | None, unit: str | None, to: str | None) -> float | None:
    if value is None:
        return None
    out = convert(value, unit, to)
    return None if out is None else float(f"{out:.12g}")


def web_url(url: str | None) -> str | None:
    """A source address worth sharing: http(s) only, never a file:// path of the exporter's disk."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def panel_fact(raw: dict[str, Any]) -> dict[str, Any]:
    """One row of FactStore.export_rows, as a panel record (names, canonical unit, clean URL)."""
    ind, unit = raw["indicator"], raw.get("unit")
    cu = canonical_unit(ind, unit)
    region = raw["region"]
    fact_name = indicator_name(ind, None, region) if not ind.startswith("task:") else (raw.get("label") or
                                                                                      ind.removeprefix("task:"))
    out = dict(raw)
    out.update(
        region_name=region_name(region), region_name_en=region_name_en(region),
        indicator_name=fact_name, indicator_name_en=(indicator_name_en(ind) if not ind.startswith("task:")
                                                     else fact_name),
        headline=not ind.startswith("task:"), canonical_unit=cu,
        canonical_value=in_canonical(raw.get("value"), unit, cu), canonical_low=in_canonical(raw.get("low"), unit, cu),
        canonical_high=in_canonical(raw.get("high"), unit, cu), source_url=web_url(raw.get("source_url")),
    )
    return out


def panel_facts(rows: Iterable[dict[str, Any]], *, headline_only: bool = False) -> Iterator[dict[str, Any]]:
    for raw in rows:
        if headline_only and raw["indicator"].startswith("task:"):
            continue
        yield panel_fact(raw)


# --- verdicts --------------------------------------------------------------------------------

@dataclass
class VerdictRun:
    """Which consecutive pairs could not be compared, and why: an export says so, not silently."""

    pairs: int = 0
    skipped: list[tuple[str, int, str]] = field(default_factory=list)


def _side(prefix: str, f: Fact | None) -> dict[str, Any]:
    if f is None:
        return {f"{prefix}_{k}": None for k in ("comparator", "value", "low", "high", "unit", "text")}
    return {f"{prefix}_comparator": f.comparator, f"{prefix}_value": f.value, f"{prefix}_low": f.low,
            f"{prefix}_high": f.high, f"{prefix}_unit": f.unit, f"{prefix}_text": f.text}


def verdict_records(sheets: Iterable[FactSheet], *, headline_only: bool = False,
                    run: VerdictRun | None = None) -> Iterator[dict[str, Any]]:
    """One record per comparison row of every pair of consecutive archived years of each region.

    `sheets` may come in any order; pairs are formed per region. A pair the comparison
    refuses (a report with no main targets) is noted in `run.skipped`.
    """
    run = run if run is not None else VerdictRun()
    by_region: dict[str, dict[int, FactSheet]] = {}
    for s in sheets:
        by_region.setdefault(s.region, {})[s.report_year] = s
    for region in sorted(by_region):
        years = by_region[region]
        for y in sorted(years):
            if y - 1 not in years:
                continue
            old, new = years[y - 1], years[y]
            if headline_only:
                old, new = (FactSheet(s.region, s.report_year, s.extractor_version,
                                      tuple(f for f in s.facts if not f.is_task), s.title) for s in (old, new))
            try:
                comparison = compare_sheets(old, new)
            except ComparisonError as exc:
                run.skipped.append((region, y, str(exc)))
                continue
            run.pairs += 1
            for r in comparison.rows:
                if headline_only and r.indicator.startswith("task:"):
                    continue
                older, newer = r.sides
                subject = r.subject
                cu = canonical_unit(r.indicator, subject.unit if subject else None)
                task = r.indicator.startswith("task:")
                name = indicator_name(r.indicator, subject, region)
                rec = {"region": region, "region_name": region_name(region), "region_name_en": region_name_en(region),
                       "year": y, "previous_year": y - 1, "check": r.check, "indicator": r.indicator,
                       "indicator_name": name, "indicator_name_en": name if task else indicator_name_en(r.indicator),
                       "headline": not task, "period": r.period, "verdict": r.verdict, "margin": r.margin,
                       "margin_unit": r.margin_unit,
                       "within_tolerance": r.within_tolerance if r.check == "target_vs_outcome" else None,
                       "change": r.change, "change_unit": r.change_unit,
                       **_side("older", older), **_side("newer", newer), "canonical_unit": cu,
                       "older_canonical_value": in_canonical(older.value, older.unit, cu) if older else None,
                       "newer_canonical_value": in_canonical(newer.value, newer.unit, cu) if newer else None,
                       "match_method": r.match.method if r.match else None,
                       "match_score": r.match.score if r.match else None, "note": r.note,
                       "extractor_version": new.extractor_version}
                yield rec


# --- from the archive ---------------------------------------------------------------------

def archive_facts(archive: Any, region: str | None = None, *, headline_only: bool = False,
                  all_documents: bool = False) -> Iterator[dict[str, Any]]:
    """The fact panel of an Archive (streamed), as `archive export` writes it."""
    return panel_facts(archive.export_rows(region, all_documents=all_documents), headline_only=headline_only)


def archive_verdicts(archive: Any, region: str | None = None, *, headline_only: bool = False,
                     run: VerdictRun | None = None) -> Iterator[dict[str, Any]]:
    """The verdict panel of an Archive: region by region, so memory holds one region's reports."""
    regions = [region] if region else archive.regions()
    sheets = (s for r in regions for s in archive.factsheets(r))
    return verdict_records(sheets, headline_only=headline_only, run=run)


# --- writers ---------------------------------------------------------------------------------

def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO, columns: tuple[str, ...] = FACT_COLUMNS) -> int:
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
        n += 1
    return n


def write_json(rows: Iterable[dict[str, Any]], out: TextIO, columns: tuple[str, ...] = FACT_COLUMNS) -> int:
    """A JSON array written record by record, so an export of the whole archive streams."""
    n = 0
    out.write("[")
    for row in rows:
        out.write("\n " if n == 0 else ",\n ")
        out.write(json.dumps({k: row.get(k) for k in columns}, ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


WRITERS: dict[str, Callable[..., int]] = {"csv": write_csv, "json": write_json}

_INTEGER = {"report_year", "year", "previous_year", "period", "period_start", "span_start", "span_end",
            "document_id", "document_version", "fact_set_id", "ordinal", "headline", "alternate", "within_tolerance"}
_REAL = {"value", "low", "high", "canonical_value", "canonical_low", "canonical_high", "margin", "change",
         "older_value", "older_low", "older_high", "newer_value", "newer_low", "newer_high",
         "older_canonical_value", "newer_canonical_value", "match_score"}


def _sql_type(column: str) -> str:
    return "INTEGER" if column in _INTEGER else ("REAL" if column in _REAL else "TEXT")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(db: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: Iterable[dict[str, Any]],
            indexes: Iterable[tuple[str, ...]]) -> int:
    db.execute(f"CREATE TABLE {_q(table)} ({', '.join(f'{_q(c)} {_sql_type(c)}' for c in columns)})")
    sql = f"INSERT INTO {_q(table)} VALUES ({', '.join('?' for _ in columns)})"
    n = 0
    batch: list[tuple] = []
    for row in rows:
        batch.append(tuple(int(v) if isinstance(v, bool) else v for v in (row.get(c) for c in columns)))
        if len(batch) >= 2000:
            db.executemany(sql, batch)
            n += len(batch)
            batch = []
    db.executemany(sql, batch)
    n += len(batch)
    for cols in indexes:
        db.execute(f"CREATE INDEX {_q('ix_' + table + '_' + '_'.join(cols))} ON {_q(table)} "
                   f"({', '.join(map(_q, cols))})")
    return n


def metadata_path(db_path: Path) -> Path:
    """panel.db -> panel.metadata.json, beside it."""
    return db_path.with_name(db_path.stem + ".metadata.json")


def write_sqlite(path: Path, facts: Iterable[dict[str, Any]] | None,
                 verdicts: Iterable[dict[str, Any]] | None) -> dict[str, int]:
    """Write the panel to a new SQLite file at `path` (replacing it only once complete) and its
    Datasette metadata beside it. Returns row counts per table."""
    tmp = path.with_name(path.name + ".part")
    if tmp.exists():
        tmp.unlink()
    counts: dict[str, int] = {}
    db = sqlite3.connect(tmp)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        counts["regions"] = _create(db, "regions", ("id", "name", "short_name", "name_en", "level"),
                                    ({"id": r.id, "name": r.name, "short_name": r.short, "name_en": r.name_en,
                                      "level": r.level} for r in REGIONS), [])
        counts["indicators"] = _create(db, "indicators", ("id", "name", "name_en", "unit", "better"),
                                       ({"id": i.id, "name": i.name, "name_en": i.name_en, "unit": i.unit,
                                         "better": i.better} for i in CATALOG), [])
        if facts is not None:
            counts["facts"] = _create(db, "facts", FACT_COLUMNS, facts,
                                      [("region",), ("report_year",), ("indicator",), ("region", "report_year"),
                                       ("indicator", "kind", "period")])
        if verdicts is not None:
            counts["verdicts"] = _create(db, "verdicts", VERDICT_COLUMNS, verdicts,
                                         [("region",), ("year",), ("indicator",), ("check", "verdict"),
                                          ("indicator", "check", "period")])
        db.commit()
    finally:
        db.close()
    os.replace(tmp, path)
    meta = metadata_path(path)
    meta_tmp = meta.with_name(meta.name + ".part")
    meta_tmp.write_text(json.dumps(datasette_metadata(path.stem, counts), ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
    os.replace(meta_tmp, meta)
    return counts


def datasette_metadata(database: str, counts: dict[str, int]) -> dict[str, Any]:
    """Title, source, licence note, column descriptions and canned queries for Datasette."""
    def described(columns: tuple[str, ...]) -> dict[str, str]:
        return {c: COLUMN_NOTES[c] for c in columns if c in COLUMN_NOTES}

    tables: dict[str, Any] = {
        "regions": {"description": "Region ids with their Chinese and English names"},
        "indicators": {"description": "The indicator catalog: ids, names, canonical unit and which way is better"},
    }
    queries: dict[str, Any] = {}
    if "facts" in counts:
        tables["facts"] = {"description": "One row per current fact (target or outcome) of every archived report",
                           "columns": described(FACT_COLUMNS)}
        queries["region_targets"] = {
            "title": "One region's targets for a year",
            "description": "The targets a region's report of :year sets for :year (region id, e.g. guangdong)",
            "sql": ("select indicator, indicator_name, indicator_name_en, comparator, value, low, high, unit, "
                    "canonical_value, canonical_unit, text, source_url from facts where region = :region and "
                    "report_year = cast(:year as integer) and kind = 'target' and period = cast(:year as integer) "
                    "order by headline desc, ordinal"),
        }
    if "verdicts" in counts:
        tables["verdicts"] = {"description": "One row per comparison row of every pair of consecutive archived years",
                              "columns": described(VERDICT_COLUMNS)}
        queries["targets_vs_outcomes"] = {
            "title": "Targets against outcomes of one indicator",
            "description": "Every region's target and outcome of :indicator (e.g. gdp_growth), missed first",
            "sql": ("select period as year, region, region_name, region_name_en, older_text as target, "
                    "newer_text as outcome, older_value as target_value, newer_value as outcome_value, verdict, "
                    "margin, margin_unit, within_tolerance from verdicts where \"check\" = 'target_vs_outcome' and "
                    "indicator = :indicator order by period desc, verdict = 'missed' desc, margin"),
        }
        queries["missed_by_year"] = {
            "title": "Missed targets by year",
            "description": "How many regions missed each headline target, year by year, and which",
            "sql": ("select period as year, indicator, min(indicator_name_en) as name, count(*) as missed, "
                    "group_concat(region_name_en, ', ') as regions "
                    "from verdicts where \"check\" = 'target_vs_outcome' and verdict = 'missed' and headline = 1 "
                    "group by period, indicator order by period desc, missed desc"),
        }
    return {
        "title": "targetwatch panel: targets and outcomes of Chinese government work reports",
        "description": ("Figures read from the government work reports (政府工作报告) of the State Council and "
                        "the provinces: each year's targets, the outcomes the next report states, and the verdicts "
                        "(met, missed, raised, lowered). Every row quotes the report's own words."),
        "source": "Government work reports (政府工作报告) as archived by targetwatch",
        "license": "Licence note: the reports are official documents of the governments that published them; "
                   "quote them with attribution. This derived panel carries no further restriction.",
        "databases": {database: {"tables": tables, "queries": queries}},
    }
