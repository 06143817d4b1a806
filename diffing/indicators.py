"""How catalog indicators are named in reports, and which words may stand between name and figure.

Only the contract's catalog ids are used: levels such as 居民人均可支配收入8.5万元 or
进出口总额9万亿元 stay tasks (task:…), which is how the evaluation and other tools expect them.

A figure belongs to a catalog indicator only when its subject names it and nothing but
connecting words (增长, 控制在, 平均为, 拟按…) stands between: that is what tells
"国内生产总值增长5.2%" (GDP growth) from "占国内生产总值的比重达到17%" (a share of GDP).
Each family maps the unit of the figure to the indicator: 地区生产总值 with % is growth,
with 元 the total.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from targetwatch.diffing.lazyre import lazy
from targetwatch.diffing.wordre import word_pattern


@dataclass(frozen=True, slots=True)
class Family:
    key: str
    names: tuple[str, ...]
    by_unit: dict[str, str]
    not_after: tuple[str, ...] = ()  # the name does not count right after these words
    growth: bool = False  # a rate of change: 下降 makes it negative
    reduction: bool = False  # a rate of decrease: 下降/降低 is the positive direction


FAMILIES: tuple[Family, ...] = (
    Family("energy", ("单位国内生产总值能耗", "单位地区生产总值能耗", "单位生产总值能耗", "万元国内生产总值能耗",
                      "万元地区生产总值能耗", "万元生产总值能耗", "能耗强度", "单位GDP能耗", "万元生产总值综合能耗",
                      "万元地区生产总值综合能耗", "单位生产总值综合能耗", "单位地区生产总值综合能耗",
                      # the long form: 能源消耗强度下降3.7%, 单位国内生产总值能源消耗降低20%左右
                      "能源消耗强度", "单位国内生产总值能源消耗", "单位地区生产总值能源消耗", "单位生产总值能源消耗"),
           {"%": "energy_intensity_reduction"}, reduction=True),
    # 国民生产总值 (GNP) was the headline measure until the early 1990s: 今年国民生产总值计划增长百分之八
    Family("gdp", ("国内生产总值", "国民生产总值", "地区生产总值", "全市生产总值", "全省生产总值", "全区生产总值", "生产总值",
                   "经济总量", "经济规模", "GDP", "经济增长速度", "经济年均增长", "经济增长", "经济增速"),
           {"%": "gdp_growth", "元": "gdp_total"}, not_after=("人均", "单位", "万元", "占", "每", "比"), growth=True),
    Family("cpi", ("居民消费价格涨幅", "居民消费价格总水平涨幅", "居民消费价格总水平上涨幅度", "居民消费价格上涨幅度", "居民消费价格总水平", "居民消费价格", "消费价格涨幅",
                   "物价涨幅", "物价总水平", "CPI",
                   # the 1990s measured prices by the retail index: 商品零售价格涨幅控制在3%以内,
                   # 零售物价上涨幅度控制在百分之六以内 (not 物价上涨 alone: 扣除物价上涨因素 is a deflator)
                   "商品零售价格涨幅", "商品零售价格", "商品零售物价上涨幅度", "零售物价上涨幅度", "商品零售物价",
                   "零售物价", "物价上涨幅度"),
           {"%": "cpi"}, growth=True),
    Family("surveyed", ("城镇调查失业率", "调查失业率"), {"%": "surveyed_unemployment"}),
    Family("registered", ("城镇登记失业率", "登记失业率"), {"%": "registered_unemployment"}),
    Family("jobs", ("城镇新增就业人数", "城镇新增就业", "新增城镇就业", "城镇累计新增就业", "累计城镇新增就业",
                    "城镇累计新增就业人数",
                    # the whole region's new jobs without 城镇 (天津: 新增就业32.7万人); not a part's
                    # (农村劳动力转移新增就业: its words before the name are not neutral)
                    "新增就业"), {"人": "new_urban_jobs"}),
    Family("budget", ("地方一般公共预算收入", "地方级一般公共预算收入", "一般公共预算收入", "一般公共财政预算收入",
                      "公共财政预算收入", "地方公共财政预算收入",
                      "地方公共财政收入", "公共财政收入", "地方财政收入", "财政收入",
                      "国家财政收入"),  # the old national reports' (国家财政收入达13380亿元)
           {"%": "budget_revenue_growth", "元": "budget_revenue_total"}, not_after=("中央", "省级", "市级", "本级"),
           growth=True),
    Family("income", ("全体居民人均可支配收入", "居民人均可支配收入", "人均可支配收入", "居民收入"),
           {"%": "income_growth"},
           not_after=("城镇", "农村", "农民", "城市", "职工", "脱贫", "农牧民"), growth=True),
    # 粮食播种面积 is never a figure of the catalog (亩 maps to nothing) but names the topic of
    # the next clause: 粮食播种面积1.1亿亩、产量825亿斤以上.
    Family("grain", ("粮食总产量", "粮食产量", "粮食总产", "粮食年产量", "粮食播种面积"),
           {"斤": "grain_output", "吨": "grain_output", "公斤": "grain_output"}),
    Family("deficit", ("财政赤字率", "赤字率", "财政赤字占国内生产总值的比重", "财政赤字占国内生产总值比重"),
           {"%": "deficit_ratio"}),
    Family("bonds", ("地方政府专项债券", "地方专项债券", "专项债券", "专项债资金", "专项债"), {"元": "special_bonds"},
           not_after=("中央",)),
    # 全年投资增长5%左右 (guangdong 2026): investment alone, with its growth, is the fixed-asset
    # investment; named with the verb, since 投资 alone opens 投资率, 投资完成率 and amounts invested
    Family("fai", ("全社会固定资产投资", "固定资产投资", "投资增长", "投资增速"),
           {"%": "fixed_asset_investment_growth"}, growth=True),
    Family("retail", ("社会消费品零售总额", "社会商品零售总额", "社会消费品零售额"), {"%": "retail_sales_growth"}, growth=True),
    Family("trade", ("外贸进出口总额", "外贸进出口总值", "货物和服务进出口", "货物进出口总额", "货物贸易进出口", "进出口贸易总额", "商品进出口总额",
                     "进出口总额", "进出口总值",
                     "外贸进出口", "货物进出口", "进出口",
                     # goods trade is imports plus exports (货物贸易增长20%，服务贸易增长23.9%); named with
                     # its growth, since 货物贸易 alone also opens 货物贸易出口达3.9万亿元、增长9.5% (exports)
                     "货物贸易增长", "货物贸易年均增长", "货物贸易增速"),
           {"%": "trade_growth"}, not_after=("服务", "技术", "服务贸易"), growth=True),
)

_BY_NAME: dict[str, Family] = {}
for _f in FAMILIES:
    for _n in _f.names:
        _BY_NAME.setdefault(_n, _f)

NAME_RE = lazy(word_pattern(_BY_NAME))


def family_of(name: str) -> Family:
    return _BY_NAME[name]


_NOT_AFTER_LONGEST = max(len(w) for f in FAMILIES for w in f.not_after)


def excluded_after(view: str, start: int, fam: Family) -> bool:
    """Whether a word of fam.not_after ends where the name starts (人均|国内生产总值): one endswith
    with the words as a tuple, not a generator of startswith. Near the start of the view the
    generator stays, for what it does there: a start before 0 counts from the view's end."""
    if start >= _NOT_AFTER_LONGEST:
        return view.endswith(fam.not_after, 0, start)
    return any(view.startswith(w, start - len(w)) for w in fam.not_after)


# Words that may connect a catalog name to its figure. Anything else between them means the
# figure is about something else (a share, a contribution, a sub-item).
CONNECTORS: tuple[str, ...] = (
    "按可比价格计算", "按可比口径", "可比口径", "实际工作中", "同口径", "指数", "比上年", "较上年", "比去年", "同比", "全年", "年末", "年底", "年均",
    "年平均", "平均值为", "平均值", "均值为", "均值", "平均为", "平均", "微降", "微涨", "跨过", "迈过", "实际", "名义", "分别", "预计", "总体", "保持在", "稳定在", "控制在", "保持", "稳定",
    "持续", "继续", "力争", "努力", "争取", "达到了", "达到", "达", "为", "在", "是", "控制", "增至", "增加到",
    "增长到", "提高到", "提升到", "降到", "降至", "下降到", "回落到", "降低到", "降低", "下降", "减少", "回落",
    "增长了", "增长", "增加了", "增加", "增速", "增幅", "上涨", "涨幅", "降幅", "突破", "超过", "迈上", "跃上", "站上",
    "跨上", "拟按", "按", "拟安排", "安排", "拟", "完成", "实现", "总额", "总值", "总量", "规模", "水平", "首次",
    "也", "均", "都", "仍", "将", "要", "再", "新增", "人数", "人口", "人员", "了", "可达", "有望", "一般", "约", "近", "超",
    "逾", "目标", "预期目标", "预期", "目标为", "增长率", "年增长", "率", "全市", "全省", "全区", "全国", "攀升至", "升至", "上升到", "上升", "五年", "十年", "三年", "两年",
    "五年来", "十年来", "五年间", "累计", "资金", "额度", "跃升至", "跃升到", "产量", "总产量", "历史性", "成功", "进入",
    # how a figure was set, which older reports put between name and figure (扣除价格因素 and 在…的基础上
    # are gaps.ASIDE_PHRASE's): 固定资产投资预定增长10%, 经济增长速度的调控目标定为8%
    "预定", "的调控目标", "的宏观调控目标", "调控目标", "定为", "设定为", "计划",  # 国民生产总值计划增长百分之八
    "总产",  # 粮食生产再获丰收，总产达到557亿斤 (the subject from the clause before: extract._clause_topic)
    "稳步", "今年",  # 一般公共预算收入增加近1000亿元，稳步达到3000亿元以上; 固定资产投资今年要增长10%左右
    "年度",  # 粮食播种面积稳定在6200万亩以上、年度产量首次突破2000万吨 (yunnan 2026)
    # the year a change got to (从2009年的2.8%降到去年的1.5%左右: gaps.FROM_PHRASE takes the start out),
    # how long a level held (粮食产量连年稳定在1.3万亿斤以上)
    "去年的", "去年", "连年",
    # the span a figure after the subject's other figures covers (全市生产总值…，比上年增长6.9%，过去五年年均增长7.5%)
    "过去五年", "近两年", "近三年", "近五年",
)
_CONNECTOR_SET = frozenset(CONNECTORS)
_CONNECTOR_MAX = max(len(c) for c in CONNECTORS)

# Words that may stand before a catalog name in its clause: the whole region, a time, an opening.
# Anything else (庆阳经济总量, 海洋生产总值, 东莞长安…) makes the figure a part's, not the region's.
_REGION_WORDS = ("全国", "我国", "全省", "全市", "全区", "全自治区", "全州", "全县", "我省", "我市", "我区", "本市",
                 "本省", "全体", "全社会", "城乡", "初步统计", "初步核算", "据初步核算", "据统计", "预计", "全年",
                 "年末", "年底", "当年", "今年", "去年", "同时", "其中", "主要预期目标是", "预期目标是", "目标是",
                 "要", "力争", "确保", "实现", "推动", "保持", "努力", "争取", "的", "和", "与", "及", "并", "使",
                 "全年全省", "全年全市", "经济运行", "初步测算", "建议", "今年全省", "今年全市", "发展",
                 "包括", "提出", "中央", "年均", "自审自发", "时期", "期间",
                 "拟安排", "安排", "拟发行", "发行", "新发行", "新增", "拟", "市", "省", "全疆", "全盟", "全旗", "完成",
                 "实现了", "完成了", "全面", "正常年景下",
                 # a plan (今年计划国内生产总值增长9%), a turn (但赤字率稳定在2.1%), the whole of a
                 # name that holds 全社会 (全社会消费品零售总额: 全|社会消费品零售总额)
                 "计划", "但", "全",
                 # each year of a span (每年城镇新增就业60万人以上: its average, _avg), steadily
                 "每年",
                 "用好", "争取并用好",  # 争取并用好新增专项债券5085亿元
                 "累计", "把",  # 累计新增城镇就业5870万人 (a total: _multi); 把居民消费价格涨幅控制在3.5%左右
                 # a span said before the name, which _span_of reads (五年全国新增城镇就业5100万人,
                 # 平均每年城镇新增就业1000多万人, 今后五年国内生产总值年均增长7.5%)
                 "五年", "今后五年", "未来五年", "平均每年", "十年")
NEUTRAL_SET = frozenset(_REGION_WORDS)
_NEUTRAL_MAX = max(len(w) for w in _REGION_WORDS)
_SPACE = lazy(r"[\s\u3000]+")

DECLINE = ("下降", "减少", "回落", "降低", "微降", "降幅")
RISE = ("增长", "增加", "上涨", "提高", "提升", "上升", "微涨")
LEVEL_MOVES = ("下降到", "降到", "降至", "回落到", "降低到", "增至", "提高到", "提升到", "上升到", "升至", "攀升至",
               "增加到", "增长到", "跃升至", "跃升到")


def _word_break(s: str, vocab: frozenset[str], longest: int, limit: int) -> bool:
    """True if `s` is a sequence of words from `vocab` (dynamic programming: linear, no backtracking)."""
    if len(s) > 2 * limit:
        return False  # even with every blank taken out it would be too long
    if " " in s or "\u3000" in s or "\t" in s or "\n" in s:
        s = _SPACE.sub("", s)
    n = len(s)
    if n > limit:
        return False
    ok = [True] + [False] * n
    for i in range(1, n + 1):
        for k in range(1, min(longest, i) + 1):
            if ok[i - k] and s[i - k:i] in vocab:
                ok[i] = True
                break
    return ok[n]


@lru_cache(maxsize=4096)
def is_connector(gap: str) -> bool:
    """True if `gap` is made only of connecting words (or is empty)."""
    return _word_break(gap, _CONNECTOR_SET, _CONNECTOR_MAX, 16)


_DRIVES = "带动"
"""A verb whose object is the region's own figure when the name follows it at once: 投资分别增长9.4%、9.1%，
带动固定资产投资增长5.1%. With words between (带动陕西进出口415.4亿元) it names what was driven, a part."""


@lru_cache(maxsize=4096)
def is_neutral_prefix(prefix: str, region_names: frozenset[str] = frozenset()) -> bool:
    """True if what stands before a catalog name in its clause is the region, a time or an opening."""
    if prefix.endswith(_DRIVES):
        prefix = prefix[:-len(_DRIVES)]
    vocab = NEUTRAL_SET | region_names if region_names else NEUTRAL_SET
    return _word_break(prefix, vocab, max(_NEUTRAL_MAX, 12), 24)


# Figures stated without a number: how a report says a target is qualitative or not set. Each
# pattern starts with a fixed word, so that searching a long sentence stays a fast scan.
QUALITATIVE: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    # 经济发展 as well as 经济增长 (居民收入增长和经济发展同步), 人均收入 (城乡居民人均收入实际增长与经济增长
    # 同步), and 稳步增长 said of all residents; not of a part of them (农村居民收入稳步增长)
    ("income_growth", "qualitative",
     lazy(r"居民(?<!农村居民)(?<!城镇居民)(?<!城市居民)(?:家庭)?(?:人均可支配|人均|可支配)?收入(?:实际)?"
                r"(?:(?:增长|增速|增幅)?(?:和|与|同)(?:经济|国内生产总值|地区生产总值)(?:增长|发展)?(?:基本|保持|总体)*"
                r"(?:同步|协调)"
                r"|(?:增速|增长|增幅)(?:继续|力争)?(?:高于|快于)经济(?:增速|增长速度|增长|增幅)|稳步增长|稳定增长)")),
    ("fixed_asset_investment_growth", "qualitative",
     # or held to the national pace: 固定资产投资增速保持在全国平均水平以上
     lazy(r"固定资产投资(?:增速)?(?:(?:实现|保持)(?:稳定|合理)?(?:正增长|合理增长|稳定增长)"
                r"|(?:保持在|力争|高于)+全国平均水平(?:以上)?"
                # or its quality in place of a figure: 固定资产投资提质提效 (guangdong 2025), 提质增效 (tianjin 2026)
                r"|提质(?:提效|增效))")),
    # revenue kept in step with the economy: 地方财政收入与经济保持同步增长, 保持与国内生产总值同步增长,
    # 增幅略高于经济增长 (not the central or a lower level's: 中央财政收入, 本级财政收入)
    ("budget_revenue_growth", "qualitative",
     lazy(r"(?:财政(?<!中央财政)(?<!本级财政)(?<!级财政)|预算(?<!本级预算)(?<!级预算))收入(?:增幅|增速)?"
                r"(?:(?:保持)?(?:与|同)(?:国民经济|经济|国内生产总值|地区生产总值)(?:增长)?(?:保持)?(?:基本)?同步(?:增长)?"
                r"|(?:略)?高于经济增长)")),
    ("grain_output", "qualitative",
     lazy(r"粮食(?:总)?产量(?:保持稳定|基本稳定|只增不减|稳中有增|稳定增长)")),
    # the quota the state hands down: 完成国家下达的粮食生产目标任务, 完成国家下达粮食播种面积和产量目标任务,
    # 完成国家下达的粮食生产、单位生产总值二氧化碳减排目标任务
    ("grain_output", "qualitative",
     lazy(r"完成国家下达(?:的)?粮食(?:生产|产量|播种面积和(?:总)?产量)(?:、[^。；，、]{1,16}?)?目标任务")),
    ("trade_growth", "qualitative",
     lazy(r"进出口(?:总额)?(?:力争|争取|努力)?(?:保持|实现)?(?:稳量提质|稳中提质|促稳提质|保稳提质|量稳质升|回稳向好|稳中有进|稳中向好|稳定增长|保持稳定"
                r"|正增长)")),
    # 与上年基本持平 of a rate is a figure, 0 (FACTS.md): `about` with value 0, not qualitative
    ("cpi", "about",
     lazy(r"(?:居民消费价格|物价)(?:总水平)?(?:指数|涨幅)?(?:与上年)?(?:基本)?持平")),
    ("fixed_asset_investment_growth", "about",
     lazy(r"(?:全社会)?固定资产投资(?:总额|增速)?(?:与上年|同比)(?:基本)?持平")),
    ("budget_revenue_growth", "about",
     lazy(r"(?:地方)?(?:一般公共预算|公共财政预算|财政)收入(?:与上年|同比)(?:基本)?持平")),
    ("cpi", "qualitative",
     # 合理回升 (a rise wanted after deflation), 与全国一致 (a province following the national target),
     # and the 1990s' 物价上涨幅度比去年的实际涨幅低一些
     lazy(r"(?:居民消费价格|物价)(?:总水平|水平)?(?:指数|涨幅)?(?:(?:总体|基本|保持|继续|运行)*(?:平稳|稳定|合理水平)"
                r"|(?:合理|温和)回升|与全国(?:基本)?一致|与国家(?:价格)?调控目标保持衔接"
                r"|上涨幅度比(?:去年|上年)(?:的实际涨幅)?(?:低|有(?:明显|所)回落))")),
    ("gdp_growth", "none",
     lazy(r"(?:没有|未|不)(?:提出|设定|设置|设)(?:全年)?(?:经济增速|经济增长|增长)?(?:的)?具体(?:增长)?目标")),
    ("energy_intensity_reduction", "none",
     lazy(r"(?:(?:单位|万元)(?:国内|地区)?生产总值(?:综合)?能耗|能耗强度)(?:目标)?[^。；，]{0,24}?"
                r"(?:继续下降|进一步下降|继续降低|进一步降低|统筹考核|持续下降|"
                r"完成国家下达|下降完成国家|保持下降|完成[“\"]?十[一二三四五六七八九]五[”\"]?(?:国家)?考核目标)")),
    # the plan's quota named after the verb: 确保完成国家下达的“十四五”能耗强度下降目标,
    # 全面完成“十四五”期间能耗强度下降和主要污染物总量减排目标
    ("energy_intensity_reduction", "none",
     lazy(r"完成(?:国家下达的?)?[“\"]?十[一二三四五六七八九]五[”\"]?(?:期间|时期)?"
                r"(?:能耗强度|单位(?:国内|地区)?生产总值能耗)(?:下降|降低)")),
)
