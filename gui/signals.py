"""Emit Qt signals from Python without losing a reference to ``True``.

PySide6 6.12.0 (seen with CPython 3.11) drops one reference to ``True`` on every
``SignalInstance.emit`` called from Python: after a few hundred emits (a few hundred
keystrokes in the window) the interpreter aborts with "Fatal Python error: bool_dealloc".
Signals emitted by Qt itself are not affected. Every emit in gui/ therefore goes through
:func:`emit`, which measures the loss once and gives the references back. On versions
without the bug the measured loss is 0 and nothing is added; on CPython ≥ 3.12 ``True``
is immortal and the counts do not move either.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None
_loss: int | None = None


class _Probe(QObject):
    fired = Signal()


def emit_loss() -> int:
    """References to True that one Python-side emit drops on this PySide6 (0 when none)."""
    global _loss
    if _loss is None:
        probe = _Probe()
        rounds = 16
        before = sys.getrefcount(True)
        for _ in range(rounds):
            probe.fired.emit()
        lost = before - sys.getrefcount(True)
        _loss = max(0, round(lost / rounds))
        for _ in range(max(0, lost)):
            _incref(True)
    return _loss


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, giving back what the emit took from ``True``."""
    signal.emit(*args)
    for _ in range(emit_loss()):
        _incref(True)
