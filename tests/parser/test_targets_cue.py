"""The targets cue is found from its 标 (structure._TARGETS_CUE): it must find just what the
plain alternation of the four words finds, in any paragraph span."""
from __future__ import annotations

import random
import re

from targetwatch.diffing.structure import _TARGETS_CUE

_PLAIN = re.compile(r"预期目标|主要目标是|发展目标是|主要指标")


def test_the_cue_from_its_common_character_finds_what_the_four_words_do() -> None:
    rng = random.Random(15)
    alphabet = "预期目标主要是发展指，。 年"
    for _ in range(50000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        # A paragraph starts at the text's start or after a blank (what makes the look back safe).
        start = rng.choice([0] + [i + 1 for i, ch in enumerate(text) if ch == " "])
        end = rng.randint(start, len(text))
        assert bool(_TARGETS_CUE.search(text, start, end)) == bool(_PLAIN.search(text, start, end)), (text, start, end)


def _holds(places: list[int], start: int, end: int) -> bool:
    return any(start <= p < end for p in places)


def test_the_cue_places_of_a_text_say_what_a_search_of_each_paragraph_does() -> None:
    """structure.cue_places, read per paragraph, against _TARGETS_CUE searched in each paragraph:
    on report lines (flattened too) and on made texts with blanks and breaks between the words."""
    from targetwatch.diffing.structure import cue_places, split_paragraphs

    lines = ["今年发展的主要预期目标是：", "国内生产总值增长5%左右；主要目标是稳就业。", "“十四五”规划的主要指标",
             "发展目标是", "标准化建设", "预期 目标", "主要目标", "经济社会发展主要目标是：", "目标是"]
    texts = ["\n".join(lines), "\n\n　　".join(lines), " ".join(lines), "　".join(lines[:3])]
    rng = random.Random(15)
    alphabet = "预期目标主要是发展指，。年 \n\u3000"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(20000)]
    for text in texts:
        places = cue_places(text)
        assert places[-1] == len(text)
        for start, end in split_paragraphs(text):
            assert _holds(places, start, end) == bool(_TARGETS_CUE.search(text, start, end)), (text, start, end)
