"""The fixed words of comparison and history views, in Chinese and in English.

Templates hold layout; the words live here, one key per phrase, so a view reads the same in
either language and a foreign desk never gets a page half in Chinese. Report sentences and
task names are quoted as the report wrote them in both languages: they are the evidence, and a
translation of ours would put words in a government's mouth.

Each entry is a `str.format` pattern. Chinese punctuation does not take the spaces English
punctuation does, so the separators (`colon`, `comma`, `list`, `open`/`close`) are words too.
"""
from __future__ import annotations

import re

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "html_lang": "zh-CN",
        "colon": "：", "comma": "，", "semi": "；", "list": "、", "open": "（", "close": "）", "end": "。", "sp": "",
        "title": "{region}：{year}年政府工作报告与{prev}年对比",
        "page_title": "{region} {year}年政府工作报告与{prev}年对比",
        "page_lead": "上年目标是否完成、今年目标如何调整；每个结论附报告原文。",
        "main_targets": "{prev}年主要目标：",
        "tvo_title": "{prev}年目标完成情况",
        "tvt_title": "{year}年目标与{prev}年目标相比",
        "tvt_short": "{year}年目标与上年相比",
        "tvl_title": "{year}年目标与{prev}年实际相比",
        "target_of": "{y}年目标", "actual_of": "{y}年实际", "report_of": "{y}年报告",
        "verdict": "结果", "margin": "差距", "change": "变化", "by": "幅度", "versus": "比较", "difference": "差值",
        "indicator": "指标", "task": "任务", "year": "年份",
        "target": "目标", "actual": "实际", "target_move": "目标变化",
        "line_tvo": "{name}：目标{older}，实际{newer}，{verdict}",
        "paren": "（{x}）",
        "source": "原文：", "quotes": "原文",
        "said": "{who}「{text}」",
        "unreported": "{year}年报告未给出实际（{n}项）：",
        "unreported_item": "{name}（目标{fig}）",
        "unchanged": "持平（{n}项）：",
        "settings": "{prev}年政策安排（是计划，不判完成与否；{year}年的安排见下）：",
        "settings_short": "{prev}年政策安排（是计划，不判完成与否）：",
        "setting_item": "{name} {fig}", "setting_reported": "（{year}年报告：{fig}）", "setting_tag": "（政策安排）",
        "both_reports": "两年报告都列出的任务",
        "tasks_target_vs_outcome": "{prev}年目标 → 实际", "tasks_target_vs_target": "{prev}年目标 → {year}年目标",
        "similar": "（措辞相近，{score}）",
        "similar_long": "（按措辞相近匹配，相似度 {score}）",
        "similar_html": "按措辞相近匹配（相似度 {score}）",
        "similar_short": "按措辞相近匹配（{score}）",
        "more_tasks": "……另有 {n} 项，见 --all",
        "more_tasks_html": "……另有 {n} 项",
        "not_listed": "未列出：上年任务中 {unreported} 项今年未报告实绩、{not_repeated} 项今年未再提及（未再提及不等于取消）；今年新增任务 {new} 项。",
        "not_listed_short": "未列出：上年任务中 {unreported} 项今年未报告实绩、{not_repeated} 项今年未再提及（不等于取消）；今年新增任务 {new} 项。",
        "full_page": "完整对比：{url}",
        "full_cli": "完整对比：targetwatch compare {region} {year} --all（或 --format json）",
        "full_link": "完整对比",
        "footer_short": "差距以“好于目标”为正；“左右”目标的容差：{tol}。",
        "footer_rule": "差距以“好于目标”为正（增长类：实际−目标；失业率、物价等上限类：目标−实际）。",
        "footer_rule_html": "差距以“好于目标”为正：增长类为实际−目标，失业率、物价等上限类为目标−实际。",
        "tolerance_is": "“左右”目标的容差：{tol}。",
        "other_outcomes": "{year}年报告所列{prev}年其他实绩（上年无对应目标）",
        "multi_year": "多年数字（不与单年目标比较）",
        "none": "（无）",
        "all_rows": "全部对比",
        "all_rows_fold": "全部 {n} 行对比（含全部任务和报告原文）",
        "met_n": "完成 {n} 项", "met_within": "（其中“左右”容差内 {n} 项）", "missed_n": "未完成 {n} 项",
        "not_comparable_n": "不可比 {n} 项", "unreported_n": "未报告实际 {n} 项", "nothing_judged": "无可判定的目标",
        "history_title": "{region}：历年目标与实际（{first}-{last}年报告）",
        "history_title_n": "{region}：历年目标与实际（{first}-{last}年报告，共{n}份）",
        "history_page_title": "{region}政府工作报告目标与实际 {first}-{last}",
        "history_lead": "共 {n} 份报告、{m} 项指标。",
        "history_footer": "某年的目标出自当年报告，实际出自次年报告。“左右”目标的容差：{tol}。",
        "task_mark": "（任务）",
        "few_points": "只出现一两次的指标（{n}项，不画图）",
        "chart_label": "{name}：目标与实际",
        "chart_key": "▬ 目标　● 实际（绿：完成，琥珀：容差内完成，红：未完成）",
        "chart_tip": "{y}年 目标 {target}，实际 {outcome}",
    },
    "en": {
        "html_lang": "en",
        "colon": ": ", "comma": ", ", "semi": "; ", "list": ", ", "open": " (", "close": ")", "end": ".", "sp": " ",
        "title": "{region}: the {year} government work report compared with {prev}'s",
        "page_title": "{region}: {year} government work report compared with {prev}",
        "page_lead": "Were last year's targets met, and how did this year's move? Every verdict quotes the reports.",
        "main_targets": "{prev} main targets: ",
        "tvo_title": "{prev} targets: met or missed",
        "tvt_title": "{year} targets against {prev} targets",
        "tvt_short": "{year} targets against last year's",
        "tvl_title": "{year} targets against {prev} outcomes",
        "target_of": "{y} target", "actual_of": "{y} actual", "report_of": "{y} report",
        "verdict": "Verdict", "margin": "Margin", "change": "Change", "by": "By", "versus": "Compared", "difference": "Difference",
        "indicator": "Indicator", "task": "Task", "year": "Year",
        "target": "Target", "actual": "Actual", "target_move": "Target move",
        "line_tvo": "{name}: target {older}, actual {newer}, {verdict}",
        "paren": " ({x})",
        "source": "Source: ", "quotes": "Source",
        "said": "{who} 「{text}」",
        "unreported": "No outcome in the {year} report ({n}): ",
        "unreported_item": "{name} (target {fig})",
        "unchanged": "Unchanged ({n}): ",
        "settings": "{prev} policy settings (plans, not judged met or missed; {year}'s are below): ",
        "settings_short": "{prev} policy settings (plans, not judged met or missed): ",
        "setting_item": "{name} {fig}", "setting_reported": " ({year} report: {fig})", "setting_tag": " (policy setting)",
        "both_reports": "Tasks listed in both reports",
        "tasks_target_vs_outcome": "{prev} target → outcome", "tasks_target_vs_target": "{prev} target → {year} target",
        "similar": " (similar wording, {score})",
        "similar_long": " (matched by similar wording, similarity {score})",
        "similar_html": "matched by similar wording (similarity {score})",
        "similar_short": "matched by similar wording ({score})",
        "more_tasks": "… {n} more, see --all",
        "more_tasks_html": "… {n} more",
        "not_listed": "Not listed: of last year's tasks, {unreported} have no outcome in this year's report and {not_repeated} are not mentioned again (not mentioned is not cancelled); {new} tasks are new this year.",
        "not_listed_short": "Not listed: of last year's tasks, {unreported} have no outcome this year and {not_repeated} are not mentioned again (not cancelled); {new} new tasks this year.",
        "full_page": "Full comparison: {url}",
        "full_cli": "Full comparison: targetwatch compare {region} {year} --all (or --format json)",
        "full_link": "Full comparison",
        "footer_short": "Margins are positive when better than the target; tolerance for 'about' (左右) targets: {tol}.",
        "footer_rule": "Margins are positive when better than the target (growth: actual − target; ceilings such as unemployment and prices: target − actual).",
        "footer_rule_html": "Margins are positive when better than the target: actual − target for growth, target − actual for ceilings such as unemployment and prices.",
        "tolerance_is": "Tolerance for 'about' (左右) targets: {tol}.",
        "other_outcomes": "Other {prev} outcomes in the {year} report (no target for them last year)",
        "multi_year": "Multi-year figures (not compared with one-year targets)",
        "none": "(none)",
        "all_rows": "Every row",
        "all_rows_fold": "All {n} rows (every task, with the reports' sentences)",
        "met_n": "{n} met", "met_within": " ({n} of them within the 'about' tolerance)", "missed_n": "{n} missed",
        "not_comparable_n": "{n} not comparable", "unreported_n": "{n} without a reported outcome",
        "nothing_judged": "no target could be judged",
        "history_title": "{region}: targets and outcomes over the years ({first}–{last} reports)",
        "history_title_n": "{region}: targets and outcomes over the years ({first}–{last} reports, {n} in all)",
        "history_page_title": "{region}: government work report targets and outcomes {first}–{last}",
        "history_lead": "{n} reports, {m} indicators.",
        "history_footer": "A year's target is from that year's report, its outcome from the next year's. Tolerance for 'about' (左右) targets: {tol}.",
        "task_mark": " (task)",
        "few_points": "Indicators that appear once or twice ({n}, not charted)",
        "chart_label": "{name}: targets and outcomes",
        "chart_key": "▬ target  ● outcome (green: met, amber: met within tolerance, red: missed)",
        "chart_tip": "{y}: target {target}, actual {outcome}",
    },
}


def _with_page_and_mail_words() -> None:
    """The web pages' and the digests' words (page_words.py, mail_words.py) join the views'."""
    from targetwatch.templates.mail_words import MAIL_WORDS
    from targetwatch.templates.page_words import PAGE_WORDS

    for more in (PAGE_WORDS, MAIL_WORDS):
        for lang, table in more.items():
            clash = WORDS[lang].keys() & table.keys()
            assert not clash, f"words reuse keys of others: {sorted(clash)}"
            WORDS[lang].update(table)


_with_page_and_mail_words()


def words(lang: str, key: str, **values: object) -> str:
    """The phrase `key` in `lang`, filled in; a missing key is a KeyError, never a silent blank."""
    return WORDS[lang][key].format(**values)


def counted(lang: str, key: str, n: int, **values: object) -> str:
    """The phrase `key` for a count `n`: its `key_one` form when n is 1 and `lang` has one
    (English: 1 region, 2 regions; Chinese needs none), `n` filled in with the other values."""
    table = WORDS[lang]
    return table[f"{key}_one" if n == 1 and f"{key}_one" in table else key].format(n=n, **values)


# The notes diffing.compare writes (Chinese, as in the JSON contract), in English: fixed
# notes by their words, the ones carrying figures by pattern. A note with no entry is shown
# as written rather than dropped: it is the rule the verdict was reached by.
_NOTES_EN: dict[str, str] = {
    "未设定目标": "no target set",
    "下一年的报告未给出这项数字": "the next year's report gives no figure for this",
    "实际情况没有数字": "the outcome has no figure",
    "在“左右”的容差之内": "within the tolerance of an 'about' (左右) target",
    "目标为定性表述": "the target is worded, not a figure",
    "目标为“与经济增长同步”，但报告未给出同年经济增长实绩":
        "the target is 'in step with economic growth', but the report gives no growth outcome for that year",
    "目标为“高于经济增长”，但报告未给出同年经济增长实绩":
        "the target is 'above economic growth', but the report gives no growth outcome for that year",
    "规则：“正增长”按实际增速高于0判定": "rule: 'positive growth' is met when actual growth is above 0",
    "今年未设定目标": "no target set this year",
    "上年未设定目标": "no target set last year",
    "数字目标改为定性表述": "a figure target became a worded one",
    "定性表述改为数字目标": "a worded target became a figure",
    "报告未给出上年的这项数字": "the report gives no figure for last year",
    "一方没有数字": "one side has no figure",
    "今年未再提及": "not mentioned again this year",
    "今年的报告未再提及（不等于取消）": "not mentioned again in this year's report (which is not the same as cancelled)",
}
_NOTE_PATTERNS_EN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^规则：“与经济增长同步”按实际增速不低于同年地区生产总值增速（(.+?)）超过(.+?)个百分点判定$"),
     r"rule: 'in step with economic growth' is met when actual growth is no more than \2 pp below GDP growth that year (\1)"),
    (re.compile(r"^规则：“与经济增长同步”比较(?:居民收入|实际)增速（(.+?)）与同年地区生产总值增速（(.+?)），"
                r"(?:居民收入|实际)增速不低于经济增速、或低得不超过(.+?)个百分点为完成$"),
     r"rule: 'in step with economic growth' compares growth of \1 with GDP growth that year (\2): met when it is "
     r"not below GDP growth, or below it by no more than \3 pp"),
    (re.compile(r"^规则：“高于经济增长”比较(?:居民收入|实际)增速（(.+?)）与同年地区生产总值增速（(.+?)），"
                r"(?:居民收入|实际)增速不低于经济增速为完成$"),
     r"rule: 'above economic growth' compares growth of \1 with GDP growth that year (\2): met when it is "
     r"not below GDP growth"),
    (re.compile(r"^规则：“基本持平”按0左右判定，低于0超过(.+?)个百分点为未完成$"),
     r"rule: 'about level' is judged as about 0; more than \1 pp below 0 is missed"),
    (re.compile(r"^由“(.+?)”改为“(.+?)”$"), r"reworded from “\1” to “\2”"),
    (re.compile(r"^政策安排，不论多少为好；与安排一致$"), "a policy setting, neither more nor less is better; as set"),
    (re.compile(r"^政策安排，不论多少为好；实际比安排(.+)$"),
     r"a policy setting, neither more nor less is better; actual \1 against the setting"),
    (re.compile(r"^单位不同（(.+?)与(.+?)），无法比较$"), r"different units (\1 and \2), cannot be compared"),
)


def note(text: str | None, lang: str) -> str:
    """A verdict's note in the reader's language (the rule in words, or why there is no verdict)."""
    if not text or lang == "zh":
        return text or ""
    if text in _NOTES_EN:
        return _NOTES_EN[text]
    for pattern, english in _NOTE_PATTERNS_EN:
        if pattern.match(text):
            return pattern.sub(english, text).replace("个百分点", " pp")
    return text
