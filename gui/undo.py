"""Undo and redo over the whole report: one command holds the report's data before and
after an edit (its interchange dict), so every field, row and section undoes the same way.
Consecutive typing in one field merges into one step. Each step remembers the place
(field, table cell, section) it changed, so undo and redo put the keyboard back there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from model.audit import Place

_SNAPSHOT_ID = 4711
_UNMERGEABLE = ("indicator.rows", "indicator.paste", "indicator.cut", "section.structure", "report.")


class SnapshotCommand(QUndoCommand):
    """Restores ``before`` on undo and ``after`` on redo (the first redo is the edit itself)."""

    def __init__(self, restore: Callable[[dict[str, Any], Place | None], None], before: dict[str, Any],
                 after: dict[str, Any], key: str, text: str, place: Place | None = None) -> None:
        super().__init__(text)
        self._restore = restore
        self.before = before
        self.after = after
        self.key = key
        self.place = place
        self._done = True

    def id(self) -> int:
        return _SNAPSHOT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SnapshotCommand) or other.key != self.key:
            return False
        if self.key.startswith(_UNMERGEABLE):
            return False
        self.after = other.after
        return True

    def undo(self) -> None:
        self._restore(self.before, self.place)

    def redo(self) -> None:
        if self._done:
            self._done = False  # pushing runs redo(): the edit is already in the report
            return
        self._restore(self.after, self.place)
