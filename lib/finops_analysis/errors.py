"""One exception hierarchy: every error a user can act on derives from FinopsError.

The CLI prints a FinopsError as a message (file, column, what to do) and exits non-zero;
anything else is a bug and keeps its traceback.
"""
from __future__ import annotations

from pathlib import Path


class FinopsError(Exception):
    """A problem with the user's input or configuration, described so they can fix it."""

    exit_code = 1

    def __init__(self, message: str, *, file: str | Path | None = None,
                 column: str | None = None, hint: str | None = None) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.column = column
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        where = []
        if self.file:
            where.append(f"file {self.file}")
        if self.column:
            where.append(f"column {self.column}")
        text = f"{self.message}" + (f" ({', '.join(where)})" if where else "")
        if self.hint:
            text += f"\n  what to do: {self.hint}"
        return text


class ConfigError(FinopsError):
    """finops.yaml (or a parameter) is missing, malformed or out of range."""


class InputError(FinopsError):
    """An input file or folder is missing, unreadable or has the wrong shape."""


class ValidationFailed(FinopsError):
    """Validation found critical failures; the report says which."""

    def __init__(self, message: str, report=None, **kwargs) -> None:
        self.report = report
        super().__init__(message, **kwargs)
