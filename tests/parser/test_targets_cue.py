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
