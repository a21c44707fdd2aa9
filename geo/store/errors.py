"""What can go wrong when keeping users' additions, each with a message a user can act on."""

from __future__ import annotations

from geo.errors import AtlasError


class StoreError(AtlasError):
    """Root of the store's errors, under the atlas's one root."""


class StoreUnavailableError(StoreError, ConnectionError):
    """The database cannot be reached (server down, network, file not writable). Nothing was
    written: every write is one transaction."""


class SchemaError(StoreError):
    """The database has no atlas schema yet, or an older one: `python -m geo db init`."""


class NotFoundError(StoreError, LookupError):
    """No dataset, site or correction with that name or id."""


class DatasetExistsError(StoreError):
    """A saved dataset already has that name (names are how people find them again)."""


class ConflictError(StoreError):
    """Someone else changed the record since it was read; nothing was overwritten.

    ``other`` describes their change (who, when, what) so the user can decide again.
    """

    def __init__(self, message: str, other: list[dict] | None = None):
        self.other = list(other or [])
        super().__init__(message)


class PermissionDeniedError(StoreError, PermissionError):
    """The action needs the reviewer credential (or to be the person who saved the dataset)."""


class InvalidChangeError(StoreError):
    """A proposed value is not one the data accepts (unknown status, coordinate outside …)."""
