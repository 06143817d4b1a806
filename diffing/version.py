"""The parser's version, in a module of its own so that reading it costs nothing.

The archive compares it with the version each stored fact sheet was parsed under (which
documents `archive reparse` must read again); importing it from diffing.parse would load the
whole parser, some 30 ms, for every archive command that never parses.
"""
from __future__ import annotations

EXTRACTOR_VERSION = "1.8.3"
"""Bump when the facts produced for the same text change, so the archive knows to re-parse."""
