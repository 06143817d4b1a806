"""The fixed words of the digest mails, in Chinese and in English (`subscribe --lang en`).

Merged into words.WORDS like the pages' words (page_words.py), so the digest templates ask
for each phrase with `t(key)` and a digest reads wholly in its subscriber's language; the
reports' sentences and task names are quoted as written in both.
"""
from __future__ import annotations

MAIL_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "mail_lead": "自上次摘要以来新归档的政府工作报告：上年目标是否完成、今年目标如何调整，每个结论附报告原文。",
        "mail_points": "本期要点（最新的报告在前）",
        "mail_more": "另有 {n} 份较早的报告未全文列出，要点与链接见上方。",
        "mail_sent_to": "此邮件发给 {email}，因为订阅了 targetwatch 摘要。",
        "mail_unsub": "退订", "mail_or": "，或", "mail_unsub_colon": "退订：", "mail_run": "运行 ",
        "mail_reply": "（或回复主题为 “unsubscribe {token}” 的邮件）。", "mail_or_run": "或运行：", "mail_unsub_run": "或运行：",
        "mail_official": "官方原文", "mail_no_source": "原文未附网址", "mail_history": "历年数据",
        "mail_no_prev": "档案中没有{prev}年报告可比（已存{years}年）；",
        "mail_first": "这是该地区在档案中的第一份报告，暂无上年报告可比；",
        "mail_targets_below": "以下为{y}年主要目标。",
        "mail_more_tasks": "另有 {n} 项任务目标，见完整数据。",
        "mail_no_main": "（未识别出主要目标）",
        "mail_brief_targets": "{prev}年主要目标",
        "mail_brief_gdp": "{name}目标{target}，实际{actual}",
        "mail_brief_missed_item": "{name}（目标{target}，实际{actual}）",
        "mail_brief_no_prev": "档案中没有{prev}年报告可比，列出{y}年目标",
        "mail_brief_first": "档案中的第一份报告，列出{y}年目标",
        "mail_sample": "［示例］",
        "mail_subject_none": "targetwatch：没有新报告",
        "mail_subject_one": "targetwatch：{title}",
        "mail_subject_many": "targetwatch：{names}{more}{n}份新政府工作报告", "mail_more_regions": "等",
    },
    "en": {
        "mail_lead": "Government work reports archived since your last digest: were last year's targets met, and how "
                     "did this year's move? Every verdict quotes the reports.",
        "mail_points": "In this digest (newest report first)",
        "mail_more": "{n} earlier reports are not shown in full; their summaries and links are above.",
        "mail_more_one": "1 earlier report is not shown in full; its summary and links are above.",
        "mail_sent_to": "This message was sent to {email} because it subscribes to targetwatch digests.",
        "mail_unsub": "Unsubscribe", "mail_or": ", or ", "mail_unsub_colon": "To unsubscribe: ", "mail_run": "run ",
        "mail_reply": " (or reply with the subject “unsubscribe {token}”).", "mail_or_run": "or run: ",
        "mail_unsub_run": "To unsubscribe, run: ",
        "mail_official": "Official text", "mail_no_source": "no address of the official text",
        "mail_history": "Over the years",
        "mail_no_prev": "No {prev} report is archived to compare with (archived: {years}); ",
        "mail_first": "This is the region's first report in the archive, with none of the year before to compare; ",
        "mail_targets_below": "its {y} main targets follow.",
        "mail_more_tasks": "{n} more task targets are in the full data.",
        "mail_more_tasks_one": "1 more task target is in the full data.",
        "mail_no_main": "(no main targets found)",
        "mail_brief_targets": "{prev} main targets: ",
        "mail_brief_gdp": "{name} target {target}, actual {actual}",
        "mail_brief_missed_item": "{name} (target {target}, actual {actual})",
        "mail_brief_no_prev": "no {prev} report archived to compare with; its {y} targets are listed",
        "mail_brief_first": "the first report in the archive; its {y} targets are listed",
        "mail_sample": "[sample] ",
        "mail_subject_none": "targetwatch: no new reports",
        "mail_subject_one": "targetwatch: {title}",
        "mail_subject_many": "targetwatch: {n} new government work reports ({names}{more})",
        "mail_more_regions": " and more",
    },
}
