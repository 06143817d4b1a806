"""/api/v1 against its own OpenAPI document, on SQLite and PostgreSQL; CSV downloads."""
from __future__ import annotations

import csv
import io
import json

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from tests.conftest import SHARED
from tests.web.conftest import SUBSCRIBER, make_client

pytestmark = pytest.mark.corpus


def validator(doc: dict, name: str) -> Draft202012Validator:
    resource = Resource.from_contents(doc, default_specification=__import__("referencing.jsonschema").jsonschema.DRAFT202012)
    registry = Registry().with_resource("urn:openapi", resource)
    return Draft202012Validator({"$ref": f"urn:openapi#/components/schemas/{name}"}, registry=registry)


def response_schema(doc: dict, path: str, status: str = "200") -> str:
    ref = doc["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]["$ref"]
    return ref.rsplit("/", 1)[-1]


CASES = [
    ("/regions", "/api/v1/regions"),
    ("/regions/{region}/history", "/api/v1/regions/national/history"),
    ("/regions/{region}/history", "/api/v1/regions/guangdong/history"),
    ("/regions/{region}/{year}/facts", "/api/v1/regions/guangdong/2026/facts"),
    ("/regions/{region}/{year}/comparison", "/api/v1/regions/guangdong/2026/comparison"),
    ("/regions/{region}/{year}/comparison", "/api/v1/regions/national/2025/comparison"),
    ("/scoreboard/{year}", "/api/v1/scoreboard/2025"),
]


@pytest.fixture
def pg_or_sqlite_client(web_archive):  # noqa: ANN001, ANN201
    web_archive.subscribe(SUBSCRIBER, ["guangdong"])
    return make_client(web_archive)


def test_every_documented_path_answers_as_documented(pg_or_sqlite_client) -> None:  # noqa: ANN001
    client = pg_or_sqlite_client
    doc = client.get("/api/v1/openapi.json").json()
    Draft202012Validator.check_schema({"$defs": doc["components"]["schemas"]})
    for path, url in CASES:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("application/json")
        body = r.json()
        errors = sorted(validator(doc, response_schema(doc, path)).iter_errors(body), key=str)
        assert not errors, f"{url}: {errors[0].message} at {list(errors[0].absolute_path)}"
        assert SUBSCRIBER not in r.text


def test_real_responses_have_content(client) -> None:  # noqa: ANN001
    regions = {r["region"]: r for r in client.get("/api/v1/regions").json()["regions"]}
    assert set(regions) == {"national", "guangdong", "beijing", "hubei"}
    gd = regions["guangdong"]
    assert gd["latest"] == 2026 and gd["last_year_verdicts"]["missed"] >= 1 and "gdp_growth" in gd["missed"]
    assert gd["links"]["page"].endswith("/regions/guangdong")
    comparison = client.get("/api/v1/regions/guangdong/2026/comparison").json()
    assert comparison["year"] == 2026 and comparison["previous_year"] == 2025
    gdp = next(r for r in comparison["rows"] if r["check"] == "target_vs_outcome" and r["indicator"] == "gdp_growth")
    assert gdp["verdict"] == "missed" and gdp["outcome"]["value"] == 3.9
    board = client.get("/api/v1/scoreboard/2025").json()
    assert board["year"] == 2025 and board["check"] == "target_vs_outcome"
    assert {r["region"] for r in board["rows"]} == {"guangdong", "beijing"}
    assert {m["region"] for m in board["regions_missing"]} >= {"hubei"}


def test_facts_follow_the_shared_facts_contract(client) -> None:  # noqa: ANN001
    schema_path = SHARED / "contract" / "facts.schema.json"
    if not schema_path.exists():
        pytest.skip(f"the shared facts contract is not at {schema_path}")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    body = client.get("/api/v1/regions/beijing/2025/facts").json()
    cls = __import__("jsonschema").validators.validator_for(schema)
    errors = list(cls(schema).iter_errors(body))
    assert not errors, errors[0].message


@pytest.mark.parametrize("url, choices", [
    ("/api/v1/regions/atlantis/history", "guangdong"),
    ("/api/v1/regions/beijing/1999/facts", 2025),
    ("/api/v1/regions/hubei/2026/comparison", 2026),
    ("/api/v1/scoreboard/1990", 2025),
])
def test_api_404_is_json_with_what_exists(client, url: str, choices) -> None:  # noqa: ANN001
    r = client.get(url)
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["error"] and choices in body["choices"]


@pytest.mark.parametrize("url, first_column, at_least", [
    ("/api/v1/regions.csv", "region", 4),
    ("/api/v1/regions/national/history.csv", "region", 20),
    ("/api/v1/regions/guangdong/2026/facts.csv", "region", 100),
    ("/api/v1/regions/guangdong/2026/comparison.csv", "region", 50),
    ("/api/v1/scoreboard/2025.csv", "year", 10),
])
def test_csv_downloads(client, url: str, first_column: str, at_least: int) -> None:  # noqa: ANN001
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert rows[0][0] == first_column and len(rows) > at_least
    assert len({len(row) for row in rows}) == 1


def test_scoreboard_csv_marks_guangdong_growth_missed(client) -> None:  # noqa: ANN001
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/scoreboard/2025.csv").text.lstrip("\ufeff"))))
    gd = next(r for r in rows if r["region"] == "guangdong" and r["indicator"] == "gdp_growth")
    assert gd["verdict"] == "missed" and gd["target"] == "5%左右" and gd["outcome"] == "3.9%"
