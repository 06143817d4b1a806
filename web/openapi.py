"""The OpenAPI 3.1 document of /api/v1, written out by hand.

3.1's schemas are JSON Schema 2020-12, so the tests validate real responses against the
very schemas published here (tests/web/test_api.py): the document cannot drift from what
the API returns without a test failing. The facts and comparison shapes are the contracts
FACTS.md and COMPARE.md.
"""
from __future__ import annotations

from typing import Any

from importlib.metadata import PackageNotFoundError, version

NUM = {"type": ["number", "null"]}
STR = {"type": ["string", "null"]}
REF = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def _nullable(name: str) -> dict[str, Any]:
    return {"anyOf": [_ref(name), {"type": "null"}]}


SCHEMAS: dict[str, Any] = {
    "Fact": {
        "type": "object",
        "required": ["indicator", "label", "kind", "period", "comparator", "value", "low", "high", "unit", "text",
                     "span"],
        "properties": {
            "indicator": {"type": "string", "minLength": 1},
            "label": {"type": "string"},
            "kind": {"enum": ["target", "outcome"]},
            "period": {"type": "integer"},
            "comparator": {"enum": ["about", "at_least", "at_most", "range", "exact", "qualitative", "none"]},
            "value": NUM, "low": NUM, "high": NUM, "unit": STR,
            "text": {"type": "string", "description": "The report's own sentence, verbatim."},
            "span": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2},
            "period_start": {"type": "integer"},
            "section": {"type": "string"},
        },
    },
    "FactSheet": {
        "type": "object",
        "required": ["region", "report_year", "extractor_version", "facts"],
        "properties": {
            "region": {"type": "string"}, "report_year": {"type": "integer"},
            "extractor_version": {"type": "string"}, "title": {"type": "string"},
            "facts": {"type": "array", "items": _ref("Fact")},
        },
    },
    "Match": {
        "type": ["object", "null"],
        "required": ["method", "score"],
        "properties": {"method": {"type": "string"}, "score": {"type": "number"},
                       "old": {"type": "string"}, "new": {"type": "string"}},
    },
    "ComparisonRow": {
        "type": "object",
        "required": ["check", "indicator", "period", "verdict", "match", "note"],
        "properties": {
            "check": {"enum": ["target_vs_outcome", "target_vs_target", "target_vs_last_outcome"]},
            "indicator": {"type": "string"}, "period": {"type": "integer"}, "verdict": {"type": "string"},
            "target": _nullable("Fact"), "outcome": _nullable("Fact"),
            "previous": _nullable("Fact"), "current": _nullable("Fact"),
            "margin": NUM, "margin_unit": STR, "change": NUM, "change_unit": STR,
            "within_tolerance": {"type": "boolean"}, "direction": STR, "difference": {"type": "number"},
            "match": _ref("Match"), "note": STR,
        },
    },
    "Comparison": {
        "type": "object",
        "required": ["region", "year", "previous_year", "rows", "summary", "about_tolerance",
                     "outcomes_without_target", "multi_year", "extractor_versions"],
        "properties": {
            "region": {"type": "string"}, "year": {"type": "integer"}, "previous_year": {"type": "integer"},
            "rows": {"type": "array", "items": _ref("ComparisonRow")},
            "summary": {"type": "object", "additionalProperties": {
                "type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}},
            "about_tolerance": {"type": "object", "required": ["points", "relative"],
                                "properties": {"points": {"type": "number"}, "relative": {"type": "number"}}},
            "outcomes_without_target": {"type": "array", "items": _ref("Fact")},
            "multi_year": {"type": "array", "items": _ref("Fact")},
            "extractor_versions": {"type": "object", "required": ["old", "new"],
                                   "properties": {"old": {"type": "string"}, "new": {"type": "string"}}},
        },
    },
    "HistoryPoint": {
        "type": "object",
        "required": ["year", "target", "outcome", "verdict", "margin", "margin_unit", "within_tolerance",
                     "target_change", "match", "note"],
        "properties": {
            "year": {"type": "integer"}, "target": _nullable("Fact"), "outcome": _nullable("Fact"),
            "verdict": STR, "margin": NUM, "margin_unit": STR, "within_tolerance": {"type": "boolean"},
            "target_change": {"type": ["object", "null"], "required": ["verdict", "change", "change_unit"],
                              "properties": {"verdict": {"type": "string"}, "change": NUM, "change_unit": STR}},
            "match": _ref("Match"), "note": STR,
        },
    },
    "History": {
        "type": "object",
        "required": ["region", "years", "about_tolerance", "series", "multi_year"],
        "properties": {
            "region": {"type": "string"}, "years": {"type": "array", "items": {"type": "integer"}},
            "about_tolerance": {"type": "object"},
            "series": {"type": "array", "items": {
                "type": "object", "required": ["indicator", "name", "unit", "direction", "points"],
                "properties": {"indicator": {"type": "string"}, "name": {"type": "string"}, "unit": STR,
                               "direction": {"type": "string"},
                               "points": {"type": "array", "items": _ref("HistoryPoint")}}}},
            "multi_year": {"type": "array", "items": _ref("Fact")},
        },
    },
    "RegionSummary": {
        "type": "object",
        "required": ["region", "name", "years", "latest", "links", "headline_targets", "last_year_verdicts",
                     "last_year_task_verdicts", "missed"],
        "properties": {
            "region": {"type": "string"}, "name": {"type": "string"},
            "years": {"type": "array", "items": {"type": "integer"}}, "latest": {"type": "integer"},
            "links": {"type": "object", "additionalProperties": {"type": "string"}},
            "headline_targets": {"type": "array", "items": _ref("Fact")},
            "last_year_verdicts": {"type": "object", "additionalProperties": {"type": "integer"},
                                   "description": "verdict counts of last year's main targets (catalog indicators; "
                                                  "tasks and policy settings left out): the numbers of "
                                                  "`targetwatch compare`'s 主要目标 line"},
            "last_year_task_verdicts": {"type": "object", "additionalProperties": {"type": "integer"},
                                        "description": "verdict counts of last year's tasks found in both reports "
                                                       "and judged (met or missed), apart from the targets'"},
            "missed": {"type": "array", "items": {"type": "string"},
                       "description": "the main targets missed (indicator ids)"},
        },
    },
    "Regions": {
        "type": "object", "required": ["regions"],
        "properties": {"regions": {"type": "array", "items": _ref("RegionSummary")}},
    },
    "Scoreboard": {
        "type": "object",
        "description": "Archive.scoreboard(year).to_dict(): the targets of `year` against the outcomes the "
                       "`year+1` reports give (see README, scoreboard)",
        "required": ["year", "check", "reports", "headline_only", "about_tolerance", "summary", "rows",
                     "regions_compared", "regions_missing", "without_target"],
        "properties": {
            "year": {"type": "integer"}, "check": {"type": "string"},
            "reports": {"type": "object", "required": ["old", "new"],
                        "properties": {"old": {"type": "integer"}, "new": {"type": "integer"}}},
            "headline_only": {"type": "boolean"},
            "about_tolerance": {"type": "object"},
            "summary": {"type": "object", "additionalProperties": {
                "type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}},
            "rows": {"type": "array", "items": {"allOf": [_ref("ComparisonRow"), {
                "type": "object",
                "required": ["region", "region_name", "region_name_en", "indicator_name", "indicator_name_en"],
                "properties": {"region": {"type": "string"}, "region_name": {"type": "string"},
                               "region_name_en": {"type": "string"}, "indicator_name": {"type": "string"},
                               "indicator_name_en": {"type": "string"}}}]}},
            "regions_compared": {"type": "array", "items": {"type": "string"}},
            "regions_missing": {"type": "array", "items": {
                "type": "object", "required": ["region", "region_name", "region_name_en", "missing", "reports", "note"],
                "properties": {"region": {"type": "string"}, "region_name": {"type": "string"},
                               "region_name_en": {"type": "string"},
                               "missing": {"enum": ["targets", "outcomes", "previous_targets", "reports"]},
                               "reports": {"type": "array", "items": {"type": "integer"}}, "note": STR}}},
            "without_target": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        },
    },
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "string"}, "choices": {"type": "array", "items": {"type": ["string", "integer"]}}},
    },
}


def _get(summary: str, schema: str | None, *, params: tuple[str, ...] = (), csv: bool = False,
         not_found: bool = True) -> dict[str, Any]:
    content: dict[str, Any] = {"application/json": {"schema": _ref(schema)}} if schema else {}
    if csv:
        content = {"text/csv": {"schema": {"type": "string"}}}
    op: dict[str, Any] = {"summary": summary, "responses": {"200": {"description": "OK", "content": content}}}
    if not_found:
        op["responses"]["404"] = {"description": "No such region or year; `choices` says what exists",
                                  "content": {"application/json": {"schema": _ref("Error")}}}
    if params:
        op["parameters"] = [{"name": p, "in": "path", "required": True,
                             "schema": {"type": "integer" if p == "year" else "string"}} for p in params]
    return {"get": op}


def _admin(summary: str) -> dict[str, Any]:
    return {"post": {"summary": summary, "security": [{"admin": []}],
                     "responses": {"200": {"description": "Done"}, "202": {"description": "Queued"},
                                   "403": {"description": "No or wrong admin token, or admin disabled"}}}}


def document() -> dict[str, Any]:
    try:
        v = version("targetwatch")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout without install
        v = "0"
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {"title": "targetwatch API", "version": v,
                 "description": "Targets and outcomes of Chinese government work reports, read-only. "
                                "Every figure carries the report sentence it was read from."},
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/regions": _get("Every archived region: latest report, headline targets, last year's verdicts",
                             "Regions", not_found=False),
            "/regions.csv": _get("The same as CSV, one line per region", None, csv=True, not_found=False),
            "/regions/{region}/history": _get("Each indicator's targets and outcomes over the years", "History",
                                              params=("region",)),
            "/regions/{region}/history.csv": _get("The history as CSV, one line per indicator and year", None,
                                                  params=("region",), csv=True),
            "/regions/{region}/{year}/facts": _get("The facts of one report (FACTS.md)", "FactSheet",
                                                   params=("region", "year")),
            "/regions/{region}/{year}/facts.csv": _get("The facts as CSV", None, params=("region", "year"), csv=True),
            "/regions/{region}/{year}/comparison": _get("The report against the year before (COMPARE.md)",
                                                        "Comparison", params=("region", "year")),
            "/regions/{region}/{year}/comparison.csv": _get("The comparison rows as CSV", None,
                                                            params=("region", "year"), csv=True),
            "/scoreboard/{year}": _get("Every region's targets of that year against the outcomes reported the "
                                       "next year", "Scoreboard", params=("year",)),
            "/scoreboard/{year}.csv": _get("The scoreboard as CSV", None, params=("year",), csv=True),
            "/admin/check": _admin("Queue a check of the official sites (needs a Celery broker)"),
            "/admin/subscriptions": _admin("Subscribe an address: JSON {email, regions, cadence, lang (zh or en, "
                                           "optional)}"),
            "/admin/deliveries/{delivery_id}/requeue": _admin("Make a failed delivery due again"),
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"admin": {"type": "http", "scheme": "bearer",
                                          "description": "TARGETWATCH_ADMIN_TOKEN; without it the API is read-only"}},
        },
    }
