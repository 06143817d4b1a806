"""Renderings: the same comparison as HTML, text and Markdown, safe, Chinese and quotable."""
from __future__ import annotations

import csv
import io
import json

import jinja2
import pytest

from targetwatch.diffing.compare import compare_sheets
from targetwatch.diffing.history import build_history
from tests.compare.facts import outcome, sheet, target
from targetwatch.templates.render import (COMPARISON_FORMATS, HISTORY_FORMATS, chart, environment, make_environment, md,
                           render_comparison, render_history)

HOSTILE = "<script>alert(1)</script> & 国内生产总值增长5%左右"


@pytest.fixture
def hostile():
    old = sheet("national", 2023, target("gdp_growth", 2023, "about", 5.0, "%", HOSTILE),
                target("special_bonds", 2023, "exact", 3.8e12, "元", "今年拟安排地方政府专项债券3.8万亿元"))
    new = sheet("national", 2024, outcome("gdp_growth", 2023, "exact", 5.2, "%", "增长5.2% & <b>更多</b>"),
                target("gdp_growth", 2024, "about", 5.0, "%", "国内生产总值增长5%左右"),
                target("new_urban_jobs", 2024, "at_least", 12_000_000, "人", "城镇新增就业1200万人以上"),
                target("special_bonds", 2024, "exact", 4.4e12, "元", "拟安排地方政府专项债券4.4万亿元"))
    return compare_sheets(old, new)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_quoted_report_text_is_escaped(hostile, fmt):
    out = render_comparison(hostile, fmt)
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out
    assert "&amp;" in out


def test_plain_text_quotes_the_report_verbatim(hostile):
    out = render_comparison(hostile, "text")
    assert HOSTILE in out


@pytest.mark.parametrize("fmt", ["html", "text", "md"])
def test_figures_are_written_the_chinese_way(hostile, fmt):
    out = render_comparison(hostile, fmt)
    for figure in ("4.4万亿元", "3.8万亿元", "1200万人以上", "5%左右", "+6000亿元", "+0.2个百分点"):
        assert figure in out, figure


@pytest.mark.parametrize("fmt", ["html", "text", "md", "table"])
def test_each_verdict_comes_with_the_sentences_it_was_read_from(national, fmt):
    c = compare_sheets(national[2022], national[2023])
    out = render_comparison(c, fmt, full=True)
    for r in c.rows:
        for f in r.facts:
            assert (f.text if fmt != "md" else md(f.text)) in out, (r.check, r.indicator)
    assert "未完成" in out and "完成" in out and "下调" in out


def test_a_met_within_tolerance_verdict_says_so(national):
    old = sheet("national", 2014, target("gdp_growth", 2014, "about", 7.5))
    new = sheet("national", 2015, outcome("gdp_growth", 2014, "exact", 7.4), target("gdp_growth", 2015, "about", 7.0))
    for fmt in ("html", "text", "md"):
        assert "完成（容差内）" in render_comparison(compare_sheets(old, new), fmt)


def test_pages_state_the_tolerance_rule(national):
    out = render_comparison(compare_sheets(national[2023], national[2024]), "html")
    assert "±0.5个百分点" in out and "±5%" in out


def test_json_rendering_is_the_contract_object(national):
    c = compare_sheets(national[2023], national[2024])
    assert json.loads(render_comparison(c, "json")) == json.loads(json.dumps(c.to_dict()))


def test_unknown_formats_are_refused(national):
    c = compare_sheets(national[2023], national[2024])
    with pytest.raises(ValueError):
        render_comparison(c, "pdf")
    with pytest.raises(ValueError):
        render_history(build_history([national[2023]]), "pdf")


@pytest.mark.parametrize("fmt", COMPARISON_FORMATS)
def test_every_comparison_format_renders(national, fmt):
    assert render_comparison(compare_sheets(national[2024], national[2025]), fmt).strip()


@pytest.mark.parametrize("fmt", HISTORY_FORMATS)
def test_every_history_format_renders(national, fmt):
    assert render_history(build_history(list(national.values())), fmt).strip()


def test_history_html_draws_an_inline_svg_chart_without_script(national):
    out = render_history(build_history(list(national.values())), "html")
    assert out.count("<svg") >= 5
    assert "<script" not in out.lower() and "javascript:" not in out.lower()
    assert "<title>2022年 目标 5.5%左右，实际 3%，未完成</title>" in out


def test_chart_puts_a_missed_outcome_below_its_target_and_colours_it(national):
    g = chart(build_history(list(national.values())).get("gdp_growth"))
    t2022 = next(t for t in g["targets"] if "2022年" in t["title"])
    o2022 = next(o for o in g["outcomes"] if "2022年" in o["title"])
    assert o2022["y"] > t2022["y"]  # SVG y grows downwards
    assert o2022["colour"] == "#cf222e"
    assert g["xticks"][-1]["label"] == "2025"


def test_a_series_with_one_point_draws_no_chart():
    h = build_history([sheet("national", 2024, target("gdp_growth", 2024, "about", 5.0))])
    assert chart(h.get("gdp_growth")) is None


def test_series_of_one_or_two_years_share_one_table_at_the_end(national):
    h = build_history(list(national.values()))
    few = [s for s in h.series if len(s.points) <= 2]
    many = [s for s in h.series if len(s.points) > 2]
    assert few and many
    out = render_history(h, "html")
    tail = out.split("只出现一两次的指标")[1]
    for s in many:
        assert f">{s.name}</h2>" in out.split("只出现一两次的指标")[0]
    for s in few:
        assert f">{s.name}</h2>" not in out and s.name in tail
        for p in s.points:  # each year's figure is still there, with its sentence
            for f in (p.target, p.outcome):
                if f is not None:
                    assert f.text in tail


def test_history_csv_has_base_units_and_chinese_figures(national):
    rows = list(csv.DictReader(io.StringIO(render_history(build_history(list(national.values())), "csv"))))
    gdp22 = next(r for r in rows if r["indicator"] == "gdp_growth" and r["year"] == "2022")
    assert gdp22["target"] == "5.5%左右" and gdp22["target_value"] == "5.5"
    assert gdp22["verdict"] == "missed" and gdp22["margin"] == "-2.5" and gdp22["margin_unit"] == "pp"
    jobs = next(r for r in rows if r["indicator"] == "new_urban_jobs" and r["year"] == "2023")
    assert jobs["target_value"] == "12000000" and jobs["target"] == "1200万人左右"


def test_history_escapes_report_text_in_html():
    a = sheet("national", 2023, target("gdp_growth", 2023, "about", 5.0, "%", HOSTILE))
    b = sheet("national", 2024, outcome("gdp_growth", 2023, "exact", 5.2), target("gdp_growth", 2024, "about", 5.0))
    out = render_history(build_history([a, b]), "html")
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_the_macros_can_be_reused_by_other_templates(national):
    """The digest includes our partials from its own template: they must work there too."""
    env = make_environment(jinja2.ChoiceLoader([
        jinja2.DictLoader({"digest_test.html": '{% import "_macros.html" as m %}<div>{{ m.comparison(c) }}'
                                                '{{ m.badge("met") }}{{ m.history_chart(h.series[0]) }}</div>'}),
        jinja2.PackageLoader("targetwatch.templates", "."),
    ]))
    c = compare_sheets(national[2022], national[2023])
    out = env.get_template("digest_test.html").render(c=c, h=build_history(list(national.values())))
    assert "国内生产总值增长5.5%左右" in out and "<svg" in out and "完成" in out


def test_html_is_autoescaped_and_text_is_not():
    env = environment()
    assert env.autoescape("x.html") is True
    assert env.autoescape("x.txt") is False
    assert env.autoescape("x.md.j2") is False


@pytest.mark.parametrize("text,escaped", [
    ("a*b*", r"a\*b\*"),
    ("x|y", r"x\|y"),
    ("[链接](http://x)", r"\[链接\](http://x)"),
    ("<b>&", "&lt;b&gt;&amp;"),
    ("两行\n文本", "两行 文本"),
])
def test_markdown_escaping(text, escaped):
    assert md(text) == escaped
