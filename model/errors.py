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
    """A report file or value that cannot be taken as it is; nothing was written.

    The message is built from two parts: ``problem`` (what is wrong, naming the field)
    and ``outcome`` (what did not happen: 文件未导入, 报告未保存 …), so a caller that
    refuses for another reason changes the outcome, never the finished sentence.
    """

    code = "input.refused"
    IMPORT_OUTCOME = "文件未导入"

    def __init__(self, problem: str, code: str | None = None, *, outcome: str | None = IMPORT_OUTCOME) -> None:
        self.problem = problem
        self.outcome = outcome
        super().__init__(f"{problem}，{outcome}" if outcome else problem, code)

    def with_outcome(self, outcome: str | None) -> InputRefused:
        """The same refusal with another consequence (None: the problem alone)."""
        return InputRefused(self.problem, self.code, outcome=outcome)
