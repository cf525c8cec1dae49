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
