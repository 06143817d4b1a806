"""Why a text could not be parsed; each message tells the user what to pass instead."""
from __future__ import annotations


class ParseError(ValueError):
    pass


class UnknownYear(ParseError):
    pass


class UnknownRegion(ParseError):
    pass
