"""The quantity grammar, case by case: real phrases of government work reports and what they say.

Each case is a short phrase (most taken from ../shared/corpus/reports, a few written with real
figures) and the reading a careful human gives it, in the base units of FACTS.md: money in 元,
counts in their measure word, percent as a number of percent, shares (七成) as %, changes in
percentage points as `pp`, multiples (增长1.1倍) as `倍`. `text` is the substring that states the
figure, qualifiers included (约…, …以上), i.e. phrase[q.start:q.end].

The expectations are what the phrase means, not what the parser happens to return. Where the
parser disagrees, the case is marked xfail(strict=True) with the reason; remove the mark when
the parser is fixed (a strict xfail that starts passing fails the run, as a reminder).
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from targetwatch.diffing.numbers import Quantity, parse_quantity


@dataclass(frozen=True)
class Reading:
    phrase: str
    value: float | None  # None: the phrase states no quantity at all
    unit: str = ""
    comparator: str = "exact"
    text: str | None = None  # phrase[q.start:q.end]; None: not checked
    low: float | None = None
    high: float | None = None
    why: str = ""  # for phrases without a quantity: what the numeral is instead (the test id)


# ASCII names for test ids (non-ASCII ids are escaped by pytest and unreadable).
_UNIT_ID = {
    "%": "pct", "pp": "pp", "倍": "times", "元": "yuan", "美元": "usd", "人": "people", "人次": "person-times",
    "名": "persons", "个": "ge", "套": "flats", "户": "households", "所": "schools", "条": "tiao", "家": "firms",
    "项": "items", "件": "pieces", "座": "zuo", "台": "machines", "辆": "vehicles", "艘": "ships", "架次": "flights",
    "头": "head", "张": "beds", "场": "shows", "场次": "show-times", "批": "batches", "批次": "batch-times",
    "种": "species", "公里": "km", "平方公里": "km2", "平方米": "m2", "立方米": "m3", "亩": "mu", "公顷": "ha",
    "吨": "tons", "斤": "jin", "千瓦": "kw", "千瓦时": "kwh", "标准箱": "teu", "岁": "years-of-age",
    "微克/立方米": "ug-m3",
}


def _num_id(x: float) -> str:
    return f"{x:g}".replace("+", "")


def _case_id(r: Reading) -> str:
    if r.value is None and r.low is None:
        return "none-" + r.why
    unit = _UNIT_ID.get(r.unit, "unit")
    if r.comparator == "range":
        return f"{_num_id(r.low)}-{_num_id(r.high)}{unit}-range"
    return f"{_num_id(r.value)}{unit}-{r.comparator}"


def q(phrase: str, value: float | None, unit: str = "", comparator: str = "exact", text: str | None = None, *,
      low: float | None = None, high: float | None = None, xfail: str | None = None):
    """One case with a quantity. `xfail`: what the parser gets wrong (the case stays correct)."""
    r = Reading(phrase, value, unit, comparator, text, low, high)
    marks = [pytest.mark.xfail(strict=True, reason=f"parser: {xfail}")] if xfail else []
    return pytest.param(r, id=_case_id(r), marks=marks)


def rng(phrase: str, low: float, high: float, unit: str, text: str | None = None, *, xfail: str | None = None):
    return q(phrase, None, unit, "range", text, low=low, high=high, xfail=xfail)


def none(phrase: str, why: str, *, xfail: str | None = None):
    """A phrase whose numerals are ordinals, names, dates or words: no quantity."""
    r = Reading(phrase, None, why=why)
    marks = [pytest.mark.xfail(strict=True, reason=f"parser: {xfail}")] if xfail else []
    return pytest.param(r, id=_case_id(r), marks=marks)


def _n(x: float | None) -> float | None:
    """Numbers compared to 12 significant digits: 4.4 * 1e12 is 4400000000000.0005."""
    return None if x is None else float(f"{x:.12g}")


def _describe(phrase: str, got: Quantity | None) -> str:
    if got is None:
        return "None"
    return (f"value={got.value!r} low={got.low!r} high={got.high!r} unit={got.unit!r} "
            f"comparator={got.comparator!r} text={phrase[got.start:got.end]!r}")


def check(r: Reading) -> None:
    got = parse_quantity(r.phrase)
    if r.value is None and r.low is None:
        assert got is None, f"{r.phrase!r} states no quantity ({r.why}), parser read {_describe(r.phrase, got)}"
        return
    assert got is not None, f"{r.phrase!r}: parser found no quantity"
    if r.comparator == "range":
        # FACTS.md: a range has low and high; value may be their midpoint.
        assert _n(got.value) in (None, _n((r.low + r.high) / 2)), _describe(r.phrase, got)
        actual = (_n(got.low), _n(got.high), got.unit, got.comparator)
        expected = (_n(r.low), _n(r.high), r.unit, r.comparator)
    else:
        actual = (_n(got.value), got.unit, got.comparator, got.low, got.high)
        expected = (_n(r.value), r.unit, r.comparator, None, None)
    if r.text is not None:
        actual += (r.phrase[got.start:got.end],)
        expected += (r.text,)
    assert actual == expected, f"{r.phrase!r}: {_describe(r.phrase, got)}"


# ---------------------------------------------------------------------------------------------
# Measure words: the unit is the measure word of the text (with the magnitude taken out).

MEASURE_WORDS = [
    q("新增就业岗位50万个以上", 500_000, "个", "at_least", "50万个以上"),
    q("启动10个城中村改造项目", 10, "个", "exact", "10个"),
    q("助餐场所200个", 200, "个", "exact", "200个"),
    q("改造农村危房260万户", 2_600_000, "户", "exact", "260万户"),
    q("新增沼气用户1650万户", 16_500_000, "户", "exact", "1650万户"),
    q("棚户区改造580万套", 5_800_000, "套", "exact", "580万套"),
    q("转化租赁房源10万套", 100_000, "套", "exact", "10万套"),
    q("今年新开工700万套以上", 7_000_000, "套", "at_least", "700万套以上"),
    q("改造和新建2.3万所乡镇卫生院", 23_000, "所", "exact", "2.3万所"),
    q("786所县医院", 786, "所", "exact", "786所"),
    q("7651所学校受益", 7651, "所", "exact", "7651所"),
    q("整治11条道路积水点", 11, "条", "exact", "11条"),
    q("千亿级产业链达到11条", 11, "条", "exact", "11条"),
    q("新投产里程8000公里以上", 8000, "公里", "at_least", "8000公里以上"),
    q("城市绿道200公里", 200, "公里", "exact", "200公里"),
    q("水土流失面积24.6万平方公里", 246_000, "平方公里", "exact", "24.6万平方公里"),
    q("建设用地减量15平方公里", 15, "平方公里", "exact", "15平方公里"),
    q("旧里以下房屋55万平方米", 550_000, "平方米", "exact", "55万平方米"),
    q("立体绿化40万平方米", 400_000, "平方米", "exact", "40万平方米"),
    q("今年拟安排500万亩", 5_000_000, "亩", "exact", "500万亩"),
    q("节水灌溉面积2000万亩", 20_000_000, "亩", "exact", "2000万亩"),
    q("森林面积增加1.63亿亩", 163_000_000, "亩", "exact", "1.63亿亩"),
    q("新建绿地1200公顷", 1200, "公顷", "exact", "1200公顷"),
    q("粮食总产量达到46947万吨", 469_470_000, "吨", "exact", "46947万吨"),
    q("退出钢铁产能超过6500万吨", 65_000_000, "吨", "at_least", "超过6500万吨"),
    q("粮食总产稳定在1100亿斤以上", 110_000_000_000, "斤", "at_least", "1100亿斤以上"),
    q("累计救助灾民6800万人次", 68_000_000, "人次", "exact", "6800万人次"),
    q("4.3亿人次受益", 430_000_000, "人次", "exact", "4.3亿人次"),
    q("今年要关停1000万千瓦", 10_000_000, "千瓦", "exact", "1000万千瓦"),
    q("电厂脱硫改造1500万千瓦", 15_000_000, "千瓦", "exact", "1500万千瓦"),
    q("绿电交易量76.6亿千瓦时", 7_660_000_000, "千瓦时", "exact", "76.6亿千瓦时"),
    q("集装箱吞吐量达到5506.3万标准箱", 55_063_000, "标准箱", "exact", "5506.3万标准箱"),
    q("货物贸易总额达到2.97万亿美元", 2.97e12, "美元", "exact", "2.97万亿美元"),
    q("对外直接投资601亿美元", 60_100_000_000, "美元", "exact", "601亿美元"),
    q("淘汰黄标车和老旧车600万辆", 6_000_000, "辆", "exact", "600万辆"),
    q("城镇居民每百户拥有家用汽车21.5辆", 21.5, "辆", "exact", "21.5辆"),
    q("水库除险加固1.8万座", 18_000, "座", "exact", "1.8万座"),
    q("新开工建设4座中型水库", 4, "座", "exact", "4座"),
    q("金融机构达到36家", 36, "家", "exact", "36家"),
    q("治理一般制造业企业104家", 104, "家", "exact", "104家"),
    q("重大水利工程21项", 21, "项", "exact", "21项"),
    q("去年又取消165项国务院部门行政审批事项", 165, "项", "exact", "165项"),
    q("审议法律议案10件", 10, "件", "exact", "10件"),
    q("制定、修订137件行政法规", 137, "件", "exact", "137件"),
    q("共资助学生2130万名", 21_300_000, "名", "exact", "2130万名"),
    q("生猪出栏6248万头", 62_480_000, "头", "exact", "6248万头"),
    q("淘汰燃煤小锅炉5万台", 50_000, "台", "exact", "5万台"),
    q("投用充电桩92万台", 920_000, "台", "exact", "92万台"),
    q("登记国际船舶48艘", 48, "艘", "exact", "48艘"),
    q("飞行规模达2061万架次", 20_610_000, "架次", "exact", "2061万架次"),
    q("口岸进境航班4.7万架次", 47_000, "架次", "exact", "4.7万架次"),
    q("储气能力达5200万立方米", 52_000_000, "立方米", "exact", "5200万立方米"),
    q("森林蓄积量增加6亿立方米", 600_000_000, "立方米", "exact", "6亿立方米"),
    q("免费送戏下乡1万场", 10_000, "场", "exact", "1万场"),
    q("采供对接活动1061场", 1061, "场", "exact", "1061场"),
    q("新增养老床位5000张", 5000, "张", "exact", "5000张"),
    q("组织出访447批", 447, "批", "exact", "447批"),
    q("新发布3批18项", 3, "批", "exact", "3批"),
    q("食品抽检监测3250批次", 3250, "批次", "exact", "3250批次"),
    q("组织开展超5000场次专题活动", 5000, "场次", "at_least", "超5000场次"),
    q("PM2.5浓度12微克/立方米", 12, "微克/立方米", "exact", "12微克/立方米"),
    q("人均预期寿命达到78.9岁", 78.9, "岁", "exact", "78.9岁"),
]


@pytest.mark.parametrize("case", MEASURE_WORDS)
def test_measure_words_keep_their_unit(case: Reading) -> None:
    check(case)


# ---------------------------------------------------------------------------------------------
# Magnitudes: 万, 亿, 万亿, 千万 scale the figure to base units (4.4万亿元 -> 4.4e12 元).

MAGNITUDES = [
    q("中央财政赤字1.55万亿元", 1.55e12, "元", "exact", "1.55万亿元"),
    q("置换存量债务3.2万亿元", 3.2e12, "元", "exact", "3.2万亿元"),
    q("公路水运投资1.8万亿元", 1.8e12, "元", "exact", "1.8万亿元"),
    q("中央对地方转移支付累计4.25万亿元", 4.25e12, "元", "exact", "4.25万亿元"),
    q("财政收入达到5.13万亿元", 5.13e12, "元", "exact", "5.13万亿元"),
    q("国内生产总值达到74.4万亿元", 74.4e12, "元", "exact", "74.4万亿元"),
    q("拟安排地方政府专项债券4.4万亿元", 4.4e12, "元", "exact", "4.4万亿元"),
    q("降低利息负担1.2万亿元", 1.2e12, "元", "exact", "1.2万亿元"),
    q("实施两年新增4万亿元的投资计划", 4e12, "元", "exact", "4万亿元"),
    q("扶贫资金投入超过1000亿元", 1e11, "元", "at_least", "超过1000亿元"),
    q("核心产业增加值超过6000亿元", 6e11, "元", "at_least", "超过6000亿元"),
    q("项目总投资不低于2000亿元", 2e11, "元", "at_least", "不低于2000亿元"),
    q("地方一般公共预算收入完成3520.6亿元", 352_060_000_000, "元", "exact", "3520.6亿元"),
    q("城镇新增就业900万人", 9_000_000, "人", "exact", "900万人"),
    q("城镇新增就业1200万人左右", 12_000_000, "人", "about", "1200万人左右"),
    q("贫困人口减少1650万人", 16_500_000, "人", "exact", "1650万人"),
    q("转移农村人口8463万人", 84_630_000, "人", "exact", "8463万人"),
    q("今年再解决3200万人的安全饮水问题", 32_000_000, "人", "exact", "3200万人"),
    q("扶持对象达2288万人", 22_880_000, "人", "exact", "2288万人"),
    q("人才达到470万人", 4_700_000, "人", "exact", "470万人"),
    q("14亿多人口大国保持就业稳定", 1.4e9, "人", "at_least", "14亿多人"),
    q("新增电力装机3.5亿千瓦", 3.5e8, "千瓦", "exact", "3.5亿千瓦"),
    q("守住全国耕地不少于18亿亩这条红线", 1.8e9, "亩", "at_least", "不少于18亿亩"),
    q("底线是严守18亿亩耕地红线", 1.8e9, "亩", "exact", "18亿亩"),
    q("新增电信用户4.94亿户", 494_000_000, "户", "exact", "4.94亿户"),
    q("市场主体总量超过1.6亿户", 1.6e8, "户", "at_least", "超过1.6亿户"),
    q("粮食产量1.4万亿斤左右", 1.4e12, "斤", "about", "1.4万亿斤左右"),
    q("全社会用电量1.2万亿千瓦时", 1.2e12, "千瓦时", "exact", "1.2万亿千瓦时"),
    q("设立5千万元的引导基金", 5e7, "元", "exact", "5千万元"),
    q("电子信息产业营收突破1千亿元", 1e11, "元", "at_least", "突破1千亿元"),
    q("每户补助12,000元", 12_000, "元", "exact", "12,000元"),
    q("新增中小学学位2万个", 20_000, "个", "exact", "2万个"),
    q("开工改造城镇老旧小区5.3万个", 53_000, "个", "exact", "5.3万个"),
    q("新设立企业2万余家", 20_000, "家", "at_least", "2万余家"),
    q("新解决农村6300多万人饮水安全问题", 63_000_000, "人", "at_least", "6300多万人"),
    q("各类保障性住房1800多万套", 18_000_000, "套", "at_least", "1800多万套"),
    q("600多万户企业受益", 6_000_000, "户", "at_least", "600多万户"),
    q("紧急转移安置900多万人次", 9_000_000, "人次", "at_least", "900多万人次"),
    q("10多万人参加培训", 100_000, "人", "at_least", "10多万人"),
    q("接待游客1.2亿人次", 1.2e8, "人次", "exact", "1.2亿人次"),
    q("经济总量迈上1200亿台阶", 1.2e11, "元", "at_least", "迈上1200亿台阶"),
]


@pytest.mark.parametrize("case", MAGNITUDES)
def test_magnitudes_scale_to_base_units(case: Reading) -> None:
    check(case)


# ---------------------------------------------------------------------------------------------
# Chinese numerals: 三百, 两千, 一万余, 十件, 两万亿, 一百五十六个.

CHINESE_NUMERALS = [
    q("新建三百所乡村学校", 300, "所", "exact", "三百所"),
    q("建成两千多个村级服务站", 2000, "个", "at_least", "两千多个"),
    q("建成保障性住房一万余套", 10_000, "套", "at_least", "一万余套"),
    q("办好十件民生实事", 10, "件", "exact", "十件"),
    q("新增投资两万亿元", 2e12, "元", "exact", "两万亿元"),
    q("实施总额四万亿元的投资计划", 4e12, "元", "exact", "四万亿元"),
    q("设的一百五十六个工业单位", 156, "个", "exact", "一百五十六个"),
    q("重要科技成果一万多项", 10_000, "项", "at_least", "一万多项"),
    q("矿建设单位有一万多个", 10_000, "个", "at_least", "一万多个"),
    q("民公社还办了三万多所农业中学", 30_000, "所", "at_least", "三万多所"),
    q("在校生已达六十四万多人", 640_000, "人", "at_least", "六十四万多人"),
    q("六亿多人民", 6e8, "人", "at_least", "六亿多人"),
    q("动员十万人参加水利建设", 100_000, "人", "exact", "十万人"),
    q("农村贫困人口减少三千万人", 30_000_000, "人", "exact", "三千万人"),
    q("安排专项资金一千万元", 10_000_000, "元", "exact", "一千万元"),
    q("省级财政投入十亿元", 1e9, "元", "exact", "十亿元"),
    q("城镇人口增加一亿五千万人", 1.5e8, "人", "exact", "一亿五千万人"),
    q("钢产量达到五百三十五万吨", 5_350_000, "吨", "exact", "五百三十五万吨"),
    q("粮食产量达到三千七百亿斤", 3.7e11, "斤", "exact", "三千七百亿斤"),
    q("新建铁路一千二百公里", 1200, "公里", "exact", "一千二百公里"),
    q("植树造林二千九百万亩", 29_000_000, "亩", "exact", "二千九百万亩"),
    q("全国有二十万个生产合作社", 200_000, "个", "exact", "二十万个"),
    q("建成三千零五座小型水库", 3005, "座", "exact", "三千零五座"),
    q("基本建设投资四百二十七亿元", 42_700_000_000, "元", "exact", "四百二十七亿元"),
    q("约两成企业", 20, "%", "about", "约两成"),
    q("全年共损失二千多万元", 20_000_000, "元", "at_least", "二千多万元"),
    q("全国有一千七百多万头怀孕的母畜", 17_000_000, "头", "at_least", "一千七百多万头"),
    q("竣工面积可达三千多万平方米", 30_000_000, "平方米", "at_least", "三千多万平方米"),
    q("产量达到四亿零七百多万吨", 407_000_000, "吨", "at_least", "四亿零七百多万吨"),
    q("达到一亿一千四百多万吨", 114_000_000, "吨", "at_least", "一亿一千四百多万吨"),
    q("甘蔗的播种面积一百多万亩", 1_000_000, "亩", "at_least", "一百多万亩"),
    q("的从业人员有二百多万人", 2_000_000, "人", "at_least", "二百多万人"),
    q("积压材料就达七百多万元", 7_000_000, "元", "at_least", "七百多万元"),
    q("十多万人受灾", 100_000, "人", "at_least", "十多万人"),
    q("争取每人平均至少一千五百斤粮食", 1500, "斤", "at_least", "至少一千五百斤"),
]


@pytest.mark.parametrize("case", CHINESE_NUMERALS)
def test_chinese_numerals_are_read_as_amounts(case: Reading) -> None:
    check(case)


# ---------------------------------------------------------------------------------------------
# Full-width digits and signs (the 2002 national report, many older ones): read like ASCII, and
# the text quoted is the original full-width text.

FULL_WIDTH = [
    q("增长７．３％", 7.3, "%", "exact", "７．３％"),
    q("预期目标为７％左右", 7, "%", "about", "７％左右"),
    q("国内生产总值增长８％左右", 8, "%", "about", "８％左右"),
    q("城镇新增就业９００万人以上", 9_000_000, "人", "at_least", "９００万人以上"),
    q("中央政府拟新增１．１８万亿元", 1.18e12, "元", "exact", "１．１８万亿元"),
    q("实施总额４万亿元的投资计划", 4e12, "元", "exact", "４万亿元"),
    q("国内生产总值达到９５９３３亿元", 9.5933e12, "元", "exact", "９５９３３亿元"),
    q("国民收入由３０１０亿元增加到", 3.01e11, "元", "exact", "３０１０亿元"),
    q("增长１７．６％", 17.6, "%", "exact", "１７．６％"),
    q("钢完成９６．４％", 96.4, "%", "exact", "９６．４％"),
    q("比１９５５年增长３２．５６％", 32.56, "%", "exact", "３２．５６％"),
    q("发电装机容量达到２．５４亿千瓦", 2.54e8, "千瓦", "exact", "２．５４亿千瓦"),
    q("公路通车里程达到１２３万公里", 1_230_000, "公里", "exact", "１２３万公里"),
    q("进出口总额达到３２５２亿美元", 3.252e11, "美元", "exact", "３２５２亿美元"),
    q("粮食产量９８８万吨", 9_880_000, "吨", "exact", "９８８万吨"),
    rng("国内生产总值增长６．５％－７％", 6.5, 7, "%", "６．５％－７％"),
    rng("增长６％～６．５％", 6, 6.5, "%", "６％～６．５％"),
    q("在能源增长不到3％的情况下", 3, "%", "at_most", "不到3％"),
    q("年预算执行数节约１０％的总要求", 10, "%", "exact", "１０％"),
    # Old web copies write the decimal point as a middle dot (national 1999).
    q("全社会固定资产投资增长14·1％。", 14.1, "%", "exact", "14·1％"),
    q("城镇居民人均可支配收入实际增长5·8％", 5.8, "%", "exact", "5·8％"),
]


@pytest.mark.parametrize("case", FULL_WIDTH)
def test_full_width_digits_and_signs_read_like_ascii(case: Reading) -> None:
    check(case)


# Old reports (national 1956, 1980) set thousands apart with the full-width comma, as 1,234 does:
# the figure is the whole run of groups, quoted with its commas. A comma that cannot be one (four
# digits before or after it, fewer than three after) still parts two numerals.

THOUSANDS = [
    q("粮食产量33，212万吨，比上年增加", 3.3212e8, "吨", "exact", "33，212万吨"),
    q("1979年社会商品零售总额1，753亿元", 1.753e11, "元", "exact", "1，753亿元"),
    q("本年收入合计２７，２０３，３１９，０００元，加上", 27_203_319_000, "元", "exact", "２７，２０３，３１９，０００元"),
    q("粮食总产量达到３，６８０亿斤", 3.68e11, "斤", "exact", "３，６８０亿斤"),
    q("1979两年共增产粮食4，900多万吨", 4.9e7, "吨", "at_least", "4，900多万吨"),
    q("到今年上半年有6，600个左右", 6600, "个", "about", "6，600个左右"),
    q("全国公路共修建８，１３８公里", 8138, "公里", "exact", "８，１３８公里"),
    q("居中部地区第1，7家企业上榜", 7, "家", "exact", "7家"),
    q("占全国1/10，4386万名", 10, "%", "exact", "1/10"),
]


@pytest.mark.parametrize("case", THOUSANDS)
def test_a_full_width_comma_between_groups_of_three_digits_separates_thousands(case: Reading) -> None:
    check(case)


# A price index with the year before as 100 (shanghai 2003-2006 state their targets so) is the change
# in percent; it has no measure word, so only 价格指数 right before it makes it one.

PRICE_INDICES = [
    q("居民消费价格指数101左右，城镇登记失业率", 1, "%", "about", "101左右"),
    q("居民消费价格指数103左右，地方财政收入", 3, "%", "about", "103左右"),
    q("居民消费价格指数103,全社会研究与发展", 3, "%", "exact", "103"),
    q("居民消费价格指数为103左右。", 3, "%", "about", "103左右"),
    q("居民消费价格指数上涨2%左右", 2, "%", "about", "2%左右"),
    none("全年工业企业经济效益综合指数为156.8", "composite-index"),
    none("上证指数3000点", "stock-index"),
]


@pytest.mark.parametrize("case", PRICE_INDICES)
def test_a_price_index_is_the_change_in_percent(case: Reading) -> None:
    check(case)


# ---------------------------------------------------------------------------------------------
# Approximators: 左右, 上下, 约, 大约, 近, 将近, 接近 -> about.

ABOUT = [
    q("国内生产总值增长5%左右", 5, "%", "about", "5%左右"),
    q("城镇调查失业率5.5%左右", 5.5, "%", "about", "5.5%左右"),
    q("居民消费价格涨幅2%左右", 2, "%", "about", "2%左右"),
    q("赤字率拟按3%左右安排", 3, "%", "about", "3%左右"),
    q("单位国内生产总值能耗降低2.5%左右", 2.5, "%", "about", "2.5%左右"),
    q("退出煤炭产能1.5亿吨左右", 1.5e8, "吨", "about", "1.5亿吨左右"),
    q("粮食产量保持在1.3万亿斤左右", 1.3e12, "斤", "about", "1.3万亿斤左右"),
    q("经济增长8%上下", 8, "%", "about", "8%上下"),
    q("降低利息负担约4000亿元", 4e11, "元", "about", "约4000亿元"),
    q("转移支付增加约1.5万亿元", 1.5e12, "元", "about", "约1.5万亿元"),
    q("全年退税减税约2.5万亿元", 2.5e12, "元", "about", "约2.5万亿元"),
    q("放价格补贴，约6700万人受益", 67_000_000, "人", "about", "约6700万人"),
    q("高速公路通车里程约3万公里", 30_000, "公里", "about", "约3万公里"),
    q("高新技术企业约7.7万家", 77_000, "家", "about", "约7.7万家"),
    q("非农就业岗位约15.3万个", 153_000, "个", "about", "约15.3万个"),
    q("引导约1亿人在中西部地区就近城镇化", 1e8, "人", "about", "约1亿人"),
    q("覆盖大约100万人", 1_000_000, "人", "about", "大约100万人"),
    q("十年增加近70万亿元", 7e13, "元", "about", "近70万亿元"),
    q("财政收入近9.8万亿元", 9.8e12, "元", "about", "近9.8万亿元"),
    q("资助学生近8000万人次", 80_000_000, "人次", "about", "近8000万人次"),
    q("建设用地面积年均缩减近2000平方公里", 2000, "平方公里", "about", "近2000平方公里"),
    q("减税降费接近1万亿元", 1e12, "元", "about", "接近1万亿元"),
    q("全市将近3万户家庭受益", 30_000, "户", "about", "将近3万户"),
    q("翘尾影响约有1个百分点", 1, "pp", "about", "约有1个百分点"),
    q("全年增速约为5%", 5, "%", "about", "约为5%"),
    q("全年节约为3%", 3, "%", "exact", "3%"),
    q("两年增长约百分之七", 7, "%", "about", "约百分之七"),
]


@pytest.mark.parametrize("case", ABOUT)
def test_approximators_mean_about(case: Reading) -> None:
    check(case)


# ---------------------------------------------------------------------------------------------
# Lower bounds: 以上, 超过, 超, 突破, 逾, 不低于, 不少于, 高于, 余, 多, 迈上/跃上/跨上 -> at_least.

AT_LEAST = [
    q("城镇新增就业1200万人以上", 12_000_000, "人", "at_least", "1200万人以上"),
    q("城镇新增就业1100万人以上", 11_000_000, "人", "at_least", "1100万人以上"),
    q("农村贫困人口减少1000万人以上", 10_000_000, "人", "at_least", "1000万人以上"),
    q("粮食产量1.3万亿斤以上", 1.3e12, "斤", "at_least", "1.3万亿斤以上"),
    q("力争增长6%以上", 6, "%", "at_least", "6%以上"),
    q("完成造林1亿亩以上", 1e8, "亩", "at_least", "1亿亩以上"),
    q("外汇储备稳定在3万亿美元以上", 3e12, "美元", "at_least", "3万亿美元以上"),
    q("缓建煤电产能5000万千瓦以上", 50_000_000, "千瓦", "at_least", "5000万千瓦以上"),
    q("专精特新中小企业1000家以上", 1000, "家", "at_least", "1000家以上"),
    q("退耕还林还草1500万亩以上", 15_000_000, "亩", "at_least", "1500万亩以上"),
    q("以气代煤300万户以上", 3_000_000, "户", "at_least", "300万户以上"),
    q("空气质量优良天数300天以上", 300, "天", "at_least", "300天以上"),
    q("新增减税降费超过1万亿元", 1e12, "元", "at_least", "超过1万亿元"),
    q("我国经济总量超过90万亿元", 9e13, "元", "at_least", "超过90万亿元"),
    q("优良天数比率超过80%", 80, "%", "at_least", "超过80%"),
    q("首个年吞吐量超过5000万标准箱的港口", 50_000_000, "标准箱", "at_least", "超过5000万标准箱"),
    q("出境旅游超过1.2亿人次", 1.2e8, "人次", "at_least", "超过1.2亿人次"),
    q("高速铁路超过1.9万公里", 19_000, "公里", "at_least", "超过1.9万公里"),
    q("户区住房改造超过2100万套", 21_000_000, "套", "at_least", "超过2100万套"),
    q("年底企业数量超过5200万户", 52_000_000, "户", "at_least", "超过5200万户"),
    q("当年高校毕业生超过1000万人", 10_000_000, "人", "at_least", "超过1000万人"),
    q("高新技术企业超6.1万家", 61_000, "家", "at_least", "超6.1万家"),
    q("就业见习岗位超6万个", 60_000, "个", "at_least", "超6万个"),
    q("汽车保有量突破3亿辆", 3e8, "辆", "at_least", "突破3亿辆"),
    q("发明专利拥有量突破100万件", 1_000_000, "件", "at_least", "突破100万件"),
    q("新能源汽车产量突破25万辆", 250_000, "辆", "at_least", "突破25万辆"),
    q("财政收入突破20万亿元", 2e13, "元", "at_least", "突破20万亿元"),
    q("全年接待游客逾1000万人次", 10_000_000, "人次", "at_least", "逾1000万人次"),
    q("新增就业人数不低于900万人", 9_000_000, "人", "at_least", "不低于900万人"),
    q("民间投资占比不低于40%", 40, "%", "at_least", "不低于40%"),
    q("四年达到或略高于10%", 10, "%", "at_least", "高于10%"),
    q("野生鸟类达到110余种", 110, "种", "at_least", "110余种"),
    q("领域制度机制60余项", 60, "项", "at_least", "60余项"),
    q("1.7万余项政务服务事项", 17_000, "项", "at_least", "1.7万余项"),
    q("重要文物标本1200余件", 1200, "件", "at_least", "1200余件"),
    q("抗震宜居农房等3.5万余户", 35_000, "户", "at_least", "3.5万余户"),
    q("工业总产值迈上4万亿元新台阶", 4e12, "元", "at_least", "迈上4万亿元"),
    q("地区生产总值迈上3万亿元台阶", 3e12, "元", "at_least", "迈上3万亿元"),
    q("粮食综合生产能力迈上1000亿斤新台阶", 1e11, "斤", "at_least", "迈上1000亿斤"),
    q("粮食产量首次跃上1.4万亿斤新台阶", 1.4e12, "斤", "at_least", "跃上1.4万亿斤"),
    q("增加值跨上3万亿元台阶", 3e12, "元", "at_least", "跨上3万亿元"),
    q("人均预期寿命超过80岁", 80, "岁", "at_least", "超过80岁"),
    q("开办时间缩短三分之一以上", 100 / 3, "%", "at_least", "三分之一以上"),
    q("产量将增长百分之四十以上", 40, "%", "at_least", "百分之四十以上"),
    q("将至少为国家节约二十亿元", 2e9, "元", "at_least", "二十亿元"),
    q("每月至少主持召开2次企业纾困集中办公会", 2, "次", "at_least", "2次"),
    q("每个县至少建设1家公立型或普惠性托育机构", 1, "家", "at_least", "1家"),
    q("今年全社会固定资产投资预定增长10％或者更多一些", 10, "%", "at_least", "10％或者更多一些"),
    q("对口帮扶至少1所薄弱医院", 1, "所", "at_least", "至少1所"),
]


@pytest.mark.parametrize("case", AT_LEAST)
def test_lower_bounds_mean_at_least(case: Reading) -> None:
    check(case)


# ---------------------------------------------------------------------------------------------
# Upper bounds: 以内, 以下, 不超过, 不高于, 低于, 少于, 控制在…以内 -> at_most.

AT_MOST = [
    q("城镇调查失业率5.5%以内", 5.5, "%", "at_most", "5.5%以内"),
    q("城镇调查失业率5%以内", 5, "%", "at_most", "5%以内"),
    q("城镇登记失业率控制在4.5%以内", 4.5, "%", "at_most", "4.5%以内"),
    q("登记失业率控制在4.6%以内", 4.6, "%", "at_most", "4.6%以内"),
    q("赤字率一直控制在3%以内", 3, "%", "at_most", "3%以内"),
    q("草畜平衡指数降至10%以下", 10, "%", "at_most", "10%以下"),
    q("调查失业率在5.3%以下", 5.3, "%", "at_most", "5.3%以下"),
    q("城镇登记失业率低于4.6%", 4.6, "%", "at_most", "低于4.6%"),
    q("赤字率不超过3%", 3, "%", "at_most", "不超过3%"),
    q("PM2.5平均浓度不超过35微克每立方米", 35, "微克/立方米", "at_most", "不超过35微克每立方米"),
    q("审批时间压缩到不超过120个工作日", 120, "个", "at_most", "不超过120个"),
    q("新增政府债务不超过5000亿元", 5e11, "元", "at_most", "不超过5000亿元"),
    q("居民消费价格涨幅不高于3.5%", 3.5, "%", "at_most", "不高于3.5%"),
    q("每个项目用地少于50亩", 50, "亩", "at_most", "少于50亩"),
    q("能耗增量控制在800万吨标准煤以内", 8_000_000, "吨标准煤", "at_most", "800万吨标准煤以内"),
    q("节约能源1600万吨标煤", 16_000_000, "吨标准煤", "exact", "1600万吨标煤"),
    q("城镇登记失业率4.5%以内", 4.5, "%", "at_most", "4.5%以内"),
    q("政府性债务规模控制在2000亿元以下", 2e11, "元", "at_most", "2000亿元以下"),
    q("力争控制在百分之十五左右", 15, "%", "about", "百分之十五左右"),
    q("应纳税所得额不到100万元的部分", 1_000_000, "元", "at_most", "不到100万元"),
    q("国内生产总值从不到70万亿元增加到", 7e13, "元", "at_most", "不到70万亿元"),
    q("干部的子女还不到3.5%", 3.5, "%", "at_most", "不到3.5%"),
    q("PM2.5年平均浓度不高于23微克/立方米", 23, "微克/立方米", "at_most", "不高于23微克/立方米"),
]


@pytest.mark.parametrize("case", AT_MOST)
def test_upper_bounds_mean_at_most(case: Reading) -> None:
    check(case)


# ---------------------------------------------------------------------------------------------
# Ranges: 6%-6.5%, 6.5%－7%, 6—6.5%, 4.5%—5%, 8%至10%, 25%到40% -> range with low and high.

RANGES = [
    rng("全市生产总值增长6%-6.5%", 6, 6.5, "%", "6%-6.5%"),
    rng("国内生产总值增长6.5%－7%", 6.5, 7, "%", "6.5%－7%"),
    rng("地区生产总值增长6—6.5%", 6, 6.5, "%", "6—6.5%"),
    rng("地区生产总值增长4.5%—5%", 4.5, 5, "%", "4.5%—5%"),
    rng("地区生产总值增长5%—5.5%", 5, 5.5, "%", "5%—5.5%"),
    rng("生产总值增长5.5%—6%", 5.5, 6, "%", "5.5%—6%"),
    rng("生产总值增长5.0%—5.5%", 5, 5.5, "%", "5.0%—5.5%"),
    rng("生产总值增长5%-5.5%", 5, 5.5, "%", "5%-5.5%"),
    rng("生产总值增长4.5-5%", 4.5, 5, "%", "4.5-5%"),
    rng("生产总值增长6%－6.5%", 6, 6.5, "%", "6%－6.5%"),
    rng("年均增速4.5%-5%", 4.5, 5, "%", "4.5%-5%"),
    rng("经济增长6%~6.5%", 6, 6.5, "%", "6%~6.5%"),
    rng("排放总量减少8%至10%", 8, 10, "%", "8%至10%"),
    rng("收购价提高了25%到40%", 25, 40, "%", "25%到40%"),
    rng("收购价累计提高41.7%到86.7%", 41.7, 86.7, "%", "41.7%到86.7%"),
    rng("有10—15%过着少吃少穿的生活", 10, 15, "%", "10—15%"),
    rng("占全部支出的5—6%", 5, 6, "%", "5—6%"),
    rng("每人每年补助3000至5000元", 3000, 5000, "元", "3000至5000元"),
    rng("研发投入强度达到2.5%-3%", 2.5, 3, "%", "2.5%-3%"),
    rng("应纳税所得额100万元至300万元部分", 1_000_000, 3_000_000, "元", "100万元至300万元"),
    rng("节约标准煤700万到800万吨", 7_000_000, 8_000_000, "吨", "700万到800万吨"),
    rng("宏观调控目标，定为百分之八至九。", 8, 9, "%", "百分之八至九"),
    rng("连续若干年保持百分之八至百分之九的增长率", 8, 9, "%", "百分之八至百分之九"),
    rng("人均纯收入平均每年实际增长百分之四至百分之五。", 4, 5, "%", "百分之四至百分之五"),
    rng("每年还应该力求降低百分之二到百分之三，", 2, 3, "%", "百分之二到百分之三"),
    rng("一般可以增产百分之十到二十左右，", 10, 20, "%", "百分之十到二十左右"),
    # 到 is also where a change got to: a year after it, or 由/从 before, is no range.
    q("比重将由一九五二年的百分之三十九点七到一九五七年上升为", 39.7, "%", "exact", "百分之三十九点七"),
    q("比重由百分之五到百分之八", 5, "%", "exact", "百分之五"),
]


@pytest.mark.parametrize("case", RANGES)
def test_ranges_give_low_and_high(case: Reading) -> None:
    check(case)


# ---------------------------------------------------------------------------------------------
# Multiples: 增长1.1倍, 是五年前的3倍, 近三倍 -> unit 倍.

MULTIPLES = [
    q("营收分别增长1.1倍和4.3倍", 1.1, "倍", "exact", "1.1倍"),
    q("经费五年增长1倍", 1, "倍", "exact", "1倍"),
    q("比前五年增长1.41倍", 1.41, "倍", "exact", "1.41倍"),
    q("比前五年增长1.3倍", 1.3, "倍", "exact", "1.3倍"),
    q("实现利润增长2.23倍", 2.23, "倍", "exact", "2.23倍"),
    q("进出口增长1.71倍", 1.71, "倍", "exact", "1.71倍"),
    q("是十年前的3倍", 3, "倍", "exact", "3倍"),
    q("是五年前的3.5倍", 3.5, "倍", "exact", "3.5倍"),
    q("比上年增长2倍", 2, "倍", "exact", "2倍"),
    q("比2002年增加近1倍", 1, "倍", "about", "近1倍"),
    q("出口额增长近三倍", 3, "倍", "about", "近三倍"),
    q("购买力将增长近一倍", 1, "倍", "about", "近一倍"),
    q("食盐增加了将近一倍", 1, "倍", "about", "将近一倍"),
    q("增长将近二倍", 2, "倍", "about", "将近二倍"),
    q("胶鞋增加了1.9倍", 1.9, "倍", "exact", "1.9倍"),
    q("产值增长两倍", 2, "倍", "exact", "两倍"),
]


@pytest.mark.parametrize("case", MULTIPLES)
def test_multiples_are_in_bei(case: Reading) -> None:
    check(case)


# ---------------------------------------------------------------------------------------------
# Shares: 近七成, 九成以上 -> % (70, 90); fractions and 百分之… written out are percent too.

SHARES = [
    q("投资占比近七成", 70, "%", "about", "近七成"),
    q("财政支出近八成投向民生", 80, "%", "about", "近八成"),
    q("占全国近三成", 30, "%", "about", "近三成"),
    q("销售增长近四成", 40, "%", "about", "近四成"),
    q("企业上云率近六成", 60, "%", "about", "近六成"),
    q("养老助餐点覆盖九成以上城乡社区", 90, "%", "at_least", "九成以上"),
    q("产量占全国三成以上", 30, "%", "at_least", "三成以上"),
    q("财政支出八成以上投向民生", 80, "%", "at_least", "八成以上"),
    q("夏粮减产一成以上", 10, "%", "at_least", "一成以上"),
    q("比2020年增加五成以上", 50, "%", "at_least", "五成以上"),
    q("中小企业贷款占六成", 60, "%", "exact", "六成"),
    q("用地成本降低三成左右", 30, "%", "about", "三成左右"),
    q("超七成企业实现盈利", 70, "%", "at_least", "超七成"),
    q("逾九成村庄通了公交", 90, "%", "at_least", "逾九成"),
    q("内设机构精简四分之一", 25, "%", "exact", "四分之一"),
    q("中央对地方专项转移支付项目减少三分之二", 200 / 3, "%", "exact", "三分之二"),
    q("增长百分之二十八", 28, "%", "exact", "百分之二十八"),
    q("比上年增长百分之十八点二", 18.2, "%", "exact", "百分之十八点二"),
]


@pytest.mark.parametrize("case", SHARES)
def test_shares_are_percent(case: Reading) -> None:
    check(case)


# ---------------------------------------------------------------------------------------------
# Percentage points: 提高2个百分点 -> 2 pp. The quantity is the size of the change; its direction
# (提高, 下降) is in the verb, not in the quantity.

PERCENTAGE_POINTS = [
    q("城镇化率提高2个百分点", 2, "pp", "exact", "2个百分点"),
    q("占规模工业增加值比重下降0.5个百分点", 0.5, "pp", "exact", "0.5个百分点"),
    q("较五年前下降1.5个百分点", 1.5, "pp", "exact", "1.5个百分点"),
    q("消费的贡献率上升3个百分点", 3, "pp", "exact", "3个百分点"),
    q("清洁能源消费比重提高6.3个百分点", 6.3, "pp", "exact", "6.3个百分点"),
    q("煤炭消费比重下降8.1个百分点", 8.1, "pp", "exact", "8.1个百分点"),
    q("比去年预算低0.4个百分点", 0.4, "pp", "exact", "0.4个百分点"),
    q("占国内生产总值比重提高2.7个百分点", 2.7, "pp", "exact", "2.7个百分点"),
    q("在生产总值中占比提高2.5个百分点", 2.5, "pp", "exact", "2.5个百分点"),
    q("中的比重提高4个百分点", 4, "pp", "exact", "4个百分点"),
    q("常住人口城镇化率提高1个百分点以上", 1, "pp", "at_least", "1个百分点以上"),
    q("高于全国平均水平0.5个百分点左右", 0.5, "pp", "about", "0.5个百分点左右"),
    q("城镇化率提高近3个百分点", 3, "pp", "about", "近3个百分点"),
    q("研发投入强度提高0.1百分点", 0.1, "pp", "exact", "0.1百分点"),
    q("提高两个百分点", 2, "pp", "exact", "两个百分点"),
    q("分别高4.2和0.7个百分点", 4.2, "pp", "exact", "4.2"),
    q("分别提高11.1、11.2个百分点", 11.1, "pp", "exact", "11.1"),
    q("占比分别提高20.9、36.2、54个百分点", 20.9, "pp", "exact", "20.9"),
]


@pytest.mark.parametrize("case", PERCENTAGE_POINTS)
def test_percentage_points_are_pp(case: Reading) -> None:
    check(case)


# ---------------------------------------------------------------------------------------------
# Numerals that are ordinals, ranks, names, dates, sessions or words: no quantity.

NOT_QUANTITIES = [
    none("西安地铁15号线年内建成投运", "metro-line"),
    none("长春轨道交通6号线投入运行", "metro-line-6"),
    none("完成地铁22号线建设", "metro-line-22"),
    none("成功应对海河“23·7”流域性特大洪水", "flood-name-23-7"),
    none("“7·20”特大暴雨灾害", "storm-name-7-20"),
    none("汕尾陆丰核电1、2号机组获国家核准", "reactor-units-1-2"),
    none("保证1980、1981年计划的完成", "years-1980-1981"),
    none("申办第三届中非农业合作论坛", "ordinal-third-session"),
    none("办好第三届全国职业技能大赛", "ordinal-third-contest"),
    none("第十五个五年规划", "ordinal-15th-plan"),
    none("进入工业4.0阶段", "version-4.0"),
    none("“十四五”时期", "plan-14th"),
    none("编制“十五五”规划", "plan-15th"),
    none("“十三五”规划圆满收官", "plan-13th"),
    none("实施“十五”计划", "plan-tenth"),
    none("编制实施“九五”普法规划", "plan-ninth"),
    none("“十一五”期间", "plan-11th"),
    none("2024年", "year"),
    none("到2035年基本实现社会主义现代化", "year-2035"),
    none("——二〇二六年一月二十七日", "date-chinese"),
    none("3月5日", "date"),
    none("2024-2026年行动计划", "year-span"),
    none("1-11月", "month-span"),
    none("1—2月份", "month-span-dash"),
    none("西安入选国家第一批制造业新型技术改造城市试点", "first-batch"),
    none("深化“四个一批”项目管理", "four-batches"),
    none("支持一批重大项目", "a-batch"),
    none("建设两个示范区", "two-zones-as-words"),
    none("“三校一院”服务能力", "name-three-schools"),
    none("实行一圈一策", "name-one-circle-one-policy"),
    none("让优质文化资源惠及千家万户", "idiom-every-household"),
    none("每万人口高价值发明专利拥有量", "per-ten-thousand"),
    none("每10万人口高等教育平均在校生数", "per-100k-arabic"),
    none("规上工业增加值增速连续居全国前10位", "rank-top-10"),
    none("国产C919大型客机投入商业运营", "aircraft-c919"),
    none("建成5G基站", "5g"),
    none("PM2.5平均浓度下降", "pm25"),
    none("松江长三角G60科创走廊", "g60-corridor"),
    none("贯彻市委七届十次会议精神", "session-seventh-tenth"),
    none("坚持一成不变", "idiom-yicheng-bubian"),
    none("党的二十届四中全会", "central-committee-plenum"),
    none("十四届全国人大二次会议", "npc-session"),
    none("按照省第十三次党代会部署", "party-congress-ordinal"),
    none("庆祝建党一百周年", "centenary"),
    none("实现“两个一百年”奋斗目标", "two-centenaries"),
    none("两座百万千瓦级水电站全容量并网", "class-million-kw"),
    none("打造万亿级产业集群", "class-trillion"),
    none("建强12345热线", "hotline-12345"),
    none("获评国家5A级旅游景区", "rating-5a"),
    none("“1+5+N”公共服务体系", "formula-1-5-n"),
    none("“3+1+2”选科模式", "formula-3-1-2"),
    none("二十国集团峰会", "g20-chinese"),
    none("中央一号文件", "document-number-one"),
    none("百花齐放、百家争鸣", "idiom-hundred-flowers"),
    none("千方百计稳就业", "idiom-qianfang-baiji"),
    none("万众一心", "idiom-wanzhong-yixin"),
    none("成千上万的群众", "idiom-thousands"),
    none("关乎老百姓切身利益", "word-laobaixing"),
    none("这十分重要", "word-shifen"),
    none("近五年来", "recent-five-years"),
    none("最近二十多年来", "recent-twenty-years"),
    none("五年来", "five-years-past"),
    none("3岁以下婴幼儿照护服务", "age-group-under-3"),
    none("60岁以上老年人", "age-group-over-60"),
    none("“一带一路”", "belt-and-road"),
    none("打好三大攻坚战", "three-battles"),
    none("15分钟便民生活圈", "name-15-minute-circle"),
    none("全国十大旅游城市", "top-ten"),
    none("十届六中全会", "plenum-10-6"),
    none("市十二次党代会", "party-congress-no-di"),
    none("贯彻省委十一届十次、十一次全会部署要求", "plenums-enumerated"),
    none("省委十四届六次、七次、八次全会", "plenums-three-enumerated"),
    none("落实省委十四届九次全委会的安排", "plenary-committee-session"),
    none("重点做好十一个方面工作", "aspects-of-work"),
    none("新建商品房销售面积连续13个月正增长", "months-in-a-row"),
    none("从5方面提出了28个主要指标", "plan-indicators"),
    none("居民收入增长与经济增长同步等16个预期性指标", "plan-indicators-expected"),
    none("细化提出25项主要指标", "plan-indicators-items"),
    none("推动30万千瓦级煤电机组改造", "class-300mw"),
    none("洋山港20万吨级泊位", "class-200kt-berth"),
    none("出台安商惠企“二十条”", "quoted-policy-name"),
]


@pytest.mark.parametrize("case", NOT_QUANTITIES)
def test_ordinals_names_and_dates_are_not_quantities(case: Reading) -> None:
    check(case)


# ---------------------------------------------------------------------------------------------

ALL_TABLES = (MEASURE_WORDS, MAGNITUDES, CHINESE_NUMERALS, FULL_WIDTH, THOUSANDS, PRICE_INDICES, ABOUT, AT_LEAST, AT_MOST, RANGES,
              MULTIPLES, SHARES, PERCENTAGE_POINTS, NOT_QUANTITIES)


def test_the_table_has_a_few_hundred_phrases() -> None:
    phrases = [p.values[0].phrase for table in ALL_TABLES for p in table]
    assert len(phrases) >= 300
    assert len(set(phrases)) == len(phrases), "a phrase is listed twice"


def test_every_expected_text_is_in_its_phrase() -> None:
    """A typo in an expectation must not look like a parser bug."""
    for table in ALL_TABLES:
        for p in table:
            r: Reading = p.values[0]
            assert r.text is None or r.text in r.phrase, r.phrase
            assert r.comparator in ("about", "at_least", "at_most", "range", "exact"), r.phrase
            if r.comparator == "range":
                assert r.low is not None and r.high is not None and r.low <= r.high, r.phrase
