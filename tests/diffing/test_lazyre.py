"""lazyre: patterns compiled on first use, and served from a store of compiled programs.

A served pattern must be the very pattern `re.compile` builds: `==` on compiled patterns
compares source, flags and the engine's code, so each of the parser's patterns is checked
that way after a trip through marshal (the store's file format, cli/programs.py).
"""
from __future__ import annotations

import gc
import importlib
import marshal
import pkgutil
import re
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

import targetwatch.diffing
from targetwatch.diffing import lazyre

pytestmark = pytest.mark.skipif(lazyre.PROGRAMS_TAG is None, reason="not CPython's regular expression engine")


@pytest.fixture(autouse=True)
def no_store() -> Iterator[None]:
    saved = (lazyre._load, lazyre._store, lazyre._added)
    lazyre._load, lazyre._store, lazyre._added = None, None, 0
    yield
    lazyre._load, lazyre._store, lazyre._added = saved


def parser_patterns() -> list[tuple[str, int]]:
    for info in pkgutil.iter_modules(targetwatch.diffing.__path__):
        importlib.import_module(f"targetwatch.diffing.{info.name}")
    found = {(o.pattern, int(o._flags)) for o in gc.get_objects() if isinstance(o, lazyre._Lazy)}
    assert len(found) > 80  # the parser's own, wherever they are kept (module names, tuples, dicts)
    return sorted(found)


def test_each_parser_pattern_served_from_a_store_is_the_one_re_builds() -> None:
    import _sre

    for source, flags in parser_patterns():
        compiled, program = lazyre._compile_program(source, flags)
        served = _sre.compile(source, *marshal.loads(marshal.dumps(program)))
        expected = re.compile(source, flags)
        assert compiled == expected and served == expected, source
        assert (served.groups, served.groupindex, served.flags) == (expected.groups, expected.groupindex, expected.flags)


def test_the_store_is_read_at_the_first_compile_and_gains_what_it_lacked() -> None:
    loads: list[int] = []
    store: lazyre.Store = {}
    lazyre.keep_programs(lambda: loads.append(1) or store)
    assert loads == [] and lazyre.gained_programs() is None  # nothing compiled, nothing read
    pattern = lazyre.lazy(r"(?P<n>[0-9]+)年(?:[一二三]季度)?")
    assert pattern.search("2024年三季度").group("n") == "2024"
    assert loads == [1] and list(store) == [(pattern.pattern, 0)]
    assert lazyre.gained_programs() is store


def test_a_pattern_in_the_store_is_not_compiled_again(monkeypatch: pytest.MonkeyPatch) -> None:
    source = r"(?P<n>[0-9]+)年(?:[一二三]季度)?"
    _, program = lazyre._compile_program(source, 0)
    lazyre.keep_programs(lambda: {(source, 0): program})

    def refuse(source: str, flags: int) -> None:
        raise AssertionError(f"compiled {source!r} again")

    monkeypatch.setattr(lazyre, "_compile_program", refuse)
    assert lazyre.lazy(source).fullmatch("2025年一季度").group("n") == "2025"
    assert lazyre.gained_programs() is None


@pytest.mark.parametrize("damage", [lambda p: (p[0], [255, 1, 2], *p[2:]), lambda p: p[:3], lambda p: "garbage"])
def test_a_program_the_engine_refuses_is_compiled_from_its_source(damage) -> None:
    source = "增长([0-9.]+)%"
    _, program = lazyre._compile_program(source, 0)
    store = {(source, 0): damage(program)}
    lazyre.keep_programs(lambda: store)
    assert lazyre.lazy(source).search("增长5.2%").group(1) == "5.2"
    assert store[(source, 0)] == program and lazyre.gained_programs() is store


def test_without_a_store_patterns_compile_as_re_does() -> None:
    pattern = lazyre.lazy("[一二三]", re.I)
    assert pattern.findall("一二四三") == ["一", "二", "三"] and pattern.flags == re.compile("[一二三]", re.I).flags
    assert lazyre.gained_programs() is None


def test_a_bad_pattern_fails_as_under_re_with_a_store_too() -> None:
    lazyre.keep_programs(dict)
    with pytest.raises(re.error, match="missing \\)"):
        lazyre.lazy("(年").search("年")
    assert lazyre.lazy("年").search("2024年") is not None and lazyre.gained_programs() is not None


def test_an_engine_whose_internals_differ_compiles_as_re_does(monkeypatch: pytest.MonkeyPatch) -> None:
    def changed(source: str, flags: int, state: object) -> object:
        raise AssertionError("never called: parse() takes 2 arguments")

    monkeypatch.setattr(lazyre, "_parser", SimpleNamespace(parse=changed))
    lazyre.keep_programs(dict)
    assert lazyre.lazy("([0-9]+)年").search("2024年").group(1) == "2024"
    assert lazyre.lazy("([0-9]+)月").search("3月").group(1) == "3"
    assert lazyre.gained_programs() is None and lazyre._store is None  # the store is given up, not saved
