"""Domain errors. The CLI turns every one of them into `Error: …` and exit status 1, in one place."""

from __future__ import annotations


class KGError(Exception):
    """Base of every error a user can cause and fix."""


class InputError(KGError):
    """A notes file or folder that cannot be read as a reading log."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")


class DataError(KGError):
    """An export, vocabulary or query file that is missing or malformed."""


class QueryError(KGError):
    """A SPARQL query that cannot be run."""


class ServerError(KGError):
    """A SPARQL endpoint or triple store that is down or refuses."""


class ValidationFailed(KGError):
    """SHACL validation found violations; the message is the readable report."""
