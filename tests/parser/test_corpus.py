"""The parser over the real reports of the shared corpus: no errors, exact quotes, the gold facts."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import jsonschema
import pytest

from targetwatch.diffing.parse import parse_report
from targetwatch.scrapers.document import extract_text
from tests.conftest import SHARED, corpus_path

pytestmark = pytest.mark.corpus


def _reports() -> list[Path]:
    root = SHARED / "corpus" / "reports"
    return sorted(root.glob("*/*.txt")) + sorted(root.glob("*/alt/*.txt"))


@pytest.fixture(scope="module")
def schema() -> jsonschema.protocols.Validator:
    corpus_path()
    contract = json.loads((SHARED / "contract" / "facts.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(contract)


@pytest.mark.parametrize("path", _reports(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_corpus_report_parses_and_follows_the_contract(path: Path, schema) -> None:
    region = path.parent.parent.name if path.parent.name == "alt" else path.parent.name
    year = int(path.stem.split("__")[0])
    text = extract_text(path.read_bytes()).text
    sheet = parse_report(text, region, year)
    schema.validate(sheet.to_dict())
    for f in sheet.facts:
        assert text[f.span[0]:f.span[1]] == f.text
        assert f.kind in ("target", "outcome")
        if f.kind == "target" and not f.indicator.endswith(("_avg", "_multi")):
            # a plan's goal for its last year is a target of that year (FACTS.md)
            assert f.period == year or (f.section == "plan" and year < f.period <= year + 15), f
        if f.comparator == "range":
            assert f.low is not None and f.high is not None and f.low <= f.high


def _scorer():
    """The evaluation harness's own matching rules, imported rather than restated."""
    spec = importlib.util.spec_from_file_location("tw_score", SHARED / "eval" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gold_facts_are_found_with_the_required_recall_and_precision() -> None:
    corpus = corpus_path()
    score = _scorer()
    gold_docs = score.load_gold([str(corpus / "gold")])
    assert gold_docs
    hit = {"headline": 0, "task": 0}
    total = {"headline": 0, "task": 0}
    judged = correct = 0
    misses = []
    for _, gold in gold_docs:
        text = extract_text((corpus / gold["file"]).read_bytes()).text
        preds = [f.to_dict() for f in parse_report(text, gold["region"], gold["report_year"]).facts]
        for g in gold["facts"]:
            bucket = "task" if g["indicator"] == "task" else "headline"
            total[bucket] += 1
            if any(score.same_subject(g, p) and score.value_matches(g, p) for p in preds):
                hit[bucket] += 1
            else:
                misses.append((gold["file"], g))
        for p in preds:
            if p["indicator"].startswith("task:"):
                continue
            covering = [g for g in gold["facts"] if g["indicator"] != "task" and score.same_subject(g, p)]
            if covering:
                judged += 1
                correct += any(score.value_matches(g, p) for g in covering)
    assert hit["headline"] / total["headline"] >= 0.95, misses
    assert hit["task"] / total["task"] >= 0.85, misses
    assert correct / judged >= 0.98
