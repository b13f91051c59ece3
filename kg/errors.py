"""Errors a user can cause. The CLI turns them into one line and exit code 2."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: a missing, empty, undecodable, truncated or encrypted file, a bad option.

    The message must name the file (when there is one) and the problem, on one line.
    """

    exit_code = 2

    def __init__(self, message: str, path: str | None = None):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class SkipReport(InputError):
    """A readable file that is not a report the pipeline handles (typed skip)."""

    def __init__(self, message: str, path: str | None = None, reason: str = "not-a-report"):
        self.reason = reason
        super().__init__(message, path)
