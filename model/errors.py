"""Errors the clerk can cause, for every layer: a plain Chinese sentence and a stable code.

Bugs are not wrapped in these: they propagate. main.py prints ``message (code)`` and
exits non-zero; the window shows the message where the clerk is looking. The store's own
errors (storage.errors) derive from :class:`ZepingError` too (Anki's ``errors.py``: one
module holds the types every layer raises).
"""

from __future__ import annotations


class ZepingError(Exception):
    """A known, user-caused problem: ``message`` is one Chinese sentence."""

    code = "error"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"{self.message}（{self.code}）"


class InputRefused(ZepingError):
    """A report file or value that cannot be taken as it is; nothing was written."""

    code = "input.refused"
