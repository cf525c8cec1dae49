"""The data file's errors: it cannot be opened or written as asked, or lacks a report.

The base class and InputRefused live in model.errors (shared by every layer).
"""

from __future__ import annotations

from model.errors import ZepingError


class StoreError(ZepingError):
    """The data file cannot be opened or written as asked."""

    code = "store.error"


class ReportNotFound(ZepingError):
    code = "store.no-such-report"


class SaveConflict(StoreError):
    """A save refused because the report changed in the file since the caller loaded it
    (another window, a restore): ``expected`` is the version the caller loaded,
    ``current`` the file's (None when the report was deleted there)."""

    code = "store.conflict"

    def __init__(self, message: str, report_id: int, expected: int, current: int | None) -> None:
        super().__init__(message, "store.conflict")
        self.report_id = report_id
        self.expected = expected
        self.current = current
