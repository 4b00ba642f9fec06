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

    def __reduce__(self):
        # Errors cross process boundaries (parallel notebooks): rebuild from the attributes,
        # not from the rendered message the base class would pass to __init__.
        return (_rebuild, (type(self), self.__dict__.copy(), self.args))

    def with_hint(self, hint: str) -> "FinopsError":
        """The same error with a new `what to do` line."""
        self.hint = hint
        self.args = (self.render(),)
        return self

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


def _rebuild(cls, state: dict, args: tuple) -> FinopsError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error
