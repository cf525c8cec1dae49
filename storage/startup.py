"""Garbage collection while a process of the program starts.

A start makes many objects that live to the end (modules, classes, the fonts' tables, the
window's widgets) and little cyclic garbage; with Python's own thresholds the collector
runs every 700 new objects and scans them again and again — 5-10 % of a command, 40 ms of
the window's start. While starting, far fewer collections, as mypy does; a command keeps
them to its end (it is short), the window goes back to Python's own once the report shows.
"""

from __future__ import annotations

import gc

_PYTHONS = gc.get_threshold()  # main.py imports this before anything changes them


def fewer_collections() -> None:
    """Collect far less often (a start, or a whole command)."""
    gc.set_threshold(200_000, 30, 30)


def usual_collections() -> None:
    """Python's own thresholds again (the window, once it shows the report)."""
    gc.set_threshold(*_PYTHONS)
