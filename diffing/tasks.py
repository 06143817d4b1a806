"""Quantified commitments and results that are not catalog indicators: their label and stable id.

`建设筹集保障性租赁住房7万套` in one year and `…8.2万套` in the next must get the same id so
that the years can be diffed, so the id is the subject phrase with the figure, filler words
and punctuation taken out. Enumerations that drop the subject (老旧小区综合整治新开工300个、
完工200个) borrow it from the item before.
"""
from __future__ import annotations

import re

# Words that open a clause without naming anything: dropped from the front of labels.
_FOOTNOTE = re.compile(r"[\[［][0-9０-９]{1,2}[\]］]")
_LEAD = re.compile(r"^(?:(?:19|20)\d{2}年(?:底|末)?|同时|其中|此外|另外|今年|全年|明年|年内|我们|我省|我市|我区|全省|全市|全区|要|将|力争|确保|"
                   r"努力|争取|计划|预计|累计|分别|并且|以及|进一步|切实)+")
# Verbs that end an enumerated item's subject (老旧小区综合整治|新开工): the next item reuses the subject.
ITEM_VERBS = ("新开工", "开工", "完工", "竣工", "建成", "完成", "新增", "改造", "新建", "改建", "提升", "增长",
              "增加", "达到", "突破", "超过", "实施", "推进", "建设", "开通", "投用", "投运", "新改建", "整治",
              "治理", "筹集", "供应", "交付", "下降", "降低", "减少")
_VERBS_LONGEST_FIRST = sorted(ITEM_VERBS, key=len, reverse=True)
_BARE_ITEMS = frozenset(ITEM_VERBS) | frozenset("新" + v for v in ITEM_VERBS)
_TRAIL = re.compile(r"(?:达到|达|为|是|增至|增加到|增长到|提高到|提升到|降至|降到|下降到|超过|突破|约|近|超|逾|"
                    r"的|了|以上|以内|左右|分别|其中|共|合计|累计|总计|约为|在|至)+$")
_NOT_WORD = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")
# What a cut leaves at the edges of a subject: a joining word before the next item (非洲航线及,
# 研究院等), a rate that waits for its figure (标准从每人每月), a particle from the clause before
# (的省科技攻坚项目). None of it names the thing counted (diffing.headline's label rules).
_EDGE_TAIL = re.compile(r"(?:分别)?从(?:每人)?(?:每月|每年)?$|(?:[和及与等]|以及)+$")
_EDGE_HEAD = re.compile(r"^(?:[的和及与并]|以及)+")
_ID_MAX = 24
_BOUNDARY = re.compile(r"[的和与及并对把将为以等使让向在]")


def clean_label(pre: str, post: str) -> str:
    """The words around a figure that say what it counts, without the figure itself."""
    if "[" in pre or "［" in pre:
        pre = _FOOTNOTE.sub("", pre)  # 四大主导产业［2］: a note's number, not part of the name
    pre = _TRAIL.sub("", _LEAD.sub("", _NOT_WORD.sub("", pre)))
    if len(pre) > _ID_MAX:
        # Keep the words nearest the figure, cut where a word ends (after 的, 和, 对…), never
        # inside one (单位地区生产总值… must not become 位地区生产总值…).
        pre = pre[-_ID_MAX:]
        cut = _BOUNDARY.search(pre, 0, _ID_MAX // 2)
        if cut:
            pre = pre[cut.end():]
    trimmed = _EDGE_HEAD.sub("", _EDGE_TAIL.sub("", pre))
    if len(trimmed) >= 2:
        pre = trimmed
    if len(pre) <= 4:
        # 妥善安置34.4万名受灾群众, 近七成受灾乡村民宿已正常运营: the thing counted follows the figure.
        label = pre + _NOT_WORD.sub("", post)[:14]
    else:
        label = pre
    return label


_RELATIVE = re.compile(r"^(?:比上年|比去年|较上年|较去年|比上年末|比年初|同比|环比|年均|平均|分别|比|较)+")
_RELATIVE_ONLY = frozenset(("高于全国", "低于全国", "占全国", "居全国", "快于全国", "高于全省", "占全省", "高于全市"))


def needs_subject(label: str) -> bool:
    """An item such as 完工, 增长, 比上年增加 or 高于全国 names no thing of its own."""
    core = _RELATIVE.sub("", label)
    if len(core) <= 2:
        return True
    return core in _BARE_ITEMS or label in _RELATIVE_ONLY or core in _RELATIVE_ONLY


def subject_of(label: str) -> str:
    """老旧小区综合整治新开工 -> 老旧小区综合整治: what the next enumerated item will be about."""
    if not label.endswith(ITEM_VERBS):
        return label
    for verb in _VERBS_LONGEST_FIRST:
        if label.endswith(verb) and len(label) > len(verb) + 1:
            return label[: -len(verb)]
    return label


def task_id(label: str) -> str:
    """`label` comes from clean_label, so it holds only words: the id is it, cut to a stable length."""
    core = label
    if len(core) > _ID_MAX:
        core = core[-_ID_MAX:]
    return "task:" + (core or "未命名")
