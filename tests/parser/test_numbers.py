"""The quantity grammar beyond single phrases: Chinese numerals, whole sentences, long inputs.

The phrase table is in test_numbers_table.py. Speed is measured in bench/, never here: the long
inputs below check behaviour (the right result on 100k-200k characters), and the timeout marker
turns a regex that backtracks catastrophically into a failure instead of a hang.
"""
from __future__ import annotations

import re

import pytest

from targetwatch.diffing.numbers import Quantity, chinese_to_number, find_quantities, parse_quantity
from targetwatch.diffing.textview import ascii_view

# ---------------------------------------------------------------------------------------------
# chinese_to_number


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        pytest.param("一", 1, id="yi"),
        pytest.param("两", 2, id="liang"),
        pytest.param("零", 0, id="ling"),
        pytest.param("十", 10, id="shi"),
        pytest.param("十四", 14, id="shisi"),
        pytest.param("二十", 20, id="ershi"),
        pytest.param("五十六", 56, id="wushiliu"),
        pytest.param("三百", 300, id="sanbai"),
        pytest.param("两百", 200, id="liangbai"),
        pytest.param("一百零八", 108, id="yibai-ling-ba"),
        pytest.param("一百二十三", 123, id="yibai-ershisan"),
        pytest.param("一百五十六", 156, id="yibai-wushiliu"),
        pytest.param("两千", 2000, id="liangqian"),
        pytest.param("三千零五", 3005, id="sanqian-ling-wu"),
        pytest.param("一千零一", 1001, id="yiqian-ling-yi"),
        pytest.param("九千九百九十九", 9999, id="9999"),
        pytest.param("一万", 10_000, id="yiwan"),
        pytest.param("十万", 100_000, id="shiwan"),
        pytest.param("三万五千", 35_000, id="sanwan-wuqian"),
        pytest.param("十万八千", 108_000, id="shiwan-baqian"),
        pytest.param("六十四万", 640_000, id="liushisi-wan"),
        pytest.param("一百万", 1_000_000, id="yibai-wan"),
        pytest.param("一千万", 10_000_000, id="yiqian-wan"),
        pytest.param("一千二百万", 12_000_000, id="yiqian-erbai-wan"),
        pytest.param("一千七百万", 17_000_000, id="yiqian-qibai-wan"),
        pytest.param("一亿", 100_000_000, id="yiyi"),
        pytest.param("十亿", 1_000_000_000, id="shiyi"),
        pytest.param("一百亿", 10_000_000_000, id="yibai-yi"),
        pytest.param("一亿五千万", 150_000_000, id="yiyi-wuqian-wan"),
        pytest.param("一亿零五十万", 100_500_000, id="yiyi-ling-wushi-wan"),
        pytest.param("四亿零七百万", 407_000_000, id="siyi-ling-qibai-wan"),
        pytest.param("三亿三千五百万", 335_000_000, id="sanyi-sanqian-wubai-wan"),
        pytest.param("一万亿", 1e12, id="yiwan-yi"),
        pytest.param("两万亿", 2e12, id="liangwan-yi"),
        pytest.param("二十万亿", 2e13, id="ershi-wan-yi"),
        pytest.param("二〇二六", 2026, id="year-digits-2026"),
        pytest.param("二〇〇二", 2002, id="year-digits-2002"),
        pytest.param("一九五四", None, id="year-digits-without-zero-are-not-read"),
        pytest.param("三五", None, id="two-digits-no-unit"),
        pytest.param("一二", None, id="two-digits-no-unit-2"),
        pytest.param("", None, id="empty"),
        pytest.param("万", None, id="bare-wan"),
        pytest.param("亿", None, id="bare-yi"),
        pytest.param("十十", None, id="shi-shi"),
    ],
)
def test_chinese_to_number(numeral: str, value: float | None) -> None:
    assert chinese_to_number(numeral) == value


# ---------------------------------------------------------------------------------------------
# find_quantities on sentences: every figure, in order, none overlapping, names skipped.

def _texts(text: str) -> list[str]:
    found = find_quantities(ascii_view(text))
    _assert_ordered_and_disjoint(text, found)
    return [text[q.start:q.end] for q in found]


def _assert_ordered_and_disjoint(text: str, found: list[Quantity]) -> None:
    for q in found:
        assert 0 <= q.start <= q.num_start < q.end <= len(text), q
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start, f"{text[a.start:a.end]!r} overlaps {text[b.start:b.end]!r}"


NATIONAL_2024_TARGETS = (
    "国内生产总值增长5%左右；城镇新增就业1200万人以上，城镇调查失业率5.5%左右；居民消费价格涨幅3%左右；"
    "居民收入增长和经济增长同步；国际收支保持基本平衡；粮食产量1.3万亿斤以上；"
    "单位国内生产总值能耗降低2.5%左右，生态环境质量持续改善。"
)


def test_find_quantities_reads_the_national_targets_in_order() -> None:
    found = find_quantities(ascii_view(NATIONAL_2024_TARGETS))
    _assert_ordered_and_disjoint(NATIONAL_2024_TARGETS, found)
    got = [(NATIONAL_2024_TARGETS[q.start:q.end], q.value, q.unit, q.comparator) for q in found]
    assert got == [
        ("5%左右", 5.0, "%", "about"),
        ("1200万人以上", 12_000_000.0, "人", "at_least"),
        ("5.5%左右", 5.5, "%", "about"),
        ("3%左右", 3.0, "%", "about"),
        ("1.3万亿斤以上", 1.3e12, "斤", "at_least"),
        ("2.5%左右", 2.5, "%", "about"),
    ]


@pytest.mark.parametrize(
    ("sentence", "texts"),
    [
        pytest.param("“十四五”规划102项重大工程加快建设，地铁3号线和22号线建成通车，新建5G基站10万个，"
                     "2024年城镇新增就业12.5万人", ["102项", "10万个", "12.5万人"], id="names-between-figures"),
        pytest.param("增长37.9％，2个千亿级、11个百亿级投资项目", ["37.9％", "2个", "11个"], id="class-words-skipped"),
        pytest.param("营收分别增长1.1倍和4.3倍", ["1.1倍", "4.3倍"], id="two-multiples"),
        pytest.param("新发布3批18项", ["3批", "18项"], id="adjacent-figures"),
        pytest.param("每千人口拥有3岁以下婴幼儿托位数4.5个", ["4.5个"], id="per-capita-and-age-skipped"),
        pytest.param("国内生产总值增长６．５％－７％，城镇新增就业９００万人以上", ["６．５％－７％", "９００万人以上"],
                     id="full-width-range-is-one-figure"),
        pytest.param("全市生产总值增长6%-6.5%，地方一般公共预算收入增长5%", ["6%-6.5%", "5%"], id="range-then-figure"),
        pytest.param("投资占比近七成，养老助餐点覆盖九成以上城乡社区", ["近七成", "九成以上"], id="shares"),
        pytest.param("贯彻市委七届十次会议精神，办好十件民生实事", ["十件"], id="session-then-count"),
        pytest.param("2025年1-11月，规上工业增加值增速连续居全国前10位，增长7.2%", ["7.2%"], id="dates-and-rank"),
        pytest.param("城镇化率提高1.2个百分点，达到67.5%", ["1.2个百分点", "67.5%"], id="pp-then-percent"),
        pytest.param("一批项目开工，两个示范区获批，新增养老床位5000张", ["5000张"], id="words-then-count"),
        pytest.param("粮食产量达到1.41万亿斤，增长1.3%，连续10年稳定在1.3万亿斤以上",
                     ["1.41万亿斤", "1.3%", "1.3万亿斤以上"], id="grain"),
    ],
)
def test_find_quantities_returns_figures_in_order_without_overlaps(sentence: str, texts: list[str]) -> None:
    assert _texts(sentence) == texts


def test_find_quantities_respects_start_and_end() -> None:
    view = ascii_view(NATIONAL_2024_TARGETS)
    start = NATIONAL_2024_TARGETS.index("城镇调查")
    end = NATIONAL_2024_TARGETS.index("居民收入")
    found = find_quantities(view, start, end)
    assert [NATIONAL_2024_TARGETS[q.start:q.end] for q in found] == ["5.5%左右", "3%左右"]


def test_parse_quantity_gives_the_first_figure() -> None:
    q = parse_quantity(NATIONAL_2024_TARGETS)
    assert q is not None and NATIONAL_2024_TARGETS[q.start:q.end] == "5%左右"
    assert parse_quantity("") is None
    assert parse_quantity("居民收入增长和经济增长同步") is None


def test_full_width_view_keeps_offsets() -> None:
    text = "增长７．３％，新增１．１８万亿元"
    view = ascii_view(text)
    assert len(view) == len(text)
    assert view == "增长7.3%，新增1.18万亿元"
    assert [text[q.start:q.end] for q in find_quantities(view)] == ["７．３％", "１．１８万亿元"]


@pytest.mark.parametrize(("text", "view"), [
    ("全年增长19·5％，全社会固定资产投资增长14·1％。", "全年增长19.5%，全社会固定资产投资增长14.1%。"),
    ("增长１４·１％", "增长14.1%"),
    ("平稳应对海河“25·7”区域性大洪水", "平稳应对海河“25.7”区域性大洪水"),
    ("马克思·韦伯、·5、5·", "马克思·韦伯、·5、5·"),  # a dot not between two digits stays
])
def test_middle_dot_between_digits_is_a_decimal_point(text: str, view: str) -> None:
    assert ascii_view(text) == view


@pytest.mark.parametrize(("text", "view"), [
    ("粮食产量33，212万吨，比上年增加2，737万吨", "粮食产量33,212万吨，比上年增加2,737万吨"),
    ("收入合计２７，２０３，３１９，０００元，", "收入合计27,203,319,000元，"),
    ("１９７９、１９８０两年，１９７８，１９７９", "1979、1980两年，1978，1979"),  # years: four digits
    ("居中部地区第1，7家企业上榜", "居中部地区第1，7家企业上榜"),  # fewer than three after
    ("占全国1/10，4386万名", "占全国1/10，4386万名"),  # four after
    ("增长5.5，100个", "增长5.5，100个"),  # a decimal before: two figures
    ("达到1，000.5", "达到1，000.5"),  # a decimal after: not said to be one figure
])
def test_a_full_width_comma_separates_thousands_only_between_groups(text: str, view: str) -> None:
    assert ascii_view(text) == view


@pytest.mark.corpus
def test_every_report_gives_ordered_disjoint_quantities_that_read_the_same_alone(corpus) -> None:
    """On every report of the corpus: figures in order, none overlapping, and each figure's own text,
    read alone, gives the same value, unit and comparator (a figure does not depend on what
    follows it). Three readings take a word from outside the figure's text, and are read alone with it:
    a figure of a list that shares the last one's measure word (4.2和0.7个百分点: 4.2 is read up to
    the measure word), 至少 a few words before (至少为国家节约二十亿元: read from the 至少), and a price
    index (居民消费价格指数103左右: 103左右 read from 价格指数)."""
    reports = sorted((corpus / "reports").glob("*/*.txt"))
    assert reports
    total = 0
    for path in reports:
        text = path.read_text(encoding="utf-8")
        view = ascii_view(text)
        found = find_quantities(view)
        _assert_ordered_and_disjoint(text, found)
        for q in found:
            start, end = q.start, q.end
            while view[end:end + 1] in ("和", "、"):
                end = find_quantities(view, end)[0].end  # up to the list's last figure, with the measure word
            if q.comparator == "at_least" and not q.prefix and "至少" in view[max(0, start - 8):start]:
                start = view.rindex("至少", 0, start)
            index = _PRICE_INDEX_BEFORE.search(view, max(0, start - 7), start)
            if index:
                start = index.start()
            alone = parse_quantity(text[start:end])
            assert alone is not None, (path.name, text[start:end])
            assert (alone.value, alone.low, alone.high, alone.unit, alone.comparator) == (
                q.value, q.low, q.high, q.unit, q.comparator), (str(path), text[start:end])
        total += len(found)
    assert total > 10_000


_PRICE_INDEX_BEFORE = re.compile(r"价格指数(?:为|控制在|在)?$")


# ---------------------------------------------------------------------------------------------
# Long and pathological inputs: the scan is linear, so these return promptly with the right answer.
# No timing assertions here; the timeout only turns a catastrophic regex into a failure.

@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("1" * 100_000, id="arabic-digits"),
        pytest.param("１" * 100_000, id="full-width-digits"),
        pytest.param("一" * 100_000, id="chinese-yi"),
        pytest.param("二三四五六七八九" * 500, id="chinese-digits-short-run"),
        pytest.param("十" * 100_000, id="chinese-shi"),
        pytest.param("万" * 100_000, id="chinese-wan"),
        pytest.param("%-" * 50_000, id="percent-dash"),
        pytest.param("1-" * 50_000, id="digit-dash"),
        pytest.param("1." * 50_000, id="digit-dot"),
        pytest.param("1," * 50_000, id="digit-comma"),
        pytest.param("1-" * 50_000 + "%", id="digit-dash-then-percent"),
        pytest.param("不低于" * 40_000, id="prefix-words"),
        pytest.param("三" + "多" * 100_000, id="duo-run"),
        pytest.param("2024年" * 40_000, id="years"),
        pytest.param("地铁3号线" * 30_000, id="metro-lines"),
        pytest.param("“十四五”" * 30_000, id="plan-names"),
    ],
)
def test_long_pathological_inputs_have_no_quantities(text: str) -> None:
    assert find_quantities(ascii_view(text)) == []


@pytest.mark.timeout(20)
def test_a_long_prefix_run_reads_one_figure() -> None:
    text = "约" * 100_000 + "5%"
    found = find_quantities(ascii_view(text))
    assert [(text[q.start:q.end], q.value, q.comparator) for q in found] == [("约5%", 5.0, "about")]


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    ("unit_text", "value", "unit", "comparator"),
    [
        pytest.param("5%左右，", 5.0, "%", "about", id="percent-about"),
        pytest.param("近七成", 70.0, "%", "about", id="shares"),
        pytest.param("6%-6.5%；", None, "%", "range", id="ranges"),
        pytest.param("１．１８万亿元、", 1.18e12, "元", "exact", id="full-width-trillions"),
        pytest.param("一万余套", 10_000.0, "套", "at_least", id="chinese-numerals"),
    ],
)
def test_many_repeated_figures_are_all_read(unit_text: str, value: float | None, unit: str, comparator: str) -> None:
    n = 200_000 // len(unit_text)
    text = unit_text * n
    found = find_quantities(ascii_view(text))
    assert len(found) == n
    figure = unit_text.rstrip("，；、")
    for i, q in enumerate(found):
        assert q.start == i * len(unit_text) and text[q.start:q.end] == figure
        assert (q.unit, q.comparator) == (unit, comparator)
        if value is not None:
            assert q.value == pytest.approx(value)
        else:
            assert (q.low, q.high) == (6.0, 6.5)


@pytest.mark.timeout(20)
def test_two_hundred_thousand_characters_of_report_text() -> None:
    reps = 200_000 // len(NATIONAL_2024_TARGETS) + 1
    text = NATIONAL_2024_TARGETS * reps
    assert len(text) >= 200_000
    found = find_quantities(ascii_view(text))
    _assert_ordered_and_disjoint(text, found)
    once = [NATIONAL_2024_TARGETS[q.start:q.end] for q in find_quantities(NATIONAL_2024_TARGETS)]
    assert len(once) == 6
    assert [text[q.start:q.end] for q in found] == once * reps
    step = len(NATIONAL_2024_TARGETS)
    assert [q.start - (i // 6) * step for i, q in enumerate(found)] == [q.start for q in
                                                                        find_quantities(NATIONAL_2024_TARGETS)] * reps


@pytest.mark.timeout(20)
def test_a_long_chinese_numeral_run_then_a_figure() -> None:
    """A run of 100k numeral characters is scanned once; the figure after it is still found."""
    text = "十" * 100_000 + "，增长7.5%"
    found = find_quantities(ascii_view(text))
    assert [(text[q.start:q.end], q.value) for q in found] == [("7.5%", 7.5)]


@pytest.mark.parametrize("phrase,value", [
    ("出口33.8亿美元", 3_380_000_000.0), ("新增1.12万个", 11_200.0), ("达到4.32万亿元", 4_320_000_000_000.0),
    ("280.9亿元", 28_090_000_000.0), ("297.1亿元", 29_710_000_000.0), ("增长6%-6.5%", None),
])
def test_scaled_values_are_the_decimal_the_report_wrote(phrase: str, value: float | None) -> None:
    # Compared with ==, not approx: 33.8 x 1e8 in binary floating point is 3379999999.9999995,
    # which is what users would otherwise see in JSON, CSV and the archive.
    q = parse_quantity(phrase)
    assert q is not None
    if value is None:
        assert (q.low, q.high) == (6.0, 6.5)
    else:
        assert q.value == value


# ---------------------------------------------------------------------------------------------
# the numeral scan: the fast form of the pattern finds what the plain one does


def test_the_numeral_scan_finds_exactly_what_the_plain_numeral_pattern_does() -> None:
    import random
    import re

    from targetwatch.diffing.numbers import NUMERAL_RE, NUMERAL_SPEC

    plain = re.compile(NUMERAL_SPEC)
    alphabet = "0123456789,.百分之点零〇一二两三四五六七八九十千万亿成倍个%年第 ４٣"
    rng = random.Random(15)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16))) for _ in range(20000)]
    texts += ["国内生产总值增长5.2%，百分之二十八，四分之一，一亿一千四百多万吨，两个百分点，近七成，十四五，1,234.5万元"]
    for text in texts:
        for pos in (0, 1, 3):
            assert [m.span() for m in NUMERAL_RE.finditer(text, pos)] == \
                [m.span() for m in plain.finditer(text, pos)], (text, pos)


# ---------------------------------------------------------------------------------------------
# the tail: the fast form of the pattern reads what the plain one does


def _tail_reading(m, plain: bool):  # noqa: ANN001, ANN202
    """A tail match as quantity_at reads it: absent parts as None (the fast form has them as "", and
    its pct1 as "" when the range opens with %), no separator (the fast form does not keep it)."""
    if m is None:
        return None
    groups = m.groupdict()
    if plain:
        groups.pop("sep")
    groups["pct1"] = groups["pct1"] is not None
    return m.end(), {k: v or None for k, v in groups.items()}


def test_the_tail_pattern_reads_exactly_what_the_plain_tail_pattern_does() -> None:
    import random
    import re

    from targetwatch.diffing.numbers import _TAIL_RE, MAGNITUDES, TAIL_SPEC, UNITS

    plain = re.compile(TAIL_SPEC)
    pieces = [*UNITS, *MAGNITUDES, *"-~—－至到多余%，。x十亿万", "左右", "以上", "以内", "以下", "上下",
              "1", "2.5", "3,000", "6.5%", "300万元"]
    rng = random.Random(15)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 7))) for _ in range(50000)]
    texts += ["%-6.5%", "万元至300万元", "万至300万元", "亿美元-5亿美元左右", "%多个", "万亿元，", "个百分点以上"]
    for text in texts:
        fast = _TAIL_RE.match(text)
        assert _tail_reading(fast, False) == _tail_reading(plain.match(text), True), text


def test_no_shorter_reading_of_a_range_start_can_meet_its_separator() -> None:
    """What lets _TAIL_RE take the range's first magnitude and unit atomically: a reading of them
    that gives back characters (万 for 万亿, 人 for 人次, no unit at all) ends inside the words, so
    the separator the range needs cannot follow it."""
    from targetwatch.diffing.numbers import _SEPARATORS, MAGNITUDES, UNITS

    words = [*MAGNITUDES, *UNITS]
    assert not any(sep in word for sep in _SEPARATORS for word in words)
    continuations = {m[len(p)] for m in MAGNITUDES for p in MAGNITUDES if len(p) < len(m) and m.startswith(p)}
    assert not any(unit[0] in continuations for unit in UNITS)


def test_a_magnified_figure_is_what_scaling_and_rounding_to_twelve_digits_gives() -> None:
    import random

    from targetwatch.diffing.numbers import MAGNITUDES, _magnified, _scale

    rng = random.Random(15)
    for _ in range(20000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 15)))
        if len(digits) > 1 and rng.random() < 0.6:
            cut = rng.randint(1, len(digits) - 1)
            digits = digits[:cut] + "." + digits[cut:]
        for word, magnitude in MAGNITUDES.items():
            assert _magnified(digits, word) == _scale(float(digits), magnitude), (digits, word)
